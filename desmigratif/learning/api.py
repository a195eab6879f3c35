"""Learning-house endpoints of the JSON API: the same selectors as the pages.

Lists give children masked (initials, birth year); one child's detail gives the record and writes a
``child.read`` audit row, one concern's detail a ``concern.read`` row, exactly as the pages do.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.schemas import PageQuery, paged
from desmigratif.learning import selectors
from desmigratif.learning.models import (
    CaregiverRelation,
    Child,
    Concern,
    ConcernCategory,
    ConcernStatus,
    LearningHouse,
    SchoolLevel,
    SchoolStatus,
    Session,
    SessionKind,
)
from desmigratif.lib.masking import mask_name

router = Router(tags=["learning"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _require(user: Any, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied


class ChildrenQuery(PageQuery):
    house: int | None = Field(None, ge=1, le=selectors.MAX_ID)
    school_status: SchoolStatus | None = None


# --- Schemas --------------------------------------------------------------------------------------


class HouseOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    place: str
    schedule: str
    children: int
    volunteers: int
    sessions: int
    is_demo: bool


class VolunteerOut(Schema):
    person_id: int
    full_name: str
    since: datetime.date


class HouseDetailOut(HouseOut):
    volunteer_list: list[VolunteerOut]


class HousePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[HouseOut]


class ChildOut(Schema):
    id: int
    name_masked: str = Field(..., description="Initials only; the name is in the (audited) detail")
    nik_masked: str
    birth_year: int
    village: str
    house_id: int
    school_level: SchoolLevel
    school_status: SchoolStatus
    registered_on: datetime.date
    left_on: datetime.date | None
    sessions_attended: int
    is_demo: bool


class PersonRef(Schema):
    id: int
    full_name: str


class ChildDetailOut(ChildOut):
    person_id: int
    full_name: str
    birth_date: datetime.date
    sex: str
    caregiver: PersonRef
    caregiver_relation: CaregiverRelation
    parents_abroad: list[PersonRef]
    consent_id: int


class ChildPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ChildOut]


class SessionOut(Schema):
    id: int
    house_id: int
    village: str
    kind: SessionKind
    held_on: datetime.date
    topic: str
    led_by: PersonRef
    attendees: int
    is_demo: bool


class AttendeeOut(Schema):
    child_id: int | None
    child_masked: str | None
    caregiver: PersonRef | None


class SessionDetailOut(SessionOut):
    notes: str
    attendance: list[AttendeeOut]


class SessionPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[SessionOut]


class ConcernOut(Schema):
    id: int
    child_id: int
    child_masked: str
    category: ConcernCategory
    status: ConcernStatus
    created_at: datetime.datetime


class ConcernDetailOut(ConcernOut):
    note: str
    referred_to: str
    referred_on: datetime.date | None


class ConcernPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ConcernOut]


# --- Rows -----------------------------------------------------------------------------------------


def _house(h: LearningHouse) -> dict[str, Any]:
    return {
        "id": h.pk,
        "village": h.village_id,
        "village_name": h.village.name,
        "name": h.name,
        "place": h.place,
        "schedule": h.schedule,
        "children": getattr(h, "child_count", 0),
        "volunteers": getattr(h, "volunteer_count", 0),
        "sessions": getattr(h, "session_count", 0),
        "is_demo": h.is_demo,
    }


def _child(c: Child) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name_masked": mask_name(c.person.full_name),
        "nik_masked": c.person.nik_masked,
        "birth_year": c.person.birth_date.year,
        "village": c.village_id,
        "house_id": c.house_id,
        "school_level": c.school_level,
        "school_status": c.school_status,
        "registered_on": c.registered_on,
        "left_on": c.left_on,
        "sessions_attended": getattr(c, "attendance_count", 0),
        "is_demo": c.is_demo,
    }


def _session(s: Session) -> dict[str, Any]:
    return {
        "id": s.pk,
        "house_id": s.house_id,
        "village": s.village_id,
        "kind": s.kind,
        "held_on": s.held_on,
        "topic": s.topic,
        "led_by": {"id": s.led_by_id, "full_name": s.led_by.full_name},
        "attendees": getattr(s, "attendee_count", 0),
        "is_demo": s.is_demo,
    }


def _concern(c: Concern) -> dict[str, Any]:
    return {
        "id": c.pk,
        "child_id": c.child_id,
        "child_masked": mask_name(c.child.person.full_name),
        "category": c.category,
        "status": c.status,
        "created_at": c.created_at,
    }


# --- Endpoints ------------------------------------------------------------------------------------


@router.get("/houses", response=HousePage, summary="List learning houses in your area")
def list_houses(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = _user(request)
    _require(user, Perm.LEARNING_VIEW)
    return paged(selectors.houses_for_user(user), query, _house)


@router.get("/houses/{int:house_id}", response=HouseDetailOut, summary="One learning house with its volunteers")
def get_house(request: HttpRequest, house_id: int) -> dict[str, Any]:
    user = _user(request)
    house = selectors.get_house_for_user(user, house_id)
    counted = selectors.houses_for_user(user).get(pk=house.pk)
    return {
        **_house(counted),
        "volunteer_list": [
            {"person_id": v.person_id, "full_name": v.person.full_name, "since": v.since}
            for v in selectors.house_volunteers(house)
        ],
    }


@router.get("/children", response=ChildPage, summary="List children in your area (masked)")
def list_children(request: HttpRequest, query: Query[ChildrenQuery]) -> dict[str, Any]:
    user = _user(request)
    _require(user, Perm.LEARNING_VIEW)
    filters = selectors.ChildFilter(house=query.house, school_status=query.school_status or "")
    return paged(selectors.children_for_user(user, filters), query, _child)


@router.get("/children/{int:child_id}", response=ChildDetailOut, summary="One child's record (audited read)")
def get_child(request: HttpRequest, child_id: int) -> dict[str, Any]:
    user = _user(request)
    child = selectors.read_child_for_user(user, child_id, via="api")
    counted = selectors.children_for_user(user, selectors.ChildFilter(current=False)).get(pk=child.pk)
    return {
        **_child(counted),
        "person_id": child.person_id,
        "full_name": child.person.full_name,
        "birth_date": child.person.birth_date,
        "sex": child.person.sex,
        "caregiver": {"id": child.caregiver_id, "full_name": child.caregiver.full_name},
        "caregiver_relation": child.caregiver_relation,
        "parents_abroad": [{"id": p.pk, "full_name": p.full_name} for p in selectors.child_parents(child)],
        "consent_id": child.consent_id,
    }


@router.get("/sessions", response=SessionPage, summary="List learning and parenting sessions in your area")
def list_sessions(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = _user(request)
    _require(user, Perm.LEARNING_VIEW)
    return paged(selectors.sessions_for_user(user), query, _session)


@router.get("/sessions/{int:session_id}", response=SessionDetailOut, summary="One session with its attendance")
def get_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    user = _user(request)
    session = selectors.get_session_for_user(user, session_id)
    counted = selectors.sessions_for_user(user).get(pk=session.pk)
    return {
        **_session(counted),
        "notes": session.notes,
        "attendance": [
            {
                "child_id": a.child_id,
                "child_masked": mask_name(a.child.person.full_name) if a.child else None,
                "caregiver": {"id": a.caregiver_id, "full_name": a.caregiver.full_name} if a.caregiver else None,
            }
            for a in selectors.session_attendees(session)
        ],
    }


@router.get("/concerns", response=ConcernPage, summary="List concerns about children (restricted)")
def list_concerns(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = _user(request)
    _require(user, Perm.CHILD_CONCERNS)
    return paged(selectors.concerns_for_user(user), query, _concern)


@router.get("/concerns/{int:concern_id}", response=ConcernDetailOut, summary="One concern note (audited read)")
def get_concern(request: HttpRequest, concern_id: int) -> dict[str, Any]:
    concern = selectors.read_concern_for_user(_user(request), concern_id, via="api")
    return {
        **_concern(concern),
        "note": concern.note,
        "referred_to": concern.referred_to,
        "referred_on": concern.referred_on,
    }
