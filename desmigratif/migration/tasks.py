"""Background tasks of migration cases, through the Django tasks API (the django-tasks backport).

``send_document_expiry_reminders`` runs once a day: ``manage.py schedule_reminders`` enqueues the
first run and each run enqueues the next one for the following morning, when the backend can
defer (the database backend, served by ``manage.py db_worker``). See docs/production.md.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import TaskContext, task

from desmigratif.migration import services

logger = logging.getLogger(__name__)

# Local time at which the daily run is due.
DAILY_AT = datetime.time(6, 0)


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next DAILY_AT in the site's time zone, strictly after ``now``."""
    local = timezone.localtime(now or timezone.now())
    due = timezone.make_aware(datetime.datetime.combine(local.date(), DAILY_AT))
    return due if due > local else due + datetime.timedelta(days=1)


def _pending_runs(exclude_id: str = "") -> bool:
    """Whether a later run of the reminder task is already waiting in the database queue."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=send_document_expiry_reminders.module_path, status="READY")
    if exclude_id:
        waiting = waiting.exclude(id=exclude_id)
    return waiting.exists()


def schedule_next(*, exclude_id: str = "", run_after: datetime.datetime | None = None) -> bool:
    """Enqueue the next daily run unless one is waiting; False when the backend cannot defer."""
    backend = send_document_expiry_reminders.get_backend()
    if not backend.supports_defer:
        return False
    if _pending_runs(exclude_id):
        return True
    send_document_expiry_reminders.using(run_after=run_after or next_run()).enqueue(reschedule=True)
    return True


@task(takes_context=True)
def send_document_expiry_reminders(context: TaskContext, reschedule: bool = False) -> int:
    """Create today's expiry reminders; with ``reschedule``, enqueue tomorrow's run."""
    created = services.expiry_reminders_create()
    logger.info("expiry reminders: %s new", created)
    if reschedule:
        schedule_next(exclude_id=str(context.task_result.id))
    return created
