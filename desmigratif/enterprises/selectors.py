"""Reads of enterprises, progress and trainings, always through the user's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import Scope, scope_for
from desmigratif.cooperatives.models import Loan, LoanStatus
from desmigratif.core.selectors import one
from desmigratif.enterprises.models import (
    Attendance,
    Enterprise,
    EnterpriseOwner,
    Participant,
    Product,
    ProgressReport,
    StatusChange,
    Training,
)
from desmigratif.people.models import Person
from desmigratif.regions.models import Regency, Village

NOT_FOUND = _("This page does not exist, or it is outside your area.")
# The largest id a database row can have (SQLite refuses to even compare a larger integer).
MAX_ID = 2**63 - 1


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404(NOT_FOUND)
    return value


CANNOT_CHANGE = _("You can see this record but not change it.")


@dataclass(frozen=True)
class EnterpriseFilter:
    sector: str = ""
    status: str = ""
    village: str = ""


# --- Enterprises ----------------------------------------------------------------------------------


def _visible(user: Any) -> QuerySet[Enterprise]:
    """The one place the enterprise scope is applied."""
    return scope_for(user, Perm.ENTERPRISES_VIEW).apply(Enterprise.objects.all(), "village__code")


def enterprises_for_user(user: Any, filters: EnterpriseFilter | None = None) -> QuerySet[Enterprise]:
    filters = filters or EnterpriseFilter()
    qs = _visible(user)
    if filters.sector:
        qs = qs.filter(sector_id=filters.sector)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.village:
        qs = qs.filter(village_id=filters.village)
    owners = Person.objects.only("id", "full_name").order_by("full_name", "id")
    return (
        qs.select_related("village", "sector")
        .prefetch_related(Prefetch("owners", queryset=owners))
        .order_by("name", "id")
    )


def get_enterprise_for_user(user: Any, enterprise_id: int, *, for_write: bool = False) -> Enterprise:
    enterprise = (
        _visible(user).select_related("village", "sector", "loan__cooperative").filter(pk=_id(enterprise_id)).first()
    )
    if enterprise is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user, enterprise):
        raise PermissionDenied(CANNOT_CHANGE)
    return enterprise


def can_change(user: Any, enterprise: Enterprise) -> bool:
    return scope_for(user, Perm.ENTERPRISES_CHANGE).contains(enterprise.village_id)


def enterprise_owners(enterprise: Enterprise) -> QuerySet[Person]:
    return enterprise.owners.select_related("domicile_village").order_by("full_name", "id")


def enterprise_products(enterprise: Enterprise) -> QuerySet[Product]:
    return enterprise.products.order_by("name", "id")


def get_product(enterprise: Enterprise, product_id: int) -> Product:
    product = one(enterprise.products.filter(pk=_id(product_id)))
    if product is None:
        raise Http404(NOT_FOUND)
    return product


def enterprise_reports(enterprise: Enterprise) -> QuerySet[ProgressReport]:
    return enterprise.progress_reports.order_by("period_start")


def enterprise_history(enterprise: Enterprise) -> QuerySet[StatusChange]:
    return enterprise.status_changes.select_related("actor").order_by("at", "id")


def villages_for_change(user: Any, *, keep: str = "") -> QuerySet[Village]:
    """Villages where the user may register enterprises: the programme villages of the scope (a
    regency holds hundreds of villages), always a facilitator's own village, and ``keep`` (the
    village of the enterprise being edited)."""
    scope = scope_for(user, Perm.ENTERPRISES_CHANGE)
    qs = scope.apply(Village.objects.filter(is_active=True), "code")
    if any(p.count(".") < 3 for p in scope.prefixes):
        own = [p for p in scope.prefixes if p.count(".") == 3] + ([keep] if keep else [])
        qs = qs.filter(Q(program__isnull=False) | Q(code__in=own))
    return qs.select_related("district").order_by("district__name", "name")


def villages_for_filter(user: Any) -> QuerySet[Village]:
    """Villages of the scope that have enterprises: the choices of the list's village filter."""
    return Village.objects.filter(code__in=_visible(user).values("village_id")).order_by("name", "code")


def people_for_owners(user: Any) -> QuerySet[Person]:
    """Every person the user may make an owner or participant: in both their enterprise-change and
    their people-view area."""
    field = "domicile_village__code"
    people = scope_for(user, Perm.PEOPLE_VIEW).apply(Person.objects.all(), field)
    return scope_for(user, Perm.ENTERPRISES_CHANGE).apply(people, field)


def owner_candidates(user: Any, q: str, selected: list[int], limit: int = 20) -> list[Person]:
    """People the user may make owners (or participants): the selected ones and a name search."""
    qs = people_for_owners(user).select_related("domicile_village")
    found: dict[int, Person] = {p.pk: p for p in qs.filter(pk__in=selected)} if selected else {}
    term = " ".join(q.split())[:100]
    if term:
        for person in qs.filter(full_name__icontains=term).order_by("full_name", "id")[:limit]:
            found.setdefault(person.pk, person)
    return sorted(found.values(), key=lambda p: (p.full_name, p.pk))


def loans_for_owners(user: Any, person_ids: list[int]) -> QuerySet[Loan]:
    """Paid-out cooperative loans of these people in the user's area: the choices of the loan link."""
    return (
        scope_for(user, Perm.ENTERPRISES_CHANGE)
        .apply(Loan.objects.all(), "cooperative__village__code")
        .filter(member__person_id__in=person_ids, status__in=[LoanStatus.DISBURSED, LoanStatus.CLOSED])
        .select_related("cooperative", "member__person")
        .order_by("-applied_on", "-id")
    )


def get_village_for_user(user: Any, code: str) -> Village:
    village = Village.objects.filter(code=code).select_related("district__regency").first()
    if village is None or not scope_for(user, Perm.ENTERPRISES_VIEW).contains(village.code):
        raise Http404(NOT_FOUND)
    return village


@dataclass
class Point:
    label: str
    revenue: Decimal
    workers: int
    reports: int


def quarter_label(year: int, quarter: int) -> str:
    return gettext("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}


def quarter_of(day: datetime.date) -> str:
    return quarter_label(day.year, (day.month - 1) // 3 + 1)


def enterprise_series(reports: list[ProgressReport]) -> list[Point]:
    """An enterprise's progress, one point per reported period."""
    return [
        Point(
            label=r.period_start.strftime("%m/%y") if r.period_kind == "month" else quarter_of(r.period_start),
            revenue=r.revenue,
            workers=r.workers,
            reports=1,
        )
        for r in reports
    ]


def village_series(village: Village, *, quarters: int = 8) -> list[Point]:
    """A village's progress per quarter: the revenue of every report whose period starts in it
    (monthly reports add up to their quarter), the most workers any month of it counted, and the
    number of reports. One query; the last ``quarters`` quarters with reports."""
    rows = (
        ProgressReport.objects.filter(enterprise__village=village)
        .values_list("period_start", "period_kind", "revenue", "workers_family", "workers_other", "enterprise_id")
        .order_by("period_start")
    )
    points: dict[tuple[int, int], dict[str, Any]] = {}
    for start, _kind, revenue, family, other, enterprise_id in rows:
        key = (start.year, (start.month - 1) // 3 + 1)
        point = points.setdefault(key, {"revenue": Decimal(0), "workers": {}, "reports": 0})
        point["revenue"] += revenue
        point["workers"][enterprise_id] = max(point["workers"].get(enterprise_id, 0), family + other)
        point["reports"] += 1
    keys = sorted(points)[-quarters:]
    return [
        Point(
            label=quarter_label(year, quarter),
            revenue=points[(year, quarter)]["revenue"],
            workers=sum(points[(year, quarter)]["workers"].values()),
            reports=points[(year, quarter)]["reports"],
        )
        for year, quarter in keys
    ]


def village_enterprises(user: Any, village: Village) -> QuerySet[Enterprise]:
    return enterprises_for_user(user, EnterpriseFilter(village=village.code))


# --- Trainings ------------------------------------------------------------------------------------


def _training_q(scope: Scope) -> Q:
    """Trainings of the scope, and the regency-wide trainings of the regencies the scope lies in:
    a BLK course for the whole regency is open to the people of each of its villages."""
    regencies = sorted({p[:5] for p in scope.prefixes if p.count(".") >= 2})
    return scope.q("region_code") | Q(region_code__in=regencies) if regencies else scope.q("region_code")


def _visible_trainings(user: Any, perm: str = Perm.ENTERPRISES_VIEW) -> QuerySet[Training]:
    scope = scope_for(user, perm)
    if scope.is_empty:
        return Training.objects.none()
    if scope.is_national:
        return Training.objects.all()
    return Training.objects.filter(_training_q(scope))


def trainings_for_user(user: Any) -> QuerySet[Training]:
    """Newest first, with the counts of all participants and of those who completed (figures only)."""
    return (
        _visible_trainings(user)
        .select_related("sector")
        .annotate(
            participant_count=Count("participants"),
            completed_count=Count("participants", filter=Q(participants__completed_on__isnull=False)),
        )
        .order_by("-starts_on", "-id")
    )


def get_training_for_user(user: Any, training_id: int, *, for_write: bool = False) -> Training:
    training = one(_visible_trainings(user).select_related("sector").filter(pk=_id(training_id)))
    if training is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change_training(user, training):
        raise PermissionDenied(CANNOT_CHANGE)
    return training


def can_change_training(user: Any, training: Training) -> bool:
    return _visible_trainings(user, Perm.ENTERPRISES_CHANGE).filter(pk=training.pk).exists()


def regions_for_training(user: Any) -> list[tuple[str, str]]:
    """Regencies and villages where the user may hold a training, as (code, label) choices."""
    scope = scope_for(user, Perm.ENTERPRISES_CHANGE)
    regencies = [(r.code, str(r.name)) for r in scope.apply(Regency.objects.all(), "code").order_by("name")]
    villages = [(v.code, f"{v.name} ({v.district.name})") for v in villages_for_change(user)]
    return regencies + villages


def participants_for_user(user: Any, training: Training) -> QuerySet[Participant]:
    """The training's participants whose person lies in the user's area, with the days they were
    present and whether they own an enterprise started on or after the course ended."""
    started = EnterpriseOwner.objects.filter(
        person_id=OuterRef("person_id"), enterprise__started_on__gte=training.ends_on
    )
    return (
        scope_for(user, Perm.ENTERPRISES_VIEW)
        .apply(Participant.objects.filter(training=training), "person__domicile_village__code")
        .select_related("person__domicile_village")
        .annotate(
            days_present=Count("attendance", filter=Q(attendance__present=True)),
            started_business=Exists(started),
        )
        .order_by("person__full_name", "id")
    )


def get_participant_for_user(user: Any, training: Training, participant_id: int) -> Participant:
    participant = one(participants_for_user(user, training).filter(pk=_id(participant_id)))
    if participant is None:
        raise Http404(NOT_FOUND)
    return participant


def attendance_on(training: Training, day: datetime.date) -> dict[int, bool]:
    """participant id → present, for the marks recorded on one day."""
    return dict(
        Attendance.objects.filter(participant__training=training, day=day).values_list("participant_id", "present")
    )


def course_days(training: Training) -> list[datetime.date]:
    days = (training.ends_on - training.starts_on).days + 1
    return [training.starts_on + datetime.timedelta(days=i) for i in range(min(days, 366))]


def enterprises_for_export(user: Any, filters: EnterpriseFilter | None = None) -> QuerySet[Enterprise]:
    return enterprises_for_user(user, filters).annotate(
        report_count=Count("progress_reports"), revenue_total=Sum("progress_reports__revenue")
    )
