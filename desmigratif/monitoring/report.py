"""The printable programme report of a region (the nation, a province or a regency) for a period.

It reads what the dashboard reads, the rollup table, so its cost does not grow with the number of
people, cases or journal lines: a scorecard per pillar, the sub-regions ranked, month-by-month
series of the headline indicators, and the rollout by cohort. Built by a task (``tasks.py``) that
reports its progress as it goes, because a national report over three years reads many rollups.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from desmigratif.core.pdf import Report, heading, latin1, line, row
from desmigratif.lib.months import months_between
from desmigratif.monitoring import selectors
from desmigratif.monitoring.models import Pillar, ProgrammeReport
from desmigratif.monitoring.templatetags.figures import figure
from desmigratif.regions.models import ProgramVillage

# The month-by-month table's indicators, and the ranked table's columns (a page is 190 mm wide).
SERIES = ("prospective_served", "coop_members", "savings_balance", "remittance_volume")
RANKED = ("prospective_served", "complaints_received", "coop_members", "savings_balance", "par30")

Progress = Callable[[int], None]


def _short(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "."


def programme_pdf(report: ProgrammeReport, progress: Progress) -> bytes:
    """The report as PDF bytes; ``progress`` is told the percentage done after each part."""
    with translation.override(report.language):
        return _build(report, progress)


def _build(report: ProgrammeReport, progress: Progress) -> bytes:
    prefix, start, end, suppress = report.region_code, report.start, report.end, report.suppress
    catalogue = selectors.indicators()
    by_code = {i.code: i for i in catalogue}
    period = f"{start:%m-%Y} - {end:%m-%Y}"
    where = report.region_name

    pdf = Report(format="A4")
    pdf.title_line = f"Desmigratif - {where} - {period}"
    pdf.set_title(latin1(pdf.title_line))
    pdf.add_page()
    line(pdf, _("Desa Migran Produktif: programme report"), bold=True, size=14)
    line(pdf, f"{where} ({prefix or 'ID'})")
    line(pdf, _("Period: %(period)s") % {"period": period})
    line(pdf, _("Printed: %(printed)s") % {"printed": f"{timezone.localtime():%d-%m-%Y %H:%M}"})
    demo = settings.DEMO_MODE or selectors.program_villages(prefix).filter(is_demo=True).exists()
    if demo:
        line(pdf, _("Contains generated demo data: not programme statistics."), bold=True)
    line(pdf, _("Flows add up over the period; stocks are at the end of its last month."), size=9)
    if suppress:
        line(pdf, _("Counts of fewer than 5 people are not shown."), size=9)

    # 1. The scorecard.
    figures = selectors.figures(catalogue=catalogue, prefix=prefix, start=start, end=end, suppress=suppress)
    heading(pdf, _("1. Indicators"))
    for value, label in Pillar.choices:
        items = [i for i in catalogue if i.pillar == value]
        if not items:
            continue
        row(pdf, (190,), (str(label),), bold=True)
        for indicator in items:
            row(pdf, (140, 50), (_short(indicator.name, 70), figure(figures[indicator.code])))
    progress(25)

    # 2. The regions one level down, ranked.
    ranked = [by_code[c] for c in RANKED if c in by_code]
    children = selectors.children(
        catalogue=catalogue, prefix=prefix, start=start, end=end, suppress=suppress, sort=ranked[0].code
    )
    if children:
        heading(pdf, _("2. Regions ranked by %(indicator)s") % {"indicator": ranked[0].name})
        widths = (60, *(26 for _i in ranked))
        row(pdf, widths, (_("Region"), *(_short(i.name, 13) for i in ranked)), bold=True)
        for child in children:
            row(pdf, widths, (child.name, *(figure(child.figures[i.code]) for i in ranked)))
    progress(50)

    # 3. Month by month.
    months = months_between(start, end)
    shown = [by_code[c] for c in SERIES if c in by_code]
    columns = [dict(selectors.series(indicator=i, prefix=prefix, months=months, suppress=suppress)) for i in shown]
    heading(pdf, _("3. Month by month"))
    widths = (30, *(32 for _i in shown))
    row(pdf, widths, (_("Month"), *(_short(i.name, 16) for i in shown)), bold=True)
    for month in months:
        row(pdf, widths, (f"{month:%m-%Y}", *(figure(column[month]) for column in columns)))
    progress(80)

    # 4. Rollout by cohort.
    cohorts = selectors.rollout(catalogue=catalogue, prefix=prefix, start=start, end=end, suppress=suppress)
    heading(pdf, _("4. Rollout by cohort"))
    statuses = ProgramVillage.Status.choices
    widths = (30, *(25 for _s in statuses), 40)
    served = by_code["prospective_served"]
    row(
        pdf,
        widths,
        (_("Cohort"), *(_short(str(label), 12) for _v, label in statuses), _short(served.name, 20)),
        bold=True,
    )
    for cohort in cohorts:
        row(
            pdf,
            widths,
            (
                str(cohort.year or _("none")),
                *(str(cohort.villages.get(value, 0)) for value, _label in statuses),
                figure(cohort.figures.get(served.code)),
            ),
        )
    heading(pdf, _("What the indicators mean"))
    for indicator in catalogue:
        pdf.set_font("Helvetica", "B", 8)
        pdf.multi_cell(0, 4, latin1(indicator.name), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        pdf.multi_cell(0, 4, latin1(indicator.definition), new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    progress(100)
    return data
