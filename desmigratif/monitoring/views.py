"""The monitoring dashboard: a region's four-pillar scorecard, its sub-regions ranked, a chart."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from desmigratif.monitoring import selectors
from desmigratif.monitoring.charts import bar_chart
from desmigratif.monitoring.forms import DashboardForm
from desmigratif.monitoring.models import Aggregate, Pillar
from desmigratif.monitoring.services import months_between
from desmigratif.regions.models import Region

DEFAULT_SORT = "prospective_served"
DEFAULT_CHART = "remittance_volume"
# The ranked table's further columns on wide screens (a phone shows the region and the ranking).
TABLE_COLUMNS = ("prospective_served", "complaints_received", "coop_members", "savings_balance", "par30")


def _trail(region: Region | None) -> list[tuple[str, str]]:
    """Nation → … → the region, as (code, name) links for drilling back up: one query."""
    if region is None:
        return []
    code = region.code
    prefixes = [code[:length] for length in selectors.LEVEL_LENGTHS if length < len(code)]
    names = {}
    for prefix in prefixes:
        names.update(selectors.region_names([prefix]))
    return [*((prefix, names.get(prefix, prefix)) for prefix in prefixes), (code, region.name)]


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("region", None)
    if code is None:
        code = selectors.home_region(request.user)
    region = selectors.region_for_user(request.user, code)
    catalogue = selectors.indicators()
    rankable = [(i.code, i.name) for i in catalogue if i.aggregate != Aggregate.MEDIAN]
    form = DashboardForm(request.GET, cohorts=selectors.cohorts(), choices=rankable)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    context: dict[str, object] = {"form": form, "region": region, "code": code, "trail": _trail(region)}
    if valid:
        start, end, cohort = data["start"], data["end"], data.get("cohort")
        suppress = selectors.suppresses(request.user, code)
        by_code = {i.code: i for i in catalogue}
        sort = data.get("sort") or DEFAULT_SORT
        chart = by_code.get(data.get("chart") or DEFAULT_CHART, catalogue[0])
        figures = selectors.figures(
            catalogue=catalogue, prefix=code, start=start, end=end, cohort=cohort, suppress=suppress
        )
        points = selectors.series(
            indicator=chart, prefix=code, months=months_between(start, end), cohort=cohort, suppress=suppress
        )
        context.update(
            {
                "pillars": [
                    (label, [figures[i.code] for i in catalogue if i.pillar == value])
                    for value, label in Pillar.choices
                    if any(i.pillar == value for i in catalogue)
                ],
                "children": selectors.children(
                    catalogue=catalogue, prefix=code, start=start, end=end, cohort=cohort, suppress=suppress, sort=sort
                ),
                "columns": [
                    by_code[c]
                    for c in (
                        "prospective_served",
                        "complaints_received",
                        "coop_members",
                        "savings_balance",
                        "remittance_volume",
                        "par30",
                    )
                    if c in by_code
                ],
                "sort": sort,
                "chart": chart,
                "chart_svg": bar_chart(points, unit=chart.unit),
                "start": start,
                "end": end,
                "suppress": suppress,
                "query": request.GET.copy(),
            }
        )
    return render(request, "monitoring/dashboard.html", context, status=200 if valid else 400)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    selectors.home_region(request.user)  # the catalogue is for whoever sees the dashboard
    return render(request, "monitoring/catalogue.html", {"indicators": selectors.indicators()})
