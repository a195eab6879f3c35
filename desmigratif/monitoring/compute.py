"""How each indicator of the catalogue is computed for a month, for every village at once.

Each function answers one indicator for the month [start, end] with one or two grouped queries
(GROUP BY village), whatever the number of villages; ``services.rollup_refresh`` stores the result.
Stocks are taken at the end of the month (today, while the month runs). Two stocks cannot be
rebuilt for a past month from the records (a case's step and its deadline on a past date): they are
snapshots, computed only while their month is the current one, and a past month keeps its last
refreshed value.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from desmigratif.brokers.models import BrokerReport
from desmigratif.complaints.models import Complaint, ComplaintEvent
from desmigratif.cooperatives.models import Instalment, Loan, Member, Repayment, SavingsTransaction
from desmigratif.enterprises.models import (
    Enterprise,
    EnterpriseStatus,
    Participant,
    ProgressReport,
    StatusChange,
)
from desmigratif.facilitators.models import Appointment, MonthlyReport, ReportStatus, Visit
from desmigratif.facilitators.report import due_on
from desmigratif.learning.models import Child, Session
from desmigratif.migration.models import CaseEvent, CaseStatus, MigrationCase
from desmigratif.partners.models import TAKEN_UP_STATUSES, Referral
from desmigratif.remittances.models import Remittance
from desmigratif.screening.models import CaseScreening

ZERO = Decimal("0.00")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)
# SDG 10.c: no corridor above 5 % (DOMAIN-RULES C2).
SDG_CEILING_PERCENT = Decimal("5")
PAR_DAYS = 30


def dec(value: Any) -> Decimal:
    """An aggregate as an exact Decimal (SQLite hands sums of decimals back as floats)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Part:
    value: Decimal = ZERO
    denominator: Decimal = ZERO
    breakdown: dict[str, int] = field(default_factory=dict)


Parts = dict[str, Part]


@dataclass(frozen=True)
class Window:
    start: datetime.date  # first day of the month
    end: datetime.date  # last day of the month
    villages: tuple[str, ...] | None  # None: every village

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_at(self) -> datetime.datetime:
        """The first instant after the month (exclusive bound)."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))

    @property
    def as_of(self) -> datetime.date:
        """Where stocks are taken: the month's last day, or today while the month runs."""
        return min(self.end, timezone.localdate())

    @property
    def as_of_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.as_of + datetime.timedelta(days=1), datetime.time.min)
        )

    def within(self, qs: QuerySet[Any], village_field: str) -> QuerySet[Any]:
        return qs if self.villages is None else qs.filter(**{f"{village_field}__in": self.villages})


def _counts(qs: QuerySet[Any], village_field: str, **aggregate: Any) -> Parts:
    rows = qs.values(village_field).annotate(**aggregate).order_by()
    name = next(iter(aggregate))
    return {row[village_field]: Part(value=dec(row[name])) for row in rows if row[name]}


def _days(pairs: list[tuple[str, datetime.datetime, datetime.datetime]]) -> Parts:
    """Histograms of whole days between two moments, per village (for medians)."""
    parts: Parts = {}
    for village, since, until in pairs:
        part = parts.setdefault(village, Part())
        days = str(max((until - since).days, 0))
        part.breakdown[days] = part.breakdown.get(days, 0) + 1
        part.value += 1
    return parts


# --- pillar 1: migration service centre ------------------------------------------------------


def prospective_served(w: Window) -> Parts:
    qs = w.within(MigrationCase.objects.filter(opened_at__gte=w.start_at, opened_at__lt=w.end_at), "village_id")
    return _counts(qs, "village_id", n=Count("person_id", distinct=True))


def cases_active(w: Window) -> Parts:
    qs = w.within(MigrationCase.objects.filter(status=CaseStatus.ACTIVE, opened_at__lt=w.end_at), "village_id")
    parts: Parts = {}
    for row in qs.values("village_id", "step__code").annotate(n=Count("pk")).order_by():
        part = parts.setdefault(row["village_id"], Part())
        part.value += row["n"]
        part.breakdown[row["step__code"]] = row["n"]
    return parts


def cases_overdue(w: Window) -> Parts:
    qs = MigrationCase.objects.filter(status=CaseStatus.ACTIVE, step_due_at__lt=timezone.now())
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


def days_to_departure(w: Window) -> Parts:
    qs = CaseEvent.objects.filter(
        kind=CaseEvent.Kind.STEP_CHANGED,
        to_step__case_status=CaseStatus.ABROAD,
        at__gte=w.start_at,
        at__lt=w.end_at,
    )
    return _days(list(w.within(qs, "case__village_id").values_list("case__village_id", "case__opened_at", "at")))


def offers_high_risk(w: Window) -> Parts:
    qs = CaseScreening.objects.filter(at__gte=w.start_at, at__lt=w.end_at, high_count__gt=0)
    return _counts(w.within(qs, "case__village_id"), "case__village_id", n=Count("pk"))


def complaints_received(w: Window) -> Parts:
    qs = Complaint.objects.filter(received_at__gte=w.start_at, received_at__lt=w.end_at)
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


_SETTLED = (ComplaintEvent.Kind.RESOLVED, ComplaintEvent.Kind.CLOSED)


def complaints_open(w: Window) -> Parts:
    settled = ComplaintEvent.objects.filter(complaint=OuterRef("pk"), kind__in=_SETTLED, at__lt=w.as_of_at)
    qs = Complaint.objects.filter(received_at__lt=w.as_of_at).exclude(Exists(settled))
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


def _resolutions(w: Window) -> QuerySet[Any]:
    # A complaint counts once, in the month of its first resolution.
    earlier = ComplaintEvent.objects.filter(
        complaint=OuterRef("complaint"), kind=ComplaintEvent.Kind.RESOLVED, at__lt=OuterRef("at")
    )
    qs = ComplaintEvent.objects.filter(kind=ComplaintEvent.Kind.RESOLVED, at__gte=w.start_at, at__lt=w.end_at)
    return w.within(qs.exclude(Exists(earlier)), "complaint__village_id")


def complaints_resolved(w: Window) -> Parts:
    return _counts(_resolutions(w), "complaint__village_id", n=Count("pk"))


def complaint_resolution_days(w: Window) -> Parts:
    return _days(list(_resolutions(w).values_list("complaint__village_id", "complaint__received_at", "at")))


def broker_reports(w: Window) -> Parts:
    qs = BrokerReport.objects.filter(received_at__gte=w.start_at, received_at__lt=w.end_at)
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


# --- pillar 2: productive enterprises -------------------------------------------------------


def enterprises_running(w: Window) -> Parts:
    # The status an enterprise had on the day: the last change on or before it (its history).
    status_then = (
        StatusChange.objects.filter(enterprise=OuterRef("pk"), on__lte=w.as_of)
        .order_by("-on", "-at", "-id")
        .values("to_status")[:1]
    )
    qs = Enterprise.objects.annotate(status_then=Subquery(status_then)).filter(status_then=EnterpriseStatus.RUNNING)
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


def enterprise_revenue(w: Window) -> Parts:
    qs = ProgressReport.objects.filter(period_start__gte=w.start, period_start__lte=w.end)
    return _counts(w.within(qs, "enterprise__village_id"), "enterprise__village_id", total=Sum("revenue"))


def training_participants(w: Window) -> Parts:
    # Counted where the participant lives, in the month the course ends.
    qs = Participant.objects.filter(training__ends_on__gte=w.start, training__ends_on__lte=w.end)
    village = "person__domicile_village_id"
    return _counts(w.within(qs, village), village, n=Count("person_id", distinct=True))


# --- pillar 3: rumah belajar -----------------------------------------------------------------


def children_enrolled(w: Window) -> Parts:
    # Registered by the day and not left before it (a child who leaves on the day still counts).
    qs = Child.objects.filter(registered_on__lte=w.as_of).exclude(left_on__lt=w.as_of)
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


def session_attendance(w: Window) -> Parts:
    """Attendances at sessions held in the month, per kind of session; the sessions are the
    denominator (attendances per session), sessions nobody attended included."""
    qs = w.within(Session.objects.filter(held_on__gte=w.start, held_on__lte=w.end), "village_id")
    rows = qs.values("village_id", "kind").annotate(n=Count("attendances"), s=Count("pk", distinct=True)).order_by()
    parts: Parts = {}
    for row in rows:
        part = parts.setdefault(row["village_id"], Part())
        part.value += row["n"]
        part.denominator += row["s"]
        part.breakdown[row["kind"]] = row["n"]
    return parts


# --- pillar 4: cooperatives and remittances --------------------------------------------------


def coop_members(w: Window) -> Parts:
    qs = Member.objects.filter(Q(joined_on__lte=w.as_of), Q(left_on__isnull=True) | Q(left_on__gt=w.as_of))
    return _counts(w.within(qs, "cooperative__village_id"), "cooperative__village_id", n=Count("pk"))


def savings_balance(w: Window) -> Parts:
    signed = Case(
        When(kind=SavingsTransaction.Kind.DEPOSIT, then=F("amount")), default=-F("amount"), output_field=MONEY
    )
    qs = SavingsTransaction.objects.filter(date__lte=w.as_of)
    village = "account__member__cooperative__village_id"
    return _counts(w.within(qs, village), village, total=Sum(signed, output_field=MONEY))


def _loans_at(w: Window) -> QuerySet[Any]:
    repaid = (
        Repayment.objects.filter(loan=OuterRef("pk"), date__lte=w.as_of)
        .values("loan")
        .annotate(total=Sum("principal"))
        .values("total")
    )
    late = Instalment.objects.filter(
        loan=OuterRef("pk"), due_on__lt=w.as_of - datetime.timedelta(days=PAR_DAYS)
    ).filter(Q(paid_on__isnull=True) | Q(paid_on__gt=w.as_of))
    qs = Loan.objects.filter(disbursed_on__lte=w.as_of).annotate(
        outstanding=F("principal") - Coalesce(Subquery(repaid, output_field=MONEY), Value(ZERO), output_field=MONEY),
        late=Exists(late),
    )
    return w.within(qs, "cooperative__village_id")


def loans_outstanding(w: Window) -> Parts:
    return _counts(_loans_at(w), "cooperative__village_id", total=Sum("outstanding", output_field=MONEY))


def par30(w: Window) -> Parts:
    parts: Parts = {}
    rows = (
        _loans_at(w)
        .values("cooperative__village_id")
        .annotate(
            total=Sum("outstanding", output_field=MONEY),
            risk=Sum(Case(When(late=True, then=F("outstanding")), default=Value(ZERO), output_field=MONEY)),
        )
        .order_by()
    )
    for row in rows:
        if dec(row["total"]):
            parts[row["cooperative__village_id"]] = Part(value=dec(row["risk"]), denominator=dec(row["total"]))
    return parts


def _remittances(w: Window) -> QuerySet[Any]:
    return w.within(Remittance.objects.filter(received_on__gte=w.start, received_on__lte=w.end), "village_id")


def remittance_volume(w: Window) -> Parts:
    return _counts(_remittances(w), "village_id", total=Sum("amount_received"))


def remittance_cost(w: Window) -> Parts:
    rows = _remittances(w).values("village_id").annotate(total=Sum("total_cost_percent"), n=Count("pk")).order_by()
    return {r["village_id"]: Part(value=dec(r["total"]), denominator=Decimal(r["n"])) for r in rows}


def remittance_above_5(w: Window) -> Parts:
    rows = (
        _remittances(w)
        .values("village_id")
        .annotate(above=Count("pk", filter=Q(total_cost_percent__gt=SDG_CEILING_PERCENT)), n=Count("pk"))
        .order_by()
    )
    return {r["village_id"]: Part(value=Decimal(r["above"]), denominator=Decimal(r["n"])) for r in rows}


# --- partners ---------------------------------------------------------------------------------


def _referrals(w: Window) -> QuerySet[Any]:
    # Counted in the village that referred (the person's village then), in the month of referral.
    return w.within(Referral.objects.filter(referred_on__gte=w.start, referred_on__lte=w.end), "village_id")


def partner_referrals(w: Window) -> Parts:
    return _counts(_referrals(w), "village_id", n=Count("pk"))


def partner_uptake(w: Window) -> Parts:
    # The referrals of the month and, of them, those taken up by now (their latest status).
    rows = (
        _referrals(w)
        .values("village_id")
        .annotate(taken=Count("pk", filter=Q(status__in=TAKEN_UP_STATUSES)), n=Count("pk"))
        .order_by()
    )
    return {r["village_id"]: Part(value=Decimal(r["taken"]), denominator=Decimal(r["n"])) for r in rows}


# --- facilitators ----------------------------------------------------------------------------


def facilitator_visits(w: Window) -> Parts:
    qs = Visit.objects.filter(on__gte=w.start, on__lte=w.end)
    return _counts(w.within(qs, "village_id"), "village_id", n=Count("pk"))


def reports_on_time(w: Window) -> Parts:
    """Reports due for the month: one per village with a facilitator during it, once the due day
    has passed; on time: approved, and first submitted by the due day."""
    due = due_on(w.start)
    if due >= timezone.localdate():
        return {}
    serving = Appointment.objects.filter(starts_on__lte=w.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=w.start)
    )
    villages = set(w.within(serving, "village_id").values_list("village_id", flat=True).distinct())
    deadline = timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min))
    on_time = MonthlyReport.objects.filter(
        month=w.start, status=ReportStatus.APPROVED, first_submitted_at__lt=deadline, village_id__in=villages
    )
    approved = _counts(on_time, "village_id", n=Count("pk"))
    return {v: Part(value=approved[v].value if v in approved else ZERO, denominator=Decimal(1)) for v in villages}


@dataclass(frozen=True)
class Spec:
    compute: Callable[[Window], Parts]
    # Only computed while the month is the current one (see the module docstring).
    snapshot: bool = False
    # Days after the month's end during which its value may still change, because it counts what
    # happens later to the month's records (a report approved after its month, a referral taken up
    # months later): the scheduled refresh recomputes the indicator for past months until then.
    settles_days: int = 0


COMPUTE: dict[str, Spec] = {
    "prospective_served": Spec(prospective_served),
    "cases_active": Spec(cases_active, snapshot=True),
    "cases_overdue": Spec(cases_overdue, snapshot=True),
    "days_to_departure": Spec(days_to_departure),
    "offers_high_risk": Spec(offers_high_risk),
    "complaints_received": Spec(complaints_received),
    "complaints_open": Spec(complaints_open),
    "complaints_resolved": Spec(complaints_resolved),
    "complaint_resolution_days": Spec(complaint_resolution_days),
    "broker_reports": Spec(broker_reports),
    "enterprises_running": Spec(enterprises_running),
    "enterprise_revenue": Spec(enterprise_revenue),
    "training_participants": Spec(training_participants),
    "children_enrolled": Spec(children_enrolled),
    "session_attendance": Spec(session_attendance),
    "coop_members": Spec(coop_members),
    "savings_balance": Spec(savings_balance),
    "loans_outstanding": Spec(loans_outstanding),
    "par30": Spec(par30),
    "remittance_volume": Spec(remittance_volume),
    "remittance_cost": Spec(remittance_cost),
    "remittance_above_5": Spec(remittance_above_5),
    "partner_referrals": Spec(partner_referrals),
    "partner_uptake": Spec(partner_uptake, settles_days=180),
    "facilitator_visits": Spec(facilitator_visits),
    "reports_on_time": Spec(reports_on_time, settles_days=60),
}


def merge_histograms(histograms: list[dict[str, int]]) -> dict[int, int]:
    merged: dict[int, int] = defaultdict(int)
    for histogram in histograms:
        for key, count in histogram.items():
            merged[int(key)] += count
    return dict(merged)


def median(histogram: dict[int, int]) -> Decimal | None:
    """The median of a histogram {value: count}: the middle value, or the mean of the two middle ones."""
    total = sum(histogram.values())
    if not total:
        return None
    keys = sorted(histogram)

    def nth(n: int) -> int:
        seen = 0
        for key in keys:
            seen += histogram[key]
            if seen > n:
                return key
        raise AssertionError("unreachable")

    low, high = nth((total - 1) // 2), nth(total // 2)
    return (Decimal(low) + Decimal(high)) / 2
