"""Screening endpoints of the JSON API: the same engine and service as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema
from desmigratif.migration.selectors import get_case_for_user
from desmigratif.screening import rules, selectors, services
from desmigratif.screening.models import CaseScreening, Severity
from desmigratif.screening.offer import Employer, Offer, PaidTo, PassportHolder, Recruiter, Route, Visa

router = Router(tags=["job-offer screening"])
case_router = Router(tags=["job-offer screening"])


class OfferIn(InputSchema):
    """An offer; every answer may be left out when it is not known."""

    recruiter: Recruiter = Recruiter.UNKNOWN
    agency: str = Field("", max_length=200, description="Licence (SIP3MI) number or name of the agency")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2, e.g. SA")
    job_id: int | None = Field(None, description="A placement job id; or job_text")
    job_text: str = Field("", max_length=150)
    employer: Employer = Employer.UNKNOWN
    visa: Visa = Visa.UNKNOWN
    contract_seen: bool | None = None
    placement_agreement: bool | None = None
    fee_amount: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=2, description="Rupiah")
    fee_paid_to: PaidTo | None = None
    passport_holder: PassportHolder | None = None
    birth_date: datetime.date | None = None
    nik: str = Field("", max_length=30, description="Read for the checks; never stored")
    departure_date: datetime.date | None = None
    family_permission: bool | None = None
    registered: bool | None = None
    route: Route | None = None
    high_pay_fast: bool | None = None
    female_with_infant: bool | None = None

    def to_offer(self, **override: Any) -> Offer:
        data = self.dict()
        for key in ("fee_paid_to", "passport_holder", "route"):
            data[key] = data[key] or ""
        data.update(override)
        return Offer(**data)


class CaseOfferIn(OfferIn):
    """An offer for a case: the worker's NIK comes from the registry, not from the request."""

    nik: str = Field("", max_length=0, description="Not accepted here: the person's NIK is used")


class FindingOut(Schema):
    code: str
    severity: Severity
    warning: bool
    title: str
    explanation: str
    advice: str
    legal_basis: str
    details: list[str]
    items: list[str]


class ScreeningOut(Schema):
    rules_on: datetime.date
    high_count: int
    findings: list[FindingOut]


class CaseScreeningOut(ScreeningOut):
    id: int
    case_id: int
    at: datetime.datetime
    actor: str


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _saved(screening: CaseScreening) -> dict[str, Any]:
    return {
        "id": screening.pk,
        "case_id": screening.case_id,
        "at": screening.at,
        "actor": str(screening.actor),
        "rules_on": screening.rules_on,
        "high_count": screening.high_count,
        "findings": selectors.shown_findings(screening.findings),
    }


@router.post("/", response=ScreeningOut, summary="Screen a job offer (nothing is saved)")
def screen_offer(request: HttpRequest, payload: OfferIn) -> dict[str, Any]:
    result = rules.screen(payload.to_offer())
    return {
        "rules_on": result.on,
        "high_count": result.high_count,
        "findings": [f.shown() for f in result.findings],
    }


@case_router.post(
    "/{int:case_id}/screenings/", response={201: CaseScreeningOut}, summary="Screen a case's offer and save it"
)
def screen_case_offer(request: HttpRequest, case_id: int, payload: CaseOfferIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    case = get_case_for_user(user, case_id, for_write=True)
    screening = services.case_screening_record(case=case, offer=payload.to_offer(nik=case.person.nik), actor=user)
    return Status(201, _saved(selectors.get_screening_of_case(case, screening.pk) or screening))


@case_router.get("/{int:case_id}/screenings/", response=list[CaseScreeningOut], summary="A case's screenings")
def list_case_screenings(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = get_case_for_user(_user(request), case_id)
    return [_saved(s.screening) for s in selectors.case_screenings(case)]
