"""Background tasks of migration cases, through the Django tasks API (the django-tasks backport).

``send_document_expiry_reminders`` runs once a day: ``manage.py schedule_reminders`` enqueues the
first run and each run enqueues the next one for the following morning, when the backend can
defer (the database backend, served by ``manage.py db_worker``). See docs/production.md.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from desmigratif.core.tasks import enqueue_next_run
from desmigratif.migration import services

logger = logging.getLogger(__name__)

# Local time at which the daily run is due.
DAILY_AT = datetime.time(6, 0)


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next DAILY_AT in the site's time zone, strictly after ``now``."""
    local = timezone.localtime(now or timezone.now())
    due = timezone.make_aware(datetime.datetime.combine(local.date(), DAILY_AT))
    return due if due > local else due + datetime.timedelta(days=1)


def schedule_next(*, run_after: datetime.datetime | None = None) -> bool:
    """Enqueue the next daily run unless one is waiting; False when the backend cannot defer."""
    return enqueue_next_run(send_document_expiry_reminders, run_after=run_after or next_run(), reschedule=True)


@task()
def send_document_expiry_reminders(reschedule: bool = False) -> int:
    """Create today's expiry reminders; with ``reschedule``, enqueue tomorrow's run."""
    try:
        created = services.expiry_reminders_create()
        logger.info("expiry reminders: %s new", created)
    finally:
        # Even a failed run keeps the daily chain going.
        if reschedule:
            schedule_next()
    return created
