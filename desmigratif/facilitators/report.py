"""The sections of a village's monthly report: a small registry.

Each section states its figures (code → label) and computes them for one village and one month
with one grouped query or a few, whatever the size of the village. A new pillar adds its section
with the decorator::

    @register_section("learning", _("Learning house"), order=45, figures={"children": _("Children")})
    def learning_figures(period: Period) -> dict[str, Value]: ...

The values are frozen into the report when it is submitted (``MonthlyReport.figures``), as strings,
so a later change to the records or to a section does not change what was reviewed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.months import month_end

Value = int | Decimal


@dataclass(frozen=True)
class Period:
    village: str  # village code
    start: datetime.date  # first day of the month
    end: datetime.date  # last day of the month

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_at(self) -> datetime.datetime:
        """The first instant after the month (exclusive bound)."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))


@dataclass(frozen=True)
class Section:
    code: str
    title: Promise | str
    order: int
    figures: dict[str, Promise | str]
    compute: Callable[[Period], dict[str, Value]]
    # Figures in rupiah are shown as money.
    money: frozenset[str] = frozenset()


SECTIONS: dict[str, Section] = {}


def register_section(
    code: str,
    title: Promise | str,
    *,
    order: int,
    figures: dict[str, Promise | str],
    money: frozenset[str] | set[str] = frozenset(),
) -> Callable[[Callable[[Period], dict[str, Value]]], Callable[[Period], dict[str, Value]]]:
    """Add a section to every monthly report (a decorator of its compute function)."""

    def add(compute: Callable[[Period], dict[str, Value]]) -> Callable[[Period], dict[str, Value]]:
        SECTIONS[code] = Section(code, title, order, dict(figures), compute, frozenset(money))
        return compute

    return add


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.code))


def due_on(month: datetime.date) -> datetime.date:
    """The day the report of ``month`` is due: ``FACILITATOR_REPORT_DUE_DAYS`` after the month ends."""
    return month_end(month) + datetime.timedelta(days=settings.FACILITATOR_REPORT_DUE_DAYS)


def period_of(village: str, month: datetime.date) -> Period:
    return Period(village=village, start=month, end=month_end(month))


def _money(value: Any) -> Decimal:
    """A sum as an exact Decimal (SQLite hands sums of decimals back as floats)."""
    if value is None:
        return Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compute_figures(village: str, month: datetime.date) -> dict[str, dict[str, str]]:
    """Every section's figures for the village and month, as the strings that get frozen."""
    period = period_of(village, month)
    out: dict[str, dict[str, str]] = {}
    for section in sections():
        values = section.compute(period)
        out[section.code] = {code: str(values.get(code, 0)) for code in section.figures}
    return out


@dataclass
class FigureRow:
    code: str
    label: str
    value: str | Decimal  # Decimal for a rupiah figure
    money: bool


@dataclass
class SectionRows:
    code: str
    title: str
    rows: list[FigureRow]


def present(figures: dict[str, dict[str, str]]) -> list[SectionRows]:
    """Frozen or live figures with their labels, in section order. A section frozen before it was
    registered, or since removed, is shown with its codes."""
    known = {s.code: s for s in sections()}
    out = []
    for section in sections():
        if section.code in figures:
            values = figures[section.code]
            out.append(
                SectionRows(
                    section.code,
                    str(section.title),
                    [
                        FigureRow(
                            code,
                            str(section.figures.get(code, code)),
                            Decimal(values[code]) if code in section.money else values[code],
                            code in section.money,
                        )
                        for code in [*section.figures, *(c for c in values if c not in section.figures)]
                        if code in values
                    ],
                )
            )
    for code, values in figures.items():
        if code not in known:
            out.append(SectionRows(code, code, [FigureRow(k, k, v, False) for k, v in values.items()]))
    return out


# --- The sections of the pillars --------------------------------------------------------------------
# Imports are local: this module is imported by the models' neighbours, and every pillar's models
# must be loaded first.


@register_section(
    "migration",
    _("Migration services"),
    order=10,
    figures={
        "cases_opened": _("Cases opened"),
        "cases_advanced": _("Steps completed in cases"),
        "cases_departed": _("Workers departed"),
        "documents_verified": _("Documents verified"),
    },
)
def migration_figures(p: Period) -> dict[str, Value]:
    from desmigratif.migration.models import CaseDocument, CaseEvent, CaseStatus, DocumentStatus, MigrationCase

    opened = MigrationCase.objects.filter(village_id=p.village, opened_at__gte=p.start_at, opened_at__lt=p.end_at)
    steps = CaseEvent.objects.filter(
        case__village_id=p.village, kind=CaseEvent.Kind.STEP_CHANGED, at__gte=p.start_at, at__lt=p.end_at
    ).aggregate(
        advanced=Count("pk"),
        departed=Count("pk", filter=Q(to_step__case_status=CaseStatus.ABROAD)),
    )
    # A verified document counts in the month of its last change (the verification).
    verified = CaseDocument.objects.filter(
        case__village_id=p.village, status=DocumentStatus.VERIFIED, updated_at__gte=p.start_at, updated_at__lt=p.end_at
    )
    return {
        "cases_opened": opened.count(),
        "cases_advanced": steps["advanced"],
        "cases_departed": steps["departed"],
        "documents_verified": verified.count(),
    }


@register_section(
    "protection",
    _("Complaints and brokers"),
    order=20,
    figures={
        "complaints_received": _("Complaints received"),
        "complaints_resolved": _("Complaints resolved"),
        "broker_reports": _("Broker reports received"),
    },
)
def protection_figures(p: Period) -> dict[str, Value]:
    from desmigratif.brokers.models import BrokerReport
    from desmigratif.complaints.models import Complaint, ComplaintEvent

    received = Complaint.objects.filter(village_id=p.village, received_at__gte=p.start_at, received_at__lt=p.end_at)
    resolved = ComplaintEvent.objects.filter(
        complaint__village_id=p.village, kind=ComplaintEvent.Kind.RESOLVED, at__gte=p.start_at, at__lt=p.end_at
    ).aggregate(n=Count("complaint_id", distinct=True))
    brokers = BrokerReport.objects.filter(village_id=p.village, received_at__gte=p.start_at, received_at__lt=p.end_at)
    return {
        "complaints_received": received.count(),
        "complaints_resolved": resolved["n"],
        "broker_reports": brokers.count(),
    }


@register_section(
    "enterprises",
    _("Productive enterprises"),
    order=30,
    figures={
        "enterprises_registered": _("Enterprises registered"),
        "progress_reports": _("Progress reports for the month"),
        "revenue": _("Revenue reported"),
        "trainees": _("People who completed a training"),
    },
    money={"revenue"},
)
def enterprise_figures(p: Period) -> dict[str, Value]:
    from desmigratif.enterprises.models import Enterprise, Participant, ProgressReport

    registered = Enterprise.objects.filter(village_id=p.village, created_at__gte=p.start_at, created_at__lt=p.end_at)
    progress = ProgressReport.objects.filter(
        enterprise__village_id=p.village, period_start__gte=p.start, period_start__lte=p.end
    ).aggregate(n=Count("pk"), revenue=Sum("revenue"))
    trainees = Participant.objects.filter(
        person__domicile_village_id=p.village, completed_on__gte=p.start, completed_on__lte=p.end
    ).aggregate(n=Count("person_id", distinct=True))
    return {
        "enterprises_registered": registered.count(),
        "progress_reports": progress["n"],
        "revenue": _money(progress["revenue"]),
        "trainees": trainees["n"],
    }


@register_section(
    "cooperative",
    _("Cooperative"),
    order=40,
    figures={
        "members": _("Members at the end of the month"),
        "members_joined": _("Members who joined"),
        "savings_deposited": _("Savings deposited"),
        "loans_disbursed": _("Loans paid out"),
        "loans_amount": _("Amount of the loans paid out"),
    },
    money={"savings_deposited", "loans_amount"},
)
def cooperative_figures(p: Period) -> dict[str, Value]:
    from desmigratif.cooperatives.models import Loan, Member, SavingsTransaction

    members = Member.objects.filter(cooperative__village_id=p.village, joined_on__lte=p.end).aggregate(
        members=Count("pk", filter=Q(left_on__isnull=True) | Q(left_on__gt=p.end)),
        joined=Count("pk", filter=Q(joined_on__gte=p.start)),
    )
    deposits = SavingsTransaction.objects.filter(
        account__member__cooperative__village_id=p.village,
        kind=SavingsTransaction.Kind.DEPOSIT,
        date__gte=p.start,
        date__lte=p.end,
    ).aggregate(total=Sum("amount"))
    loans = Loan.objects.filter(
        cooperative__village_id=p.village, disbursed_on__gte=p.start, disbursed_on__lte=p.end
    ).aggregate(n=Count("pk"), total=Sum("principal"))
    return {
        "members": members["members"],
        "members_joined": members["joined"],
        "savings_deposited": _money(deposits["total"]),
        "loans_disbursed": loans["n"],
        "loans_amount": _money(loans["total"]),
    }


@register_section(
    "learning",
    _("Learning house"),
    order=45,
    figures={
        "children": _("Children in the learning house at the end of the month"),
        "children_registered": _("Children registered"),
        "learning_sessions": _("Learning sessions"),
        "parenting_sessions": _("Community-parenting sessions"),
        "children_present": _("Children's attendances"),
        "caregivers_present": _("Caregivers' attendances"),
    },
)
def learning_figures(p: Period) -> dict[str, Value]:
    from desmigratif.learning.models import Attendance, Child, Session, SessionKind

    children = Child.objects.filter(village_id=p.village, registered_on__lte=p.end).aggregate(
        enrolled=Count("pk", filter=Q(left_on__isnull=True) | Q(left_on__gt=p.end)),
        registered=Count("pk", filter=Q(registered_on__gte=p.start)),
    )
    sessions = Session.objects.filter(village_id=p.village, held_on__gte=p.start, held_on__lte=p.end).aggregate(
        learning=Count("pk", filter=Q(kind=SessionKind.LEARNING)),
        parenting=Count("pk", filter=Q(kind=SessionKind.PARENTING)),
    )
    present = Attendance.objects.filter(
        session__village_id=p.village, session__held_on__gte=p.start, session__held_on__lte=p.end
    ).aggregate(
        children=Count("pk", filter=Q(child__isnull=False)), caregivers=Count("pk", filter=Q(child__isnull=True))
    )
    return {
        "children": children["enrolled"],
        "children_registered": children["registered"],
        "learning_sessions": sessions["learning"],
        "parenting_sessions": sessions["parenting"],
        "children_present": present["children"],
        "caregivers_present": present["caregivers"],
    }


@register_section(
    "remittances",
    _("Remittances"),
    order=50,
    figures={"remittances": _("Remittances received"), "remittance_amount": _("Rupiah received")},
    money={"remittance_amount"},
)
def remittance_figures(p: Period) -> dict[str, Value]:
    from desmigratif.remittances.models import Remittance

    row = Remittance.objects.filter(village_id=p.village, received_on__gte=p.start, received_on__lte=p.end).aggregate(
        n=Count("pk"), total=Sum("amount_received")
    )
    return {"remittances": row["n"], "remittance_amount": _money(row["total"])}


@register_section(
    "visits",
    _("Visits and activities"),
    order=60,
    figures={
        "visits": _("Visits and activities"),
        "home_visits": _("Home visits"),
        "socialisation": _("Socialisation meetings"),
        "document_help": _("Help with documents"),
        "people_met": _("People met"),
    },
)
def visit_figures(p: Period) -> dict[str, Value]:
    from desmigratif.facilitators.models import Visit, VisitKind, VisitPerson

    visits = Visit.objects.filter(village_id=p.village, on__gte=p.start, on__lte=p.end)
    row = visits.aggregate(
        visits=Count("pk"),
        home_visits=Count("pk", filter=Q(kind=VisitKind.HOME_VISIT)),
        socialisation=Count("pk", filter=Q(kind=VisitKind.SOCIALISATION)),
        document_help=Count("pk", filter=Q(kind=VisitKind.DOCUMENT_HELP)),
    )
    met = VisitPerson.objects.filter(visit__in=visits).aggregate(n=Count("person_id", distinct=True))
    return {**row, "people_met": met["n"]}
