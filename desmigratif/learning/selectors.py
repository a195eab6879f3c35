"""Reads of the learning-house pillar, always through the user's scope.

Children are read through ``Perm.LEARNING_VIEW`` (the village's facilitators and the regency
officer; not national staff, cooperative officers or partners), concern notes through
``Perm.CHILD_CONCERNS``. Reading one child's record or one concern goes through a selector that
writes the audit row (``read_child_for_user``, ``read_concern_for_user``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.core.selectors import one
from desmigratif.learning import services
from desmigratif.learning.models import (
    Attendance,
    Child,
    Concern,
    LearningHouse,
    Session,
    SessionKind,
    Volunteer,
)
from desmigratif.people.models import MigrantStatus, Person
from desmigratif.people.services import ADULT_AGE
from desmigratif.regions.models import Village

NOT_FOUND = _("This page does not exist, or it is outside your area.")
CANNOT_CHANGE = _("You can see this record but not change it.")
# The largest id a database row can have (SQLite refuses to even compare a larger integer).
MAX_ID = 2**63 - 1


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404(NOT_FOUND)
    return value


def can_change(user: Any, village_code: str) -> bool:
    return scope_for(user, Perm.LEARNING_CHANGE).contains(village_code)


def can_read_concerns(user: Any, village_code: str) -> bool:
    return scope_for(user, Perm.CHILD_CONCERNS).contains(village_code)


# --- Learning houses ------------------------------------------------------------------------------


def _visible_houses(user: Any) -> QuerySet[LearningHouse]:
    return scope_for(user, Perm.LEARNING_VIEW).apply(LearningHouse.objects.all(), "village__code")


def houses_for_user(user: Any) -> QuerySet[LearningHouse]:
    """Houses of the scope with their figures: children now enrolled, volunteers, sessions."""
    today = timezone.localdate()
    children = Child.objects.filter(house=OuterRef("pk"), left_on__isnull=True, registered_on__lte=today)
    return (
        _visible_houses(user)
        .select_related("village__district")
        .annotate(
            child_count=_subcount(children),
            volunteer_count=_subcount(Volunteer.objects.filter(house=OuterRef("pk"))),
            session_count=_subcount(Session.objects.filter(house=OuterRef("pk"))),
        )
        .order_by("village__name", "id")
    )


def _subcount(qs: QuerySet[Any]) -> Any:
    counted = qs.order_by().values("house").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def house_choices(user: Any) -> list[tuple[int, str]]:
    """The houses of the scope as (id, name): the choices of the children list's filter."""
    return list(_visible_houses(user).order_by("name", "id").values_list("id", "name"))


def get_house_for_user(user: Any, house_id: int, *, for_write: bool = False) -> LearningHouse:
    house = one(_visible_houses(user).select_related("village__district__regency").filter(pk=_id(house_id)))
    if house is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user, house.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return house


def house_volunteers(house: LearningHouse) -> QuerySet[Volunteer]:
    return house.volunteer_rows.select_related("person").order_by("person__full_name", "id")


def villages_for_house(user: Any) -> QuerySet[Village]:
    """Programme villages of the user's change scope without a learning house yet (and always a
    facilitator's own village)."""
    scope = scope_for(user, Perm.LEARNING_CHANGE)
    qs = scope.apply(Village.objects.filter(is_active=True, learning_house__isnull=True), "code")
    if any(p.count(".") < 3 for p in scope.prefixes):
        own = [p for p in scope.prefixes if p.count(".") == 3]
        qs = qs.filter(Q(program__isnull=False) | Q(code__in=own))
    return qs.select_related("district").order_by("district__name", "name")


def people_of_house(user: Any, house: LearningHouse) -> QuerySet[Person]:
    """People of the house's village the user may see: the candidates of its forms."""
    return (
        scope_for(user, Perm.PEOPLE_VIEW)
        .apply(Person.objects.filter(domicile_village_id=house.village_id), "domicile_village__code")
        .order_by("full_name", "id")
    )


def people_in_scope(user: Any) -> QuerySet[Person]:
    """Everyone the user may see in the registry (what a form accepts; the rules are the service's)."""
    return scope_for(user, Perm.PEOPLE_VIEW).apply(Person.objects.all(), "domicile_village__code")


def _adult_cutoff() -> datetime.date:
    """The latest birth date of an adult today (someone born on it turns ``ADULT_AGE`` today)."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


def child_candidates(user: Any, house: LearningHouse) -> QuerySet[Person]:
    return people_of_house(user, house).filter(birth_date__gt=_adult_cutoff(), learning_child__isnull=True)


def adult_candidates(user: Any, house: LearningHouse) -> QuerySet[Person]:
    return (
        people_of_house(user, house)
        .filter(birth_date__lte=_adult_cutoff())
        .exclude(migrant_status=MigrantStatus.ABROAD)
    )


def parent_candidates(user: Any, house: LearningHouse) -> QuerySet[Person]:
    return people_of_house(user, house).filter(migrant_status=MigrantStatus.ABROAD)


# --- Children -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildFilter:
    house: int | None = None
    school_status: str = ""
    current: bool = True


def _visible_children(user: Any) -> QuerySet[Child]:
    """The one place the children scope is applied."""
    return scope_for(user, Perm.LEARNING_VIEW).apply(Child.objects.all(), "village__code")


def children_for_user(user: Any, filters: ChildFilter | None = None) -> QuerySet[Child]:
    """Children for a list (to be shown masked), newest first, with their attendance count."""
    f = filters or ChildFilter()
    qs = _visible_children(user)
    if f.house:
        qs = qs.filter(house_id=f.house)
    if f.school_status:
        qs = qs.filter(school_status=f.school_status)
    if f.current:
        qs = qs.filter(left_on__isnull=True)
    return (
        qs.select_related("person", "house", "village")
        # Both counts join to-many relations: without ``distinct`` each attendance would be counted
        # once per parent.
        .annotate(
            attendance_count=Count("attendances", distinct=True), parent_count=Count("parent_rows", distinct=True)
        )
        .order_by("-registered_on", "-id")
    )


def get_child_for_user(user: Any, child_id: int, *, for_write: bool = False) -> Child:
    """A child's record without the audit row: for writes, whose services audit themselves."""
    child = one(
        _visible_children(user)
        .select_related("person", "caregiver", "house", "village__district", "consent__text")
        .filter(pk=_id(child_id))
    )
    if child is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user, child.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return child


def read_child_for_user(user: Any, child_id: int, *, via: str = "web") -> Child:
    """A child's record for reading: every such read is written to the audit log."""
    child = get_child_for_user(user, child_id)
    services.children_audit_read(children=[child], actor=user, via=via)
    return child


def child_parents(child: Child) -> QuerySet[Person]:
    return child.parents.order_by("full_name", "id")


def child_sessions(child: Child, limit: int = 20) -> QuerySet[Attendance]:
    return child.attendances.select_related("session").order_by("-session__held_on", "-id")[:limit]


# --- Sessions -------------------------------------------------------------------------------------


def _visible_sessions(user: Any) -> QuerySet[Session]:
    return scope_for(user, Perm.LEARNING_VIEW).apply(Session.objects.all(), "village__code")


def sessions_for_user(user: Any, house: LearningHouse | None = None) -> QuerySet[Session]:
    qs = _visible_sessions(user)
    if house is not None:
        qs = qs.filter(house=house)
    return (
        qs.select_related("house", "led_by").annotate(attendee_count=Count("attendances")).order_by("-held_on", "-id")
    )


def get_session_for_user(user: Any, session_id: int, *, for_write: bool = False) -> Session:
    session = one(_visible_sessions(user).select_related("house", "led_by", "village").filter(pk=_id(session_id)))
    if session is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user, session.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return session


def session_children(session: Session) -> list[Child]:
    """The children who may attend a learning session (enrolled that day), with ``present`` set."""
    present = set(session.attendances.filter(child__isnull=False).values_list("child_id", flat=True))
    children = list(
        services.enrolled_on(session.house, session.held_on)
        .select_related("person")
        .order_by("person__full_name", "id")
    )
    for c in children:
        c.present = c.pk in present  # type: ignore[attr-defined]
    return children


def session_caregivers(session: Session) -> list[Person]:
    """The caregivers who may attend a parenting session, with ``present`` set."""
    present = set(session.attendances.filter(caregiver__isnull=False).values_list("caregiver_id", flat=True))
    ids = services.enrolled_on(session.house, session.held_on).values("caregiver_id")
    caregivers = list(Person.objects.filter(pk__in=ids).order_by("full_name", "id"))
    for p in caregivers:
        p.present = p.pk in present  # type: ignore[attr-defined]
    return caregivers


def session_attendees(session: Session) -> QuerySet[Attendance]:
    return session.attendances.select_related("child__person", "caregiver").order_by("id")


def is_learning(session: Session) -> bool:
    return session.kind == SessionKind.LEARNING


# --- Concerns -------------------------------------------------------------------------------------


def _visible_concerns(user: Any) -> QuerySet[Concern]:
    return scope_for(user, Perm.CHILD_CONCERNS).apply(Concern.objects.all(), "child__village__code")


def concerns_for_user(user: Any, *, status: str = "") -> QuerySet[Concern]:
    """Concerns for a list: category, status and the masked child only (never the note)."""
    qs = _visible_concerns(user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("child__person", "child__house").order_by("-created_at", "-id")


def child_concerns(user: Any, child: Child) -> QuerySet[Concern] | None:
    """A child's concerns for the child's page, or None when the user may not read them."""
    if not can_read_concerns(user, child.village_id):
        return None
    return child.concerns.order_by("-created_at", "-id")


def get_concern_for_user(user: Any, concern_id: int) -> Concern:
    concern = one(
        _visible_concerns(user).select_related("child__person", "child__house", "created_by").filter(pk=_id(concern_id))
    )
    if concern is None:
        raise Http404(NOT_FOUND)
    return concern


def read_concern_for_user(user: Any, concern_id: int, *, via: str = "web") -> Concern:
    """A concern note for reading: every such read is written to the audit log."""
    concern = get_concern_for_user(user, concern_id)
    services.concern_audit_read(concern=concern, actor=user, via=via)
    return concern


def children_for_export(user: Any, filters: ChildFilter | None = None) -> QuerySet[Child]:
    return children_for_user(user, filters)
