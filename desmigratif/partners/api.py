"""Partner endpoints of the JSON API (read-only): the same selectors as the pages.

Amounts are strings in JSON ("25000000.00"): Decimal rupiah, never floats. Referrals name a person
and answer only within the person's village area; the NIK is never part of them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.schemas import PageQuery, paged
from desmigratif.partners import selectors
from desmigratif.partners.models import (
    Organisation,
    OrganisationKind,
    Programme,
    Referral,
    ReferralStatus,
    VillageSupport,
)

organisation_router = Router(tags=["partners"])
programme_router = Router(tags=["partners"])
support_router = Router(tags=["partners"])
referral_router = Router(tags=["partners"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _m(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _require_view(user: Any) -> None:
    if not has_perm(user, Perm.PARTNERS_VIEW):
        raise PermissionDenied


class ProgrammesQuery(PageQuery):
    organisation: int | None = Field(None, ge=1, le=selectors.MAX_ID)
    pillar: str | None = Field(None, max_length=15)


class SupportsQuery(PageQuery):
    programme: int | None = Field(None, ge=1, le=selectors.MAX_ID)
    village: str | None = Field(None, max_length=13)


class ReferralsQuery(PageQuery):
    programme: int | None = Field(None, ge=1, le=selectors.MAX_ID)
    status: ReferralStatus | None = None


# --- Schemas --------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    name: str
    short_name: str
    programme_count: int


class ProgrammeOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    name: str
    pillar: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    is_active: bool
    village_count: int = Field(..., description="Villages supported in the caller's area")
    is_demo: bool


class SupportOut(Schema):
    id: int
    programme_id: int
    programme: str
    village: str
    village_name: str
    since: datetime.date
    until: datetime.date | None
    what: str
    amount: str | None = Field(None, description='Rupiah as a decimal string, e.g. "25000000.00"')
    is_demo: bool


class ReferralOut(Schema):
    id: int
    person_id: int
    full_name: str
    village: str
    programme_id: int
    programme: str
    referred_on: datetime.date
    status: ReferralStatus
    status_on: datetime.date
    is_demo: bool


class ReferralEventOut(Schema):
    on: datetime.date
    from_status: str
    to_status: str
    note: str


class ReferralDetailOut(ReferralOut):
    reason: str
    history: list[ReferralEventOut]


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[OrganisationOut]


class ProgrammePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProgrammeOut]


class SupportPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[SupportOut]


class ReferralPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ReferralOut]


def _organisation(o: Organisation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "kind": o.kind,
        "name": o.name,
        "short_name": o.short_name,
        "programme_count": getattr(o, "programme_count", 0),
    }


def _programme(p: Programme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organisation_id": p.organisation_id,
        "organisation": str(p.organisation),
        "name": p.name,
        "pillar": p.pillar,
        "description": p.description,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "is_active": p.is_active,
        "village_count": getattr(p, "village_count", 0),
        "is_demo": p.is_demo,
    }


def _support(s: VillageSupport) -> dict[str, Any]:
    return {
        "id": s.pk,
        "programme_id": s.programme_id,
        "programme": s.programme.name,
        "village": s.village_id,
        "village_name": s.village.name,
        "since": s.since,
        "until": s.until,
        "what": s.what,
        "amount": _m(s.amount),
        "is_demo": s.is_demo,
    }


def _referral(r: Referral) -> dict[str, Any]:
    return {
        "id": r.pk,
        "person_id": r.person_id,
        "full_name": r.person.full_name,
        "village": r.village_id,
        "programme_id": r.programme_id,
        "programme": r.programme.name,
        "referred_on": r.referred_on,
        "status": r.status,
        "status_on": r.status_on,
        "is_demo": r.is_demo,
    }


# --- Endpoints ------------------------------------------------------------------------------------


@organisation_router.get("/", response=OrganisationPage, summary="List partner organisations")
def list_organisations(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = _user(request)
    _require_view(user)
    return paged(selectors.organisations_for_user(user), query, _organisation)


@organisation_router.get("/{int:organisation_id}", response=OrganisationOut, summary="One partner organisation")
def get_organisation(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    return _organisation(selectors.get_organisation_for_user(_user(request), organisation_id))


@programme_router.get("/", response=ProgrammePage, summary="List partner programmes")
def list_programmes(request: HttpRequest, query: Query[ProgrammesQuery]) -> dict[str, Any]:
    user = _user(request)
    _require_view(user)
    filters = selectors.ProgrammeFilter(organisation=query.organisation, pillar=query.pillar or "")
    return paged(selectors.programmes_for_user(user, filters), query, _programme)


@programme_router.get("/{int:programme_id}", response=ProgrammeOut, summary="One partner programme")
def get_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    user = _user(request)
    selectors.get_programme_for_user(user, programme_id)
    programme = selectors.programmes_for_user(user).get(pk=programme_id)
    return _programme(programme)


@support_router.get("/", response=SupportPage, summary="List what partner programmes give villages in your area")
def list_supports(request: HttpRequest, query: Query[SupportsQuery]) -> dict[str, Any]:
    user = _user(request)
    _require_view(user)
    filters = selectors.SupportFilter(programme=query.programme, village=query.village or "")
    return paged(selectors.supports_for_user(user, filters), query, _support)


@support_router.get("/{int:support_id}", response=SupportOut, summary="One village support")
def get_support(request: HttpRequest, support_id: int) -> dict[str, Any]:
    return _support(selectors.get_support_for_user(_user(request), support_id))


@referral_router.get("/", response=ReferralPage, summary="List referrals of people in your area")
def list_referrals(request: HttpRequest, query: Query[ReferralsQuery]) -> dict[str, Any]:
    user = _user(request)
    if not (has_perm(user, Perm.PARTNERS_VIEW) and has_perm(user, Perm.PEOPLE_VIEW)):
        raise PermissionDenied
    filters = selectors.ReferralFilter(programme=query.programme, status=query.status or "")
    return paged(selectors.referrals_for_user(user, filters), query, _referral)


@referral_router.get("/{int:referral_id}", response=ReferralDetailOut, summary="One referral with its history")
def get_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    referral = selectors.get_referral_for_user(_user(request), referral_id)
    return {
        **_referral(referral),
        "reason": referral.reason,
        "history": [
            {"on": e.on, "from_status": e.from_status, "to_status": e.to_status, "note": e.note}
            for e in selectors.referral_history(referral)
        ],
    }
