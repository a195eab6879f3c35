"""Writes of the monitoring app: the rollup table, refreshed month by month from the records."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.languages import current_language
from desmigratif.lib.months import month_end, month_start, months_between
from desmigratif.monitoring.compute import COMPUTE, Window
from desmigratif.monitoring.models import Indicator, ProgrammeReport, Rollup

logger = logging.getLogger(__name__)


@transaction.atomic
def rollup_refresh(
    *, month: datetime.date, villages: Iterable[str] | None = None, indicators: Iterable[str] | None = None
) -> int:
    """Recompute the month's values of the catalogue's indicators for the villages (all by default)
    and replace the stored ones; returns the number of rows written.

    Each indicator costs one or two grouped queries for all the villages together. Snapshot
    indicators are left as they are once their month is over (see ``compute``).
    """
    start, end = month_start(month), month_end(month)
    scope = tuple(sorted(set(villages))) if villages is not None else None
    window = Window(start=start, end=end, villages=scope)
    current = start <= timezone.localdate() <= end
    now = timezone.now()
    written = 0
    catalogue = Indicator.objects.all()
    if indicators is not None:
        catalogue = catalogue.filter(code__in=list(indicators))
    for indicator in catalogue:
        spec = COMPUTE.get(indicator.code)
        if spec is None or (spec.snapshot and not current):
            continue
        parts = spec.compute(window)
        stale = Rollup.objects.filter(month=start, indicator=indicator)
        if scope is not None:
            stale = stale.filter(village_id__in=scope)
        stale.delete()
        Rollup.objects.bulk_create(
            Rollup(
                village_id=village,
                month=start,
                indicator=indicator,
                value=part.value,
                denominator=part.denominator,
                breakdown=part.breakdown,
                refreshed_at=now,
            )
            for village, part in sorted(parts.items())
        )
        written += len(parts)
    return written


def rollup_refresh_range(*, start: datetime.date, end: datetime.date) -> int:
    """Every month from ``start`` to ``end``, each in its own transaction."""
    return sum(rollup_refresh(month=month) for month in months_between(start, end))


# --- The printable programme report -----------------------------------------------------------

# A user may have this many reports waiting or being built at once (each one reads many rollups).
REPORTS_IN_FLIGHT = 3
# A report still running this long after it was asked for is taken for a crashed build (a worker
# killed mid-PDF never marks it failed): it stops counting against REPORTS_IN_FLIGHT, so a crash
# cannot lock its requester out of new reports for good. Builds should end well within it.
REPORT_RUNNING_STALE_AFTER = datetime.timedelta(hours=1)
TOO_MANY_REPORTS = _("You already have %(count)s reports being built. Wait until one is ready.")


@transaction.atomic
def report_request(*, user: Any, code: str, start: datetime.date, end: datetime.date) -> ProgrammeReport:
    """Queue the PDF report of a region the user may see (the nation: ""), for the period."""
    from desmigratif.accounts.models import User
    from desmigratif.monitoring import selectors, tasks

    region = selectors.region_for_user(user, code)  # 404 outside the user's scope
    # Two requests of the same user at once must not both pass the limit: the user's row is locked
    # (it serialises them even when there is no report yet to lock), then their reports in flight.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    recent = timezone.now() - REPORT_RUNNING_STALE_AFTER
    in_flight = len(
        ProgrammeReport.objects.select_for_update()
        .filter(requested_by=user)
        .filter(
            Q(status=ProgrammeReport.Status.QUEUED) | Q(status=ProgrammeReport.Status.RUNNING, requested_at__gte=recent)
        )
        .values_list("pk", flat=True)
    )
    if in_flight >= REPORTS_IN_FLIGHT:
        raise ValidationError(TOO_MANY_REPORTS % {"count": in_flight})
    report = ProgrammeReport.objects.create(
        requested_by=user,
        region_code=code,
        region_name=region.name if region is not None else "Indonesia",
        start=month_start(start),
        end=month_start(end),
        language=current_language(),
        suppress=selectors.suppresses(user, code),
    )
    transaction.on_commit(lambda: tasks.build_programme_report.enqueue(report_id=report.pk))
    return report


def report_build(report_id: int) -> ProgrammeReport:
    """Build a queued report's PDF, writing its progress as it goes (each write its own commit,
    so the page that polls sees it); a failure is recorded on the report."""
    from desmigratif.monitoring.report import programme_pdf

    # Claim the report in one statement: of two workers running the same task, one gets the row.
    claimed = ProgrammeReport.objects.filter(pk=report_id, status=ProgrammeReport.Status.QUEUED).update(
        status=ProgrammeReport.Status.RUNNING, progress=1
    )
    report = ProgrammeReport.objects.get(pk=report_id)
    if not claimed:
        return report  # a retried or duplicate task: built already or being built

    def progress(percent: int) -> None:
        ProgrammeReport.objects.filter(pk=report_id).update(progress=min(percent, 99))

    try:
        data = programme_pdf(report, progress)
        name = f"desmigratif-{report.region_code or 'indonesia'}-{report.start:%Y%m}-{report.end:%Y%m}.pdf"
        report.file.save(name, ContentFile(data), save=False)
        report.status, report.progress = ProgrammeReport.Status.DONE, 100
    except Exception:
        logger.exception("programme report %s failed", report_id)
        report.status = ProgrammeReport.Status.FAILED
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "progress", "finished_at"])
    return report
