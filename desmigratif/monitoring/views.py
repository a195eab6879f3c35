"""The monitoring pages: a region's scorecard, its sub-regions ranked, rollout by cohort, the map.

Each page reads the rollup table (and the programme-village list), never the records behind it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from desmigratif.core.exports import requested_format, table_response
from desmigratif.lib.months import months_between
from desmigratif.monitoring import selectors, services
from desmigratif.monitoring.charts import bar_chart, village_map
from desmigratif.monitoring.forms import DashboardForm, PeriodForm
from desmigratif.monitoring.models import Aggregate, Indicator, Pillar, ProgrammeReport, Unit
from desmigratif.regions.models import ProgramVillage, Region

T = TypeVar("T")
# How long a dashboard's figures stay cached at most (each refresh changes the version sooner).
CACHE_SECONDS = 15 * 60
DEFAULT_SORT = "prospective_served"
DEFAULT_CHART = "remittance_volume"
# The ranked table's further columns on wide screens (a phone shows the region and the ranking).
TABLE_COLUMNS = ("prospective_served", "complaints_received", "coop_members", "savings_balance", "par30")
# The rollout table's columns: the programme's reach per cohort.
COHORT_COLUMNS = ("prospective_served", "coop_members", "remittance_volume")


def _trail(region: Region | None) -> list[tuple[str, str]]:
    """Nation → … → the region, as (code, name) links for drilling back up."""
    if region is None:
        return []
    code = region.code
    trail = []
    for length in selectors.LEVEL_LENGTHS:
        if length < len(code):
            prefix = code[:length]
            trail.append((prefix, selectors.region_names([prefix]).get(prefix, prefix)))
    return [*trail, (code, region.name)]


@dataclass
class Request:
    """What every monitoring page starts from: the region (in scope) and a valid period."""

    code: str
    region: Region | None
    catalogue: list[Indicator]
    form: DashboardForm
    data: dict[str, Any]
    suppress: bool
    version: int

    @property
    def valid(self) -> bool:
        return self.form.is_valid()

    def context(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "region": self.region,
            "code": self.code,
            "trail": _trail(self.region),
            "suppress": self.suppress,
            "start": self.data.get("start"),
            "end": self.data.get("end"),
        }


def _request(request: HttpRequest) -> Request:
    code = request.GET.get("region", None)
    if code is None:
        code = selectors.home_region(request.user)
    region = selectors.region_for_user(request.user, code)
    catalogue = selectors.indicators()
    rankable = [(i.code, i.name) for i in catalogue if i.aggregate != Aggregate.MEDIAN]
    form = DashboardForm(request.GET, cohorts=selectors.cohorts(), choices=rankable)
    data = form.cleaned_data if form.is_valid() else {}
    suppress = selectors.suppresses(request.user, code)
    return Request(code, region, catalogue, form, data, suppress, selectors.rollup_version())


def _cached(r: Request, compute: Callable[..., T], **kwargs: Any) -> T:
    """``compute(**kwargs)``, a selector over the rollup table, computed once per rollup version and
    kept in the cache: dashboards read nothing else, and a refresh that changes anything writes new
    rows, so a new version. Every viewer of the same region and period shares the result."""
    codes = tuple(i.code for i in kwargs.get("catalogue", ()))
    parts = sorted((k, repr(v)) for k, v in kwargs.items() if k not in ("catalogue", "indicator"))
    if "indicator" in kwargs:
        parts.append(("indicator", kwargs["indicator"].code))
    digest = hashlib.sha256(repr((compute.__name__, r.version, codes, parts)).encode()).hexdigest()
    key = f"monitoring:{digest}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute(**kwargs)
        cache.set(key, value, CACHE_SECONDS)
    return value


def _cell(figure: selectors.Figure) -> Any:
    """A figure in an export: the number, "<5" when suppressed, empty when there is none."""
    if figure.suppressed:
        return "<5"
    value = figure.value
    if value is not None and figure.indicator.unit in (Unit.PEOPLE, Unit.COUNT):
        return int(value)
    return value


def _export(r: Request, fmt: str, name: str, title: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    where = r.region.name if r.region else _("Indonesia")
    period = f"{r.data['start']:%Y-%m} – {r.data['end']:%Y-%m}"
    preamble = [[title], [where, r.code], [_("Period"), period]]
    if r.suppress:
        preamble.append([_("Counts of fewer than 5 people are not shown.")])
    filename = f"{name}-{r.code or 'indonesia'}-{r.data['start']:%Y%m}-{r.data['end']:%Y%m}"
    return table_response(fmt, filename=filename, title=title, preamble=preamble, header=header, rows=rows)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    r = _request(request)
    fmt = requested_format(request)
    if r.valid and fmt:
        wanted = [i for i in r.catalogue if i.aggregate != Aggregate.MEDIAN]
        rows = _cached(
            r,
            selectors.children,
            catalogue=r.catalogue,
            prefix=r.code,
            start=r.data["start"],
            end=r.data["end"],
            cohort=r.data.get("cohort"),
            suppress=r.suppress,
            sort=r.data.get("sort") or DEFAULT_SORT,
        )
        return _export(
            r,
            fmt,
            "indikator",
            _("Programme monitoring"),
            [_("Region code"), _("Region"), *(i.name for i in wanted)],
            [[row.code, row.name, *(_cell(row.figures[i.code]) for i in wanted)] for row in rows],
        )
    context = r.context()  # the page's own parts (the trail up to the nation): not in a download
    if r.valid:
        start, end, cohort = r.data["start"], r.data["end"], r.data.get("cohort")
        by_code = {i.code: i for i in r.catalogue}
        sort = r.data.get("sort") or DEFAULT_SORT
        chart = by_code.get(r.data.get("chart") or DEFAULT_CHART, r.catalogue[0])
        figures = _cached(
            r,
            selectors.figures,
            catalogue=r.catalogue,
            prefix=r.code,
            start=start,
            end=end,
            cohort=cohort,
            suppress=r.suppress,
        )
        points = _cached(
            r,
            selectors.series,
            indicator=chart,
            prefix=r.code,
            months=months_between(start, end),
            cohort=cohort,
            suppress=r.suppress,
        )
        context.update(
            {
                "pillars": [
                    (label, [figures[i.code] for i in r.catalogue if i.pillar == value])
                    for value, label in Pillar.choices
                    if any(i.pillar == value for i in r.catalogue)
                ],
                "children": _cached(
                    r,
                    selectors.children,
                    catalogue=r.catalogue,
                    prefix=r.code,
                    start=start,
                    end=end,
                    cohort=cohort,
                    suppress=r.suppress,
                    sort=sort,
                ),
                "columns": [by_code[c] for c in TABLE_COLUMNS if c in by_code and c != sort],
                "ranked_by": by_code[sort],
                "sort": sort,
                "chart": chart,
                "chart_svg": bar_chart(points, unit=chart.unit),
            }
        )
    return render(request, "monitoring/dashboard.html", context, status=200 if r.valid else 400)


@require_GET
def cohorts(request: HttpRequest) -> HttpResponse:
    r = _request(request)
    fmt = requested_format(request)
    if r.valid and fmt:
        wanted = [i for i in r.catalogue if i.aggregate != Aggregate.MEDIAN]
        statuses = ProgramVillage.Status.choices
        cohort_rows = _cached(
            r,
            selectors.rollout,
            catalogue=r.catalogue,
            prefix=r.code,
            start=r.data["start"],
            end=r.data["end"],
            suppress=r.suppress,
        )
        return _export(
            r,
            fmt,
            "angkatan",
            _("Rollout by cohort"),
            [_("Cohort"), *(str(label) for _value, label in statuses), *(i.name for i in wanted)],
            [
                [
                    row.year,
                    *(row.villages.get(value, 0) for value, _label in statuses),
                    *(_cell(row.figures[i.code]) for i in wanted),
                ]
                for row in cohort_rows
            ],
        )
    context = r.context()
    if r.valid:
        by_code = {i.code: i for i in r.catalogue}
        context.update(
            {
                "rows": _cached(
                    r,
                    selectors.rollout,
                    catalogue=r.catalogue,
                    prefix=r.code,
                    start=r.data["start"],
                    end=r.data["end"],
                    suppress=r.suppress,
                ),
                "statuses": ProgramVillage.Status.choices,
                "columns": [by_code[c] for c in COHORT_COLUMNS if c in by_code],
            }
        )
    return render(request, "monitoring/cohorts.html", context, status=200 if r.valid else 400)


@require_GET
def village_map_page(request: HttpRequest) -> HttpResponse:
    r = _request(request)
    points, missing = selectors.map_points(r.code)
    context = r.context()
    context.update(
        {"map_svg": village_map(points, link=reverse("monitoring:dashboard")), "points": points, "missing": missing}
    )
    return render(request, "monitoring/map.html", context)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    selectors.home_region(request.user)  # the catalogue is for whoever sees the dashboard
    return render(request, "monitoring/catalogue.html", {"indicators": selectors.indicators()})


# --- The printable programme report ----------------------------------------------------------

RECENT_REPORTS = 10


@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    """Ask for a PDF report of a region and period; the user's recent reports."""
    code = request.POST.get("region", request.GET.get("region"))
    if code is None:
        code = selectors.home_region(request.user)
    region = selectors.region_for_user(request.user, code)
    form = PeriodForm(request.POST or request.GET or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_request(
                    user=request.user, code=code, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("monitoring:report", pk=report.pk)
        status = 400
    recent = selectors.recent_reports_for_user(request.user, RECENT_REPORTS)
    context = {
        "form": form,
        "code": code,
        "region": region,
        "trail": _trail(region),
        "reports": recent,
    }
    return render(request, "monitoring/reports.html", context, status=status)


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's state; htmx polls the progress part until the file is ready."""
    report = selectors.get_report_for_user(request.user, pk)
    template = "monitoring/_report_status.html" if request.headers.get("HX-Request") else "monitoring/report.html"
    return render(request, template, {"report": report})


@require_GET
def report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = selectors.get_report_for_user(request.user, pk)
    if report.status != ProgrammeReport.Status.DONE or not report.file:
        raise Http404(_("The report is not ready."))
    name = f"desmigratif-{report.region_code or 'indonesia'}-{report.start:%Y%m}-{report.end:%Y%m}.pdf"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
