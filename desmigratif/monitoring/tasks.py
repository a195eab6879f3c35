"""The scheduled refresh of the rollup table (django-tasks, run by ``manage.py db_worker``).

``refresh_rollups`` recomputes the current month and, in the first days of a month, the month
before (late entries); for older months it recomputes the indicators that have not settled yet
(``compute.Spec.settles_days``: reports approved after their month, referrals taken up later).
With ``reschedule`` it enqueues itself again ``ROLLUP_REFRESH_MINUTES`` later, so one
``manage.py refresh_rollups --schedule`` starts the cycle.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from desmigratif.core.tasks import enqueue_next_run
from desmigratif.lib.months import month_end, month_start
from desmigratif.monitoring.compute import COMPUTE
from desmigratif.monitoring.services import rollup_refresh

logger = logging.getLogger(__name__)

# Late entries for last month (a remittance recorded on the 3rd for the 30th) still count there.
LATE_ENTRY_DAYS = 7


def schedule_next() -> bool:
    """Enqueue the next refresh unless one is waiting; False when the backend cannot defer."""
    run_after = timezone.now() + datetime.timedelta(minutes=settings.ROLLUP_REFRESH_MINUTES)
    return enqueue_next_run(refresh_rollups, run_after=run_after, reschedule=True)


def settling_codes(month: datetime.date, today: datetime.date) -> list[str]:
    """The indicators whose value for ``month`` may still change on ``today``."""
    return sorted(
        code
        for code, spec in COMPUTE.items()
        if spec.settles_days and month_end(month) + datetime.timedelta(days=spec.settles_days) >= today
    )


def settling(today: datetime.date) -> dict[datetime.date, list[str]]:
    """Past months (before last month) and the indicators whose values there may still change."""
    found: dict[datetime.date, list[str]] = {}
    month = month_start(month_start(today) - datetime.timedelta(days=1))  # last month
    oldest = max((spec.settles_days for spec in COMPUTE.values()), default=0)
    while True:
        month = month_start(month - datetime.timedelta(days=1))
        if month_end(month) + datetime.timedelta(days=oldest) < today:
            return found
        codes = settling_codes(month, today)
        if codes:
            found[month] = codes


@task()
def refresh_rollups(reschedule: bool = False) -> int:
    """Recompute this month's indicators (and last month's, early in a month), and, for the months
    before, the indicators that have not settled yet (``Spec.settles_days``)."""
    written = 0
    try:
        today = timezone.localdate()
        written = rollup_refresh(month=today)
        last_month = month_start(today) - datetime.timedelta(days=1)
        if today.day <= LATE_ENTRY_DAYS:
            written += rollup_refresh(month=last_month)
        else:
            written += rollup_refresh(month=last_month, indicators=settling_codes(last_month, today))
        for month, codes in settling(today).items():
            written += rollup_refresh(month=month, indicators=codes)
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
