"""Complaint endpoints of the JSON API: thin wrappers around complaint selectors and services.

Reading one complaint is audited exactly like the page (``via="api"``); the list shows no
description, confidential notes or complainant contact.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.complaints import selectors, services
from desmigratif.complaints.models import Complaint, ComplaintStatus, Relationship, Source
from desmigratif.complaints.selectors import ComplaintFilter
from desmigratif.lib.languages import current_language
from desmigratif.migration.selectors import get_case_for_user
from desmigratif.people.selectors import get_person_for_user
from desmigratif.regions.models import Village

router = Router(tags=["complaints"])


class NamedOut(Schema):
    code: str
    name: str


class ComplaintOut(Schema):
    id: int
    ticket: str
    village: str
    status: ComplaintStatus
    category: NamedOut
    level: NamedOut
    level_due_at: datetime.datetime | None
    overdue: bool
    migrant_name: str
    destination_country: str
    received_at: datetime.datetime
    updated_at: datetime.datetime


class EventOut(Schema):
    at: datetime.datetime
    kind: str
    to_level: str | None
    detail: str


class ComplaintDetailOut(ComplaintOut):
    source: Source
    complainant_name: str
    complainant_phone: str
    complainant_relationship: Relationship
    migrant_person_id: int | None
    migration_case_id: int | None
    description: str
    confidential_notes: str
    outcome: str
    events: list[EventOut]


class ComplaintPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ComplaintOut]


class ComplaintsQuery(PageQuery):
    status: ComplaintStatus | None = None
    category: str = Field("", max_length=40)
    overdue: bool = False


class ComplaintIn(InputSchema):
    village: str = Field(
        "", max_length=13, description="Village code; taken from the worker when migrant_person_id is given"
    )
    complainant_name: str = Field(..., min_length=1, max_length=150)
    complainant_phone: str = Field(..., min_length=1, max_length=20)
    complainant_relationship: Relationship
    migrant_name: str = Field(..., min_length=1, max_length=150)
    migrant_person_id: int | None = None
    migration_case_id: int | None = None
    category: str = Field(..., max_length=40, description="A complaint category code, e.g. unpaid_wages")
    destination_country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2, e.g. MY")
    description: str = Field(..., min_length=1, max_length=4000)
    confidential_notes: str = Field("", max_length=4000)


class EscalateIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _complaint(c: Complaint) -> dict[str, Any]:
    english = current_language() == "en"
    return {
        "id": c.pk,
        "ticket": c.ticket,
        "village": c.village_id,
        "status": c.status,
        "category": {"code": c.category.code, "name": c.category.name_en if english else c.category.name_id},
        "level": {"code": c.level.code, "name": c.level.name_en if english else c.level.name_id},
        "level_due_at": c.level_due_at,
        "overdue": c.level_due_at is not None and c.level_due_at < timezone.now(),
        "migrant_name": c.migrant_name,
        "destination_country": c.destination_country,
        "received_at": c.received_at,
        "updated_at": c.updated_at,
    }


def _detail(c: Complaint) -> dict[str, Any]:
    return {
        **_complaint(c),
        "source": c.source,
        "complainant_name": c.complainant_name,
        "complainant_phone": c.complainant_phone,
        "complainant_relationship": c.complainant_relationship,
        "migrant_person_id": c.migrant_person_id,
        "migration_case_id": c.migration_case_id,
        "description": c.description,
        "confidential_notes": c.confidential_notes,
        "outcome": c.outcome,
        "events": [
            {"at": e.at, "kind": e.kind, "to_level": e.to_level.code if e.to_level else None, "detail": e.detail}
            for e in selectors.complaint_events(c)
        ],
    }


@router.get("/", response=ComplaintPage, summary="List complaints of your handling chain")
def list_complaints(request: HttpRequest, query: Query[ComplaintsQuery]) -> dict[str, Any]:
    user = _user(request)
    if not selectors.may_list_complaints(user):
        raise PermissionDenied
    qs = selectors.complaints_for_user(
        user, ComplaintFilter(status=query.status or "", category=query.category, overdue=query.overdue)
    )
    return paged(qs, query, _complaint)


@router.get("/{int:complaint_id}", response=ComplaintDetailOut, summary="One complaint with its timeline (audited)")
def get_complaint(request: HttpRequest, complaint_id: int) -> dict[str, Any]:
    return _detail(selectors.read_complaint_for_user(_user(request), complaint_id, via="api"))


@router.post("/", response={201: ComplaintDetailOut}, summary="Record a complaint")
def create_complaint(request: HttpRequest, payload: ComplaintIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    if not has_perm(user, Perm.COMPLAINTS_HANDLE):
        raise PermissionDenied
    person = get_person_for_user(user, payload.migrant_person_id) if payload.migrant_person_id else None
    case = get_case_for_user(user, payload.migration_case_id) if payload.migration_case_id else None
    village = person.domicile_village if person is not None else Village.objects.filter(code=payload.village).first()
    if village is None:
        raise ValidationError({"village": [ValidationError(services.VILLAGE_REQUIRED)]})
    complaint = services.complaint_receive(
        data=services.ComplaintData(
            village=village,
            complainant_name=payload.complainant_name,
            complainant_phone=payload.complainant_phone,
            complainant_relationship=payload.complainant_relationship,
            migrant_name=payload.migrant_name,
            category=payload.category,
            destination_country=payload.destination_country,
            description=payload.description,
            confidential_notes=payload.confidential_notes,
            migrant_person=person,
            migration_case=case,
        ),
        actor=user,
        via="api",
    )
    return Status(201, _detail(selectors.get_complaint_for_user(user, complaint.pk)))


@router.post("/{int:complaint_id}/escalate", response=ComplaintDetailOut, summary="Escalate to the next level")
def escalate_complaint(request: HttpRequest, complaint_id: int, payload: EscalateIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    complaint = selectors.get_complaint_for_user(user, complaint_id, for_write=True)
    services.complaint_escalate(complaint=complaint, reason=payload.reason, actor=user, via="api")
    return _detail(selectors.get_complaint_for_user(user, complaint_id))
