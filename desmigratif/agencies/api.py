"""Agency registry endpoints of the JSON API. The registry is public information: any token reads it;
registering and changing a status need national agency rights (the same services as the pages)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from desmigratif.agencies import selectors, services
from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    name: str
    licence_number: str
    licence_valid_from: datetime.date
    licence_valid_until: datetime.date | None
    status: AgencyStatus
    may_recruit_today: bool
    head_office: str
    branch_offices: list[str]


class StatusChangeOut(Schema):
    at: datetime.datetime
    from_status: str
    to_status: AgencyStatus
    reason: str
    reference: str


class AgencyDetailOut(AgencyOut):
    history: list[StatusChangeOut]


class AgencyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AgencyOut]


class AgenciesQuery(PageQuery):
    q: str = Field("", max_length=100, description="Part of the name or licence number")


class AgencyIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    licence_number: str = Field(..., min_length=1, max_length=100)
    licence_valid_from: datetime.date
    licence_valid_until: datetime.date | None = None
    head_office: str = Field("", max_length=300)
    branch_offices: str = Field("", max_length=5000)


class StatusIn(InputSchema):
    status: AgencyStatus
    reason: str = Field(..., max_length=300)
    reference: str = Field("", max_length=200)


def _agency(agency: Agency, today: datetime.date) -> dict[str, Any]:
    return {
        "id": agency.pk,
        "name": agency.name,
        "licence_number": agency.licence_number,
        "licence_valid_from": agency.licence_valid_from,
        "licence_valid_until": agency.licence_valid_until,
        "status": agency.status,
        "may_recruit_today": selectors.may_recruit(agency, today),
        "head_office": agency.head_office,
        "branch_offices": [line.strip() for line in agency.branch_offices.splitlines() if line.strip()],
    }


def _detail(agency_id: int) -> dict[str, Any]:
    agency = selectors.get_agency(agency_id)
    history = [
        {
            "at": h.at,
            "from_status": h.from_status,
            "to_status": h.to_status,
            "reason": h.reason,
            "reference": h.reference,
        }
        for h in agency.status_changes.all()
    ]
    return {**_agency(agency, timezone.localdate()), "history": history}


@router.get("/", response=AgencyPage, summary="Search the agency registry")
def list_agencies(request: HttpRequest, query: Query[AgenciesQuery]) -> dict[str, Any]:
    today = timezone.localdate()
    return paged(selectors.agencies_search(query.q), query, lambda a: _agency(a, today))


@router.get("/{int:agency_id}", response=AgencyDetailOut, summary="One agency with its status history")
def get_agency(request: HttpRequest, agency_id: int) -> dict[str, Any]:
    return _detail(agency_id)


@router.post("/", response={201: AgencyDetailOut}, summary="Register an agency (national staff)")
def register_agency(request: HttpRequest, payload: AgencyIn) -> Status[dict[str, Any]]:
    require_write(request)
    agency = services.agency_register(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return Status(201, _detail(agency.pk))


@router.post("/{int:agency_id}/status", response=AgencyDetailOut, summary="Suspend, revoke or reinstate")
def change_status(request: HttpRequest, agency_id: int, payload: StatusIn) -> dict[str, Any]:
    require_write(request)
    agency = selectors.get_agency(agency_id)
    services.agency_change_status(agency=agency, actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return _detail(agency_id)
