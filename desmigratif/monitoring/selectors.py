"""Reads of the monitoring app: indicator figures for a region, its children and a time series.

Everything here reads the rollup table only: a fixed handful of grouped queries per page, whatever
the number of people, cases or journal lines behind them. Regions are Kemendagri codes, and a
region's villages are those whose code starts with it (docs/scoping.md), so a regency, a province
or the nation is one ``LIKE 'prefix.%'`` over the villages' rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.core.selectors import one
from desmigratif.monitoring.compute import dec, median, merge_histograms
from desmigratif.monitoring.models import Aggregate, Indicator, Kind, ProgrammeReport, Rollup
from desmigratif.regions.models import District, ProgramVillage, Province, Regency, Region, Village

NOT_FOUND = _("No such region.")
REPORT_NOT_FOUND = _("No such report.")
# Counts below this are hidden from partners so that nobody can be re-identified.
SMALL_COUNT = 5
# Code length of each level's regions: province 35, regency 35.07, district 35.07.33, village 35.07.33.2006.
LEVEL_LENGTHS = (2, 5, 8, 13)


LEVEL_MODELS: dict[int, type[Region]] = {2: Province, 5: Regency, 8: District, 13: Village}


def region_names(codes: list[str]) -> dict[str, str]:
    """Names of regions of one level: one query."""
    if not codes:
        return {}
    model = LEVEL_MODELS.get(len(codes[0]))
    if model is None:
        return {}
    return dict(model._default_manager.filter(code__in=codes).values_list("code", "name"))


def child_length(prefix: str) -> int | None:
    """Code length of the regions one level below ``prefix`` ("" is the nation)."""
    for length in LEVEL_LENGTHS:
        if len(prefix) < length:
            return length
    return None


def region_for_user(user: Any, code: str) -> Region | None:
    """The region a user may see aggregates of (None: the nation); anything else is not found."""
    scope = scope_for(user, Perm.AGGREGATES_VIEW)
    if code == "":
        if scope.is_national:
            return None
        raise Http404(NOT_FOUND)
    # A region is visible when it lies inside the scope; a partner of a province sees its regencies.
    if not scope.contains(code):
        raise Http404(NOT_FOUND)
    model = LEVEL_MODELS.get(len(code))
    region = model._default_manager.filter(code=code).first() if model is not None else None
    if region is None:
        raise Http404(NOT_FOUND)
    return region


def get_report_for_user(user: Any, pk: int) -> ProgrammeReport:
    """A report its requester may still read: theirs, and of a region still in their aggregates
    scope (a role moved to another region loses the reports of the old one); else not found."""
    report = one(ProgrammeReport.objects.filter(pk=pk, requested_by_id=user.pk))
    if report is None:
        raise Http404(REPORT_NOT_FOUND)
    region_for_user(user, report.region_code)  # 404 outside the scope
    return report


def recent_reports_for_user(user: Any, limit: int) -> QuerySet[ProgrammeReport]:
    """The user's newest reports of regions still in their aggregates scope ("" is the nation)."""
    scope = scope_for(user, Perm.AGGREGATES_VIEW)
    mine = ProgrammeReport.objects.filter(requested_by_id=user.pk)
    return scope.apply(mine, "region_code").order_by("-requested_at")[:limit]


def home_region(user: Any) -> str:
    """Where a user's dashboard opens: the nation, or their first region."""
    scope = scope_for(user, Perm.AGGREGATES_VIEW)
    if scope.is_national:
        return ""
    if scope.is_empty:
        raise Http404(NOT_FOUND)
    return sorted(scope.prefixes)[0]


def is_small(value: Decimal | int) -> bool:
    """A count that could single somebody out: shown to partners as "< 5", never as the number."""
    return 0 < value < SMALL_COUNT


def suppresses(user: Any, code: str) -> bool:
    """Small counts are hidden from whoever may not see the people behind them (partners)."""
    people = scope_for(user, Perm.PEOPLE_VIEW)
    return not (people.is_national or (code != "" and people.contains(code)))


@dataclass
class Figure:
    indicator: Indicator
    value: Decimal | None = None
    suppressed: bool = False
    breakdown: dict[str, int] = field(default_factory=dict)


def _rows(prefix: str, start: datetime.date, end: datetime.date, cohort: int | None) -> QuerySet[Rollup]:
    """Rows of the period: every month of flows, the last month of stocks."""
    qs = Rollup.objects.filter(
        Q(indicator__kind=Kind.FLOW, month__gte=start, month__lte=end) | Q(indicator__kind=Kind.STOCK, month=end)
    )
    if len(prefix) == LEVEL_LENGTHS[-1]:
        qs = qs.filter(village_id=prefix)
    elif prefix:
        qs = qs.filter(village__code__startswith=prefix + ".")
    if cohort is not None:
        qs = qs.filter(village__program__cohort_year=cohort)
    return qs


def _finish(
    indicator: Indicator, value: Decimal, denominator: Decimal, histograms: list[dict[str, int]], suppress: bool
) -> Figure:
    figure = Figure(indicator)
    if indicator.aggregate == Aggregate.SUM:
        figure.value = value
    elif indicator.aggregate == Aggregate.RATIO:
        figure.value = (value * 100 / denominator).quantize(Decimal("0.01")) if denominator else None
    elif indicator.aggregate == Aggregate.MEAN:
        figure.value = (value / denominator).quantize(Decimal("0.01")) if denominator else None
    else:
        figure.value = median(merge_histograms(histograms))
    if indicator.aggregate == Aggregate.SUM:
        merged: dict[str, int] = {}
        for histogram in histograms:
            for key, count in histogram.items():
                merged[key] = merged.get(key, 0) + count
        figure.breakdown = merged
    # A share of a handful of people singles them out whatever the percentage: a ratio is hidden
    # when its denominator is small, any other figure when the figure itself is.
    small = is_small(denominator) if indicator.aggregate == Aggregate.RATIO else is_small(figure.value or 0)
    if suppress and indicator.suppress_small and figure.value is not None and small:
        figure.value, figure.suppressed, figure.breakdown = None, True, {}
    if suppress and indicator.suppress_small:
        figure.breakdown = {k: v for k, v in figure.breakdown.items() if v >= SMALL_COUNT}
    return figure


def rollup_version() -> int:
    """Changes whenever a refresh writes rollup rows (they are replaced, never updated): the newest
    row's id, one index lookup."""
    return Rollup.objects.aggregate(last=Max("id"))["last"] or 0


def indicators() -> list[Indicator]:
    return list(Indicator.objects.order_by("order"))


def figures(
    *,
    catalogue: list[Indicator],
    prefix: str,
    start: datetime.date,
    end: datetime.date,
    cohort: int | None = None,
    suppress: bool = False,
) -> dict[str, Figure]:
    """Every indicator for the region and period: two queries."""
    rows = _rows(prefix, start, end, cohort)
    sums = {
        r["indicator_id"]: (dec(r["v"]), dec(r["d"]))
        for r in rows.values("indicator_id").annotate(v=Sum("value"), d=Sum("denominator")).order_by()
    }
    histograms: dict[str, list[dict[str, int]]] = {}
    for code, breakdown in rows.exclude(breakdown={}).values_list("indicator_id", "breakdown"):
        histograms.setdefault(code, []).append(breakdown)
    result = {}
    for indicator in catalogue:
        value, denominator = sums.get(indicator.code, (Decimal(0), Decimal(0)))
        result[indicator.code] = _finish(indicator, value, denominator, histograms.get(indicator.code, []), suppress)
    return result


@dataclass
class ChildRow:
    code: str
    name: str
    figures: dict[str, Figure]


def children(
    *,
    catalogue: list[Indicator],
    prefix: str,
    start: datetime.date,
    end: datetime.date,
    cohort: int | None = None,
    suppress: bool = False,
    sort: str | None = None,
) -> list[ChildRow]:
    """The regions one level below ``prefix`` with the sum, ratio and mean indicators: two queries
    (medians need every village's histogram and are shown on each region's own page)."""
    length = child_length(prefix)
    if length is None:
        return []
    wanted = [i for i in catalogue if i.aggregate != Aggregate.MEDIAN]
    grouped = (
        _rows(prefix, start, end, cohort)
        .filter(indicator__in=wanted)
        .annotate(child=Substr("village_id", 1, length))
        .values("child", "indicator_id")
        .annotate(v=Sum("value"), d=Sum("denominator"))
        .order_by()
    )
    sums: dict[str, dict[str, tuple[Decimal, Decimal]]] = {}
    for row in grouped:
        sums.setdefault(row["child"], {})[row["indicator_id"]] = (dec(row["v"]), dec(row["d"]))
    names = region_names(list(sums))
    rows = []
    for code, by_indicator in sums.items():
        figures_ = {
            i.code: _finish(i, *by_indicator.get(i.code, (Decimal(0), Decimal(0))), [], suppress) for i in wanted
        }
        rows.append(ChildRow(code=code, name=names.get(code, code), figures=figures_))
    if sort:
        rows.sort(key=lambda r: (r.figures[sort].value is None, -(r.figures[sort].value or 0), r.name))
    else:
        rows.sort(key=lambda r: r.name)
    return rows


def series(
    *,
    indicator: Indicator,
    prefix: str,
    months: list[datetime.date],
    cohort: int | None = None,
    suppress: bool = False,
) -> list[tuple[datetime.date, Figure]]:
    """One indicator month by month (each month on its own, stocks at its end): one query."""
    qs = Rollup.objects.filter(indicator=indicator, month__gte=months[0], month__lte=months[-1])
    if len(prefix) == LEVEL_LENGTHS[-1]:
        qs = qs.filter(village_id=prefix)
    elif prefix:
        qs = qs.filter(village__code__startswith=prefix + ".")
    if cohort is not None:
        qs = qs.filter(village__program__cohort_year=cohort)
    by_month: dict[datetime.date, list[Any]] = {}
    for month, value, denominator, breakdown in qs.values_list("month", "value", "denominator", "breakdown"):
        by_month.setdefault(month, []).append((dec(value), dec(denominator), breakdown))
    result = []
    for month in months:
        parts = by_month.get(month, [])
        value = sum((p[0] for p in parts), Decimal(0))
        denominator = sum((p[1] for p in parts), Decimal(0))
        result.append((month, _finish(indicator, value, denominator, [p[2] for p in parts if p[2]], suppress)))
    return result


def cohorts() -> list[int]:
    years = ProgramVillage.objects.exclude(cohort_year__isnull=True).values_list("cohort_year", flat=True)
    return sorted({year for year in years.order_by().distinct() if year is not None})


# --- rollout by cohort and the map ------------------------------------------------------------


def program_villages(prefix: str) -> QuerySet[ProgramVillage]:
    qs = ProgramVillage.objects.all()
    if len(prefix) == LEVEL_LENGTHS[-1]:
        return qs.filter(village_id=prefix)
    if prefix:
        return qs.filter(village__code__startswith=prefix + ".")
    return qs


@dataclass
class CohortRow:
    year: int | None
    villages: dict[str, int]  # status → programme villages
    figures: dict[str, Figure]

    @property
    def total(self) -> int:
        return sum(self.villages.values())


def rollout(
    *, catalogue: list[Indicator], prefix: str, start: datetime.date, end: datetime.date, suppress: bool
) -> list[CohortRow]:
    """Programme villages by cohort year and status, with the period's figures per cohort: two queries."""
    rows: dict[int | None, CohortRow] = {}
    counts = program_villages(prefix).values("cohort_year", "status").annotate(n=Count("pk")).order_by()
    for row in counts:
        cohort = rows.setdefault(row["cohort_year"], CohortRow(row["cohort_year"], {}, {}))
        cohort.villages[row["status"]] = row["n"]
    wanted = [i for i in catalogue if i.aggregate != Aggregate.MEDIAN]
    grouped = (
        _rows(prefix, start, end, None)
        .filter(indicator__in=wanted)
        .values("village__program__cohort_year", "indicator_id")
        .annotate(v=Sum("value"), d=Sum("denominator"))
        .order_by()
    )
    sums: dict[int | None, dict[str, tuple[Decimal, Decimal]]] = {}
    for row in grouped:
        sums.setdefault(row["village__program__cohort_year"], {})[row["indicator_id"]] = (dec(row["v"]), dec(row["d"]))
    for year, by_indicator in sums.items():
        cohort = rows.setdefault(year, CohortRow(year, {}, {}))
        cohort.figures = {
            i.code: _finish(i, *by_indicator.get(i.code, (Decimal(0), Decimal(0))), [], suppress) for i in wanted
        }
    for cohort in rows.values():
        if not cohort.figures:
            cohort.figures = {i.code: _finish(i, Decimal(0), Decimal(0), [], suppress) for i in wanted}
    return sorted(rows.values(), key=lambda r: (r.year is None, r.year or 0))


@dataclass(frozen=True)
class MapPoint:
    code: str
    name: str
    lat: Decimal
    lng: Decimal
    cohort: int | None
    status: str
    is_demo: bool


def map_points(prefix: str) -> tuple[list[MapPoint], int]:
    """Programme villages with coordinates, and how many have none: one query."""
    points, missing = [], 0
    rows = program_villages(prefix).values_list(
        "village_id", "village__name", "village__lat", "village__lng", "cohort_year", "status", "is_demo"
    )
    for code, name, lat, lng, cohort, status, is_demo in rows.order_by("village_id"):
        if lat is None or lng is None:
            missing += 1
            continue
        points.append(MapPoint(code, name, Decimal(lat), Decimal(lng), cohort, status, is_demo))
    return points, missing
