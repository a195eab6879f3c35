"""Broker-report endpoints of the JSON API: the same selectors and services as the pages.

The list leaves out the reporter's name and contact; the detail shows them only to those who may
follow the report up (``brokers.change`` in its village).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.brokers import selectors, services
from desmigratif.brokers.models import BrokerReport, ReportStatus
from desmigratif.regions.models import Village

router = Router(tags=["broker reports"])


class ReportOut(Schema):
    id: int
    village: str
    source: str
    status: ReportStatus
    broker_name: str
    broker_phone: str
    offered_country: str
    offered_job: str
    money_asked: Decimal | None = Field(None, description="Rupiah, as a decimal string")
    received_at: datetime.datetime
    updated_at: datetime.datetime


class EventOut(Schema):
    at: datetime.datetime
    from_status: str
    to_status: str
    note: str


class ReportDetailOut(ReportOut):
    description: str
    reporter_name: str | None
    reporter_contact: str | None
    events: list[EventOut]


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ReportOut]


class ReportsQuery(PageQuery):
    status: ReportStatus | None = None


class ReportIn(InputSchema):
    village: str = Field(..., max_length=13, description="Kemendagri village code, e.g. 35.07.33.2006")
    broker_name: str = Field(..., max_length=150)
    description: str = Field(..., max_length=4000)
    broker_phone: str = Field("", max_length=30)
    offered_country: str = Field("", max_length=2)
    offered_job: str = Field("", max_length=150)
    money_asked: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=0)
    reporter_name: str = Field("", max_length=150)
    reporter_contact: str = Field("", max_length=100)


class StatusIn(InputSchema):
    status: ReportStatus
    note: str = Field("", max_length=2000)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _report(report: BrokerReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "village": report.village_id,
        "source": report.source,
        "status": report.status,
        "broker_name": report.broker_name,
        "broker_phone": report.broker_phone,
        "offered_country": report.offered_country,
        "offered_job": report.offered_job,
        "money_asked": report.money_asked,
        "received_at": report.received_at,
        "updated_at": report.updated_at,
    }


def _detail(user: Any, report: BrokerReport) -> dict[str, Any]:
    may_follow_up = selectors.can_change_report(user, report)
    return {
        **_report(report),
        "description": report.description,
        "reporter_name": report.reporter_name if may_follow_up else None,
        "reporter_contact": report.reporter_contact if may_follow_up else None,
        "events": [
            {"at": e.at, "from_status": e.from_status, "to_status": e.to_status, "note": e.note}
            for e in selectors.report_events(report)
        ],
    }


@router.get("/", response=ReportPage, summary="List broker reports in your area")
def list_reports(request: HttpRequest, query: Query[ReportsQuery]) -> dict[str, Any]:
    user = _user(request)
    if not has_perm(user, Perm.BROKERS_VIEW):
        raise PermissionDenied
    return paged(selectors.reports_for_user(user, status=query.status or ""), query, _report)


@router.get("/{int:report_id}", response=ReportDetailOut, summary="One broker report with its follow-up")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = _user(request)
    return _detail(user, selectors.get_report_for_user(user, report_id))


@router.post("/", response={201: ReportDetailOut}, summary="Record a broker report")
def create_report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    if not has_perm(user, Perm.BROKERS_CHANGE):
        raise PermissionDenied
    village = Village.objects.filter(code=payload.village).first()
    if village is None:
        raise ValidationError({"village": [ValidationError(services.VILLAGE_OUT_OF_SCOPE)]})
    report = services.broker_report_receive(
        data=services.BrokerReportData(
            village=village,
            broker_name=payload.broker_name,
            description=payload.description,
            broker_phone=payload.broker_phone,
            offered_country=payload.offered_country,
            offered_job=payload.offered_job,
            money_asked=payload.money_asked,
            reporter_name=payload.reporter_name,
            reporter_contact=payload.reporter_contact,
        ),
        actor=user,
    )
    return Status(201, _detail(user, report))


@router.post("/{int:report_id}/status", response=ReportDetailOut, summary="Move the follow-up on")
def set_status(request: HttpRequest, report_id: int, payload: StatusIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    report = selectors.get_report_for_user(user, report_id, for_write=True)
    report = services.broker_report_set_status(report=report, status=payload.status, note=payload.note, actor=user)
    return _detail(user, report)
