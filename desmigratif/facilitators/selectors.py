"""Reads of deliberations, facilitators, visits and monthly reports, always through the user's scope."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.core.selectors import one
from desmigratif.facilitators import report
from desmigratif.facilitators.models import (
    OPEN_STATUSES,
    Appointment,
    FacilitatorQuota,
    MonthlyReport,
    ReportTransition,
    VillageDeliberation,
    Visit,
)
from desmigratif.lib.months import month_end, month_start, previous_month
from desmigratif.people.models import Person
from desmigratif.regions.models import Regency, Village

M = TypeVar("M", bound=Model)

NOT_FOUND = _("This page does not exist, or it is outside your area.")
CANNOT_CHANGE = _("You can see this record but not change it.")
# The largest id a database row can have (SQLite refuses to even compare a larger integer).
MAX_ID = 2**63 - 1
# How far back the overdue list looks: a year of months per village.
OVERDUE_MONTHS = 12


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404(NOT_FOUND)
    return value


def _scoped(user: Any, qs: QuerySet[M], field: str = "village__code") -> QuerySet[M]:
    """The one place the facilitators' scope is applied."""
    return scope_for(user, Perm.FACILITATORS_VIEW).apply(qs, field)


# --- The rule --------------------------------------------------------------------------------------


def facilitators_per_village(day: datetime.date | None = None) -> int | None:
    """How many active facilitators a village may have on a day (today): the newest rule row in
    force, or None when national staff have left none in force."""
    on = day or timezone.localdate()
    rows = FacilitatorQuota.objects.filter(FacilitatorQuota.in_force_q(on)).order_by("-valid_from", "-pk")
    return rows.values_list("per_village", flat=True).first()


# --- Villages -------------------------------------------------------------------------------------


def villages_for_appoint(user: Any) -> QuerySet[Village]:
    """Programme villages where the user may record deliberations and appoint facilitators."""
    scope = scope_for(user, Perm.FACILITATORS_APPOINT)
    return (
        scope.apply(Village.objects.filter(is_active=True, program__isnull=False), "code")
        .select_related("district")
        .order_by("district__name", "name")
    )


def villages_for_reports(user: Any) -> QuerySet[Village]:
    """The villages whose reports the user writes (a facilitator's own village)."""
    scope = scope_for(user, Perm.REPORTS_WRITE)
    return scope.apply(Village.objects.all(), "code").order_by("name", "code")


def people_of_village(village_code: str) -> QuerySet[Person]:
    return Person.objects.filter(domicile_village_id=village_code)


def _candidates(qs: QuerySet[Person], q: str, selected: list[int], limit: int) -> list[Person]:
    """The selected people of ``qs`` and a name search in it, sorted by name."""
    found: dict[int, Person] = {p.pk: p for p in qs.filter(pk__in=selected)} if selected else {}
    term = " ".join(q.split())[:100]
    if term:
        for person in qs.filter(full_name__icontains=term).order_by("full_name", "id")[:limit]:
            found.setdefault(person.pk, person)
    return sorted(found.values(), key=lambda p: (p.full_name, p.pk))


def person_candidates(village_code: str, q: str, selected: list[int], limit: int = 20) -> list[Person]:
    """People of the village: the selected ones and a name search (for the people met)."""
    qs = people_of_village(village_code).only("id", "full_name", "domicile_village_id", "birth_date")
    return _candidates(qs, q, selected, limit)


def people_for_appoint(user: Any) -> QuerySet[Person]:
    """People a deliberation may choose: living where the user appoints facilitators and may see people."""
    field = "domicile_village__code"
    people = scope_for(user, Perm.FACILITATORS_APPOINT).apply(Person.objects.all(), field)
    return scope_for(user, Perm.PEOPLE_VIEW).apply(people, field)


def appoint_candidates(user: Any, q: str, selected: list[int], limit: int = 20) -> list[Person]:
    """The persons ticked on the deliberation form and a name search among ``people_for_appoint``."""
    return _candidates(people_for_appoint(user), q, selected, limit)


# --- Deliberations --------------------------------------------------------------------------------


def deliberations_for_user(user: Any) -> QuerySet[VillageDeliberation]:
    chosen = Person.objects.only("id", "full_name").order_by("full_name", "id")
    return (
        _scoped(user, VillageDeliberation.objects.all())
        .select_related("village")
        .prefetch_related(Prefetch("chosen", queryset=chosen))
        .order_by("-held_on", "-id")
    )


def get_deliberation_for_user(user: Any, deliberation_id: int, *, for_write: bool = False) -> VillageDeliberation:
    deliberation = one(
        _scoped(user, VillageDeliberation.objects.all()).select_related("village").filter(pk=_id(deliberation_id))
    )
    if deliberation is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_appoint(user, deliberation.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return deliberation


def deliberation_chosen(deliberation: VillageDeliberation) -> QuerySet[Person]:
    return deliberation.chosen.order_by("full_name", "id")


def can_appoint(user: Any, village_code: str) -> bool:
    return scope_for(user, Perm.FACILITATORS_APPOINT).contains(village_code)


# --- Facilitators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacilitatorFilter:
    village: str = ""
    active: bool = True


def facilitators_for_user(user: Any, filters: FacilitatorFilter | None = None) -> QuerySet[Appointment]:
    filters = filters or FacilitatorFilter()
    qs = _scoped(user, Appointment.objects.all())
    if filters.active:
        qs = qs.filter(ended_on__isnull=True)
    if filters.village:
        qs = qs.filter(village_id=filters.village)
    return qs.select_related("village", "person", "user").order_by("village__name", "village_id", "slot", "-starts_on")


def facilitators_for_export(user: Any, filters: FacilitatorFilter | None = None) -> QuerySet[Appointment]:
    return facilitators_for_user(user, filters).select_related("deliberation").annotate(visit_count=Count("visits"))


def get_facilitator_for_user(user: Any, appointment_id: int, *, for_write: bool = False) -> Appointment:
    appointment = one(
        _scoped(user, Appointment.objects.all())
        .select_related("village", "person", "user", "deliberation", "replaces__person")
        .filter(pk=_id(appointment_id))
    )
    if appointment is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_appoint(user, appointment.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return appointment


def replaced_by(appointment: Appointment) -> Appointment | None:
    return Appointment.objects.select_related("person").filter(replaces=appointment).first()


def own_appointment(user: Any) -> Appointment | None:
    """The signed-in facilitator's active appointment, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Appointment.objects.filter(user=user, ended_on__isnull=True)
        .select_related("village")
        .order_by("-starts_on")
        .first()
    )


def villages_for_filter(user: Any) -> QuerySet[Village]:
    return Village.objects.filter(code__in=_scoped(user, Appointment.objects.all()).values("village_id")).order_by(
        "name", "code"
    )


# --- Visits ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFilter:
    village: str = ""
    kind: str = ""
    month: datetime.date | None = None


def visits_for_user(user: Any, filters: VisitFilter | None = None) -> QuerySet[Visit]:
    filters = filters or VisitFilter()
    qs = _scoped(user, Visit.objects.all())
    if filters.village:
        qs = qs.filter(village_id=filters.village)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.month:
        qs = qs.filter(on__gte=filters.month, on__lte=month_end(filters.month))
    people = Person.objects.only("id", "full_name").order_by("full_name", "id")
    return (
        qs.select_related("village", "appointment__person")
        .prefetch_related(Prefetch("people", queryset=people))
        .order_by("-on", "-id")
    )


def timeline(appointment: Appointment) -> QuerySet[Visit]:
    """A facilitator's own visits and activities, newest first."""
    people = Person.objects.only("id", "full_name").order_by("full_name", "id")
    return (
        appointment.visits.select_related("village")
        .prefetch_related(Prefetch("people", queryset=people))
        .order_by("-on", "-id")
    )


def get_visit_for_user(user: Any, visit_id: int) -> Visit:
    visit = one(
        _scoped(user, Visit.objects.all()).select_related("village", "appointment__person").filter(pk=_id(visit_id))
    )
    if visit is None:
        raise Http404(NOT_FOUND)
    return visit


def visit_people(visit: Visit) -> QuerySet[Person]:
    return visit.people.order_by("full_name", "id")


# --- Monthly reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    status: str = ""
    village: str = ""


def reports_for_user(user: Any, filters: ReportFilter | None = None) -> QuerySet[MonthlyReport]:
    filters = filters or ReportFilter()
    qs = _scoped(user, MonthlyReport.objects.all())
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.village:
        qs = qs.filter(village_id=filters.village)
    return qs.select_related("village").order_by("-month", "village__name", "id")


def get_report_for_user(user: Any, report_id: int) -> MonthlyReport:
    found = one(_scoped(user, MonthlyReport.objects.all()).select_related("village").filter(pk=_id(report_id)))
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def report_history(report_: MonthlyReport) -> QuerySet[ReportTransition]:
    return report_.transitions.select_related("actor").order_by("at", "id")


def report_figures(report_: MonthlyReport) -> list[report.SectionRows]:
    """The frozen figures of a submitted report; the live figures of a draft or returned one."""
    if report_.status in OPEN_STATUSES:
        return report.present(report.compute_figures(report_.village_id, report_.month))
    return report.present(report_.figures)


@dataclass
class Overdue:
    village: Village
    month: datetime.date
    due_on: datetime.date
    report: MonthlyReport | None


def overdue_reports(user: Any, today: datetime.date | None = None, regency: str = "") -> list[Overdue]:
    """Reports past their due day and not submitted (missing, draft or returned), for every village
    of the scope (or of one regency of it) that had a facilitator during the month: two queries,
    whatever the regency's size."""
    today = today or timezone.localdate()
    first = month_start(today)
    for _i in range(OVERDUE_MONTHS):
        first = previous_month(first)
    appointments = (
        _scoped(user, Appointment.objects.all())
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("village")
    )
    if regency:
        appointments = appointments.filter(village__code__startswith=regency + ".")
    owed: dict[tuple[str, datetime.date], Village] = {}
    for a in appointments:
        month = max(month_start(a.starts_on), first)
        last = month_start(a.ended_on) if a.ended_on else month_start(today)
        while month <= last:
            if report.due_on(month) < today:
                owed[(a.village_id, month)] = a.village
            month = month_end(month) + datetime.timedelta(days=1)
    if not owed:
        return []
    reports = {
        (r.village_id, r.month): r
        for r in _scoped(user, MonthlyReport.objects.all()).filter(
            month__gte=first, village_id__in={code for code, _m in owed}
        )
    }
    rows = []
    for (code, month), village in owed.items():
        found = reports.get((code, month))
        if found is None or found.status in OPEN_STATUSES:
            rows.append(Overdue(village, month, report.due_on(month), found))
    return sorted(rows, key=lambda o: (o.due_on, o.village.name, o.village.code))


@dataclass(frozen=True)
class RegencyOverdue:
    code: str
    name: str
    reports: int
    villages: int
    oldest_due: datetime.date


def regency_of(village_code: str) -> str:
    """A village code's regency: its first two parts ("35.07.33.2006" → "35.07")."""
    return ".".join(village_code.split(".")[:2])


REGENCY_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}")


def check_regency(user: Any, code: str) -> None:
    """404 unless ``code`` is a well-formed regency code that the user's area covers or lies in."""
    scope = scope_for(user, Perm.FACILITATORS_VIEW)
    if not REGENCY_CODE.fullmatch(code) or not (
        scope.contains(code) or any(p.startswith(code + ".") for p in scope.prefixes)
    ):
        raise Http404(NOT_FOUND)


def area_wider_than(user: Any, code: str) -> bool:
    """Whether the user's area holds more than the region ``code`` (a province or the nation)."""
    return any(len(p) < len(code) for p in scope_for(user, Perm.FACILITATORS_VIEW).prefixes)


def regency_name(code: str) -> str:
    return Regency.objects.filter(code=code).values_list("name", flat=True).first() or code


def overdue_by_regency(rows: list[Overdue]) -> list[RegencyOverdue]:
    """The overdue reports counted per regency, the most first: one query for the regencies' names."""
    groups: dict[str, list[Overdue]] = {}
    for row in rows:
        groups.setdefault(regency_of(row.village.code), []).append(row)
    names = dict(Regency.objects.filter(code__in=groups).values_list("code", "name"))
    found = [
        RegencyOverdue(
            code=code,
            name=names.get(code, code),
            reports=len(group),
            villages=len({o.village.code for o in group}),
            oldest_due=min(o.due_on for o in group),
        )
        for code, group in groups.items()
    ]
    return sorted(found, key=lambda g: (-g.reports, g.oldest_due, g.name, g.code))
