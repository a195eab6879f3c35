"""The scheduled refresh of the rollup table (django-tasks, run by ``manage.py db_worker``).

``refresh_rollups`` recomputes the current month and, in the first days of a month, the month
before (late entries); with ``reschedule`` it enqueues itself again ``ROLLUP_REFRESH_MINUTES``
later, so one ``manage.py refresh_rollups --schedule`` starts the cycle.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from desmigratif.core.tasks import enqueue_next_run
from desmigratif.monitoring.services import month_start, rollup_refresh

logger = logging.getLogger(__name__)

# Late entries for last month (a remittance recorded on the 3rd for the 30th) still count there.
LATE_ENTRY_DAYS = 7


def schedule_next() -> bool:
    """Enqueue the next refresh unless one is waiting; False when the backend cannot defer."""
    run_after = timezone.now() + datetime.timedelta(minutes=settings.ROLLUP_REFRESH_MINUTES)
    return enqueue_next_run(refresh_rollups, run_after=run_after, reschedule=True)


@task()
def refresh_rollups(reschedule: bool = False) -> int:
    """Recompute this month's indicators (and last month's, early in a month)."""
    written = 0
    try:
        today = timezone.localdate()
        written = rollup_refresh(month=today)
        if today.day <= LATE_ENTRY_DAYS:
            written += rollup_refresh(month=month_start(today) - datetime.timedelta(days=1))
        logger.info("indicator rollups: %s values", written)
    finally:
        # Even a failed run keeps the cycle going.
        if reschedule:
            schedule_next()
    return written


@task()
def build_programme_report(report_id: int) -> None:
    """Build a programme report's PDF (queued by ``services.report_request``)."""
    from desmigratif.monitoring.services import report_build

    report_build(report_id)
