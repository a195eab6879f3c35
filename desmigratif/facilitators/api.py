"""Facilitator, visit and monthly report endpoints of the JSON API (read-only): the same selectors
as the pages. Money figures of a report are strings holding a decimal number."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.schemas import PageQuery, paged
from desmigratif.facilitators import report, selectors
from desmigratif.facilitators.models import OPEN_STATUSES, Appointment, MonthlyReport, ReportStatus, Visit, VisitKind
from desmigratif.people.models import Person

router = Router(tags=["facilitators"])
visit_router = Router(tags=["facilitators"])
report_router = Router(tags=["facilitators"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _require(request: HttpRequest) -> Any:
    user = _user(request)
    if not has_perm(user, Perm.FACILITATORS_VIEW):
        raise PermissionDenied
    return user


# --- Schemas --------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    full_name: str


class FacilitatorOut(Schema):
    id: int
    person: PersonRef
    village: str
    village_name: str
    slot: int
    starts_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    deliberation_id: int
    replaces_id: int | None
    username: str | None
    is_demo: bool


class VisitOut(Schema):
    id: int
    facilitator_id: int
    village: str
    on: datetime.date
    kind: VisitKind
    people: list[PersonRef]
    attendees: int
    notes: str
    is_demo: bool


class FacilitatorDetailOut(FacilitatorOut):
    visits: list[VisitOut]


class ReportOut(Schema):
    id: int
    village: str
    village_name: str
    month: str = Field(..., description="YYYY-MM")
    status: ReportStatus
    due_on: datetime.date
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    is_demo: bool


class TransitionOut(Schema):
    at: datetime.datetime
    from_status: str
    to_status: str
    comment: str


class ReportDetailOut(ReportOut):
    narrative: str
    figures: dict[str, dict[str, str]] = Field(
        ..., description="Section → figure → value (frozen at submission; counted now for a draft)"
    )
    history: list[TransitionOut]


class FacilitatorPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[FacilitatorOut]


class VisitPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[VisitOut]


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ReportOut]


class FacilitatorsQuery(PageQuery):
    village: str | None = Field(None, max_length=13)
    include_ended: bool = False


class VisitsQuery(PageQuery):
    village: str | None = Field(None, max_length=13)
    kind: VisitKind | None = None


class ReportsQuery(PageQuery):
    village: str | None = Field(None, max_length=13)
    status: ReportStatus | None = None


def _facilitator(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "person": {"id": a.person_id, "full_name": a.person.full_name},
        "village": a.village_id,
        "village_name": a.village.name,
        "slot": a.slot,
        "starts_on": a.starts_on,
        "ended_on": a.ended_on,
        "end_reason": a.end_reason,
        "deliberation_id": a.deliberation_id,
        "replaces_id": a.replaces_id,
        "username": a.user.username if a.user else None,
        "is_demo": a.is_demo,
    }


def _visit(v: Visit, people: Iterable[Person] | None = None) -> dict[str, Any]:
    """``people`` are the people met when the caller has them; otherwise the prefetched ones."""
    return {
        "id": v.pk,
        "facilitator_id": v.appointment_id,
        "village": v.village_id,
        "on": v.on,
        "kind": v.kind,
        "people": [{"id": p.pk, "full_name": p.full_name} for p in (v.people.all() if people is None else people)],
        "attendees": v.attendees,
        "notes": v.notes,
        "is_demo": v.is_demo,
    }


def _report(r: MonthlyReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "village": r.village_id,
        "village_name": r.village.name,
        "month": r.month.strftime("%Y-%m"),
        "status": r.status,
        "due_on": report.due_on(r.month),
        "first_submitted_at": r.first_submitted_at,
        "submitted_at": r.submitted_at,
        "decided_at": r.decided_at,
        "is_demo": r.is_demo,
    }


@router.get("/", response=FacilitatorPage, summary="List facilitators in your area")
def list_facilitators(request: HttpRequest, query: Query[FacilitatorsQuery]) -> dict[str, Any]:
    user = _require(request)
    filters = selectors.FacilitatorFilter(village=query.village or "", active=not query.include_ended)
    return paged(selectors.facilitators_for_user(user, filters), query, _facilitator)


@router.get("/{int:appointment_id}", response=FacilitatorDetailOut, summary="One facilitator with their timeline")
def get_facilitator(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    appointment = selectors.get_facilitator_for_user(_user(request), appointment_id)
    return {**_facilitator(appointment), "visits": [_visit(v) for v in selectors.timeline(appointment)[:100]]}


@visit_router.get("/", response=VisitPage, summary="List facilitators' visits and activities in your area")
def list_visits(request: HttpRequest, query: Query[VisitsQuery]) -> dict[str, Any]:
    user = _require(request)
    filters = selectors.VisitFilter(village=query.village or "", kind=query.kind or "")
    return paged(selectors.visits_for_user(user, filters), query, _visit)


@visit_router.get("/{int:visit_id}", response=VisitOut, summary="One visit or activity")
def get_visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    visit = selectors.get_visit_for_user(_user(request), visit_id)
    return _visit(visit, selectors.visit_people(visit))


@report_router.get("/", response=ReportPage, summary="List monthly reports in your area")
def list_reports(request: HttpRequest, query: Query[ReportsQuery]) -> dict[str, Any]:
    user = _require(request)
    filters = selectors.ReportFilter(village=query.village or "", status=query.status or "")
    return paged(selectors.reports_for_user(user, filters), query, _report)


@report_router.get("/{int:report_id}", response=ReportDetailOut, summary="One monthly report with its figures")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    found = selectors.get_report_for_user(_user(request), report_id)
    figures = report.compute_figures(found.village_id, found.month) if found.status in OPEN_STATUSES else found.figures
    return {
        **_report(found),
        "narrative": found.narrative,
        "figures": figures,
        "history": [
            {"at": t.at, "from_status": t.from_status, "to_status": t.to_status, "comment": t.comment}
            for t in selectors.report_history(found)
        ],
    }
