"""Writes of the monitoring app: the rollup table, refreshed month by month from the records."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from desmigratif.monitoring.compute import COMPUTE, Window
from desmigratif.monitoring.models import Indicator, Rollup


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    first_of_next = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first_of_next - datetime.timedelta(days=1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = month_start(month + datetime.timedelta(days=32))
    return months


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
