"""Enterprise and training endpoints of the JSON API: the same selectors and services as the pages.

Amounts are strings in JSON ("1500000.00"): Decimal rupiah with two decimals, never floats.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.cooperatives.models import Loan
from desmigratif.enterprises import selectors, services
from desmigratif.enterprises.models import (
    CapitalSource,
    Enterprise,
    EnterpriseStatus,
    Participant,
    PeriodKind,
    ProviderKind,
    Sector,
    Training,
)
from desmigratif.regions.models import Village

router = Router(tags=["enterprises"])
training_router = Router(tags=["trainings"])

OWNER_UNKNOWN = _("One of the owners does not exist or lives outside your area.")
SECTOR_UNKNOWN = _("Choose a sector from the list.")
PERSON_UNKNOWN = _("This person does not exist or lives outside your area.")

Money = Field(..., description='Rupiah as a decimal string, e.g. "1500000.00"')
# A row id: positive and within the 64-bit range every database can compare.
Id = Annotated[int, Field(ge=1, le=selectors.MAX_ID)]


def _m(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


# --- Schemas --------------------------------------------------------------------------------------


class OwnerOut(Schema):
    id: int
    full_name: str


class EnterpriseOut(Schema):
    id: int
    name: str
    village: str
    village_name: str
    sector: str
    status: EnterpriseStatus
    owners: list[OwnerOut]
    started_on: datetime.date | None
    capital: str | None = Field(None, description='Rupiah as a decimal string, e.g. "1500000.00"')
    capital_source: CapitalSource
    loan_id: int | None
    is_demo: bool


class ProductOut(Schema):
    id: int
    name: str
    price: str = Money
    unit: str
    has_photo: bool


class ProgressOut(Schema):
    id: int
    period_kind: PeriodKind
    period_start: datetime.date
    period_end: datetime.date
    revenue: str = Money
    workers_family: int
    workers_other: int
    problems: str
    support_needed: str


class StatusChangeOut(Schema):
    on: datetime.date
    from_status: str
    to_status: str
    note: str


class EnterpriseDetailOut(EnterpriseOut):
    products: list[ProductOut]
    progress: list[ProgressOut]
    history: list[StatusChangeOut]


class EnterprisePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EnterpriseOut]


class EnterprisesQuery(PageQuery):
    sector: str | None = Field(None, max_length=30)
    status: EnterpriseStatus | None = None
    village: str | None = Field(None, max_length=13)


class EnterpriseIn(InputSchema):
    village: str = Field(..., max_length=13, description="Kemendagri village code, e.g. 35.07.33.2006")
    name: str = Field(..., max_length=150)
    sector: str = Field(..., max_length=30, description="Sector code, e.g. food, livestock, trade")
    owners: list[Id] = Field(..., min_length=1, max_length=20, description="Person ids of the owners")
    status: EnterpriseStatus = EnterpriseStatus.RUNNING
    started_on: datetime.date | None = None
    capital: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    capital_source: CapitalSource
    loan: int | None = Field(
        None, description="Id of the owner's cooperative loan, for capital_source=cooperative_loan"
    )


class ProgressIn(InputSchema):
    period_kind: PeriodKind
    period_start: datetime.date = Field(..., description="First day of the month or quarter")
    revenue: Decimal = Field(..., ge=0, max_digits=18, decimal_places=2)
    workers_family: int = Field(0, ge=0, le=1000)
    workers_other: int = Field(0, ge=0, le=1000)
    problems: str = Field("", max_length=2000)
    support_needed: str = Field("", max_length=2000)


class TrainingOut(Schema):
    id: int
    title: str
    provider_kind: ProviderKind
    provider_name: str
    topic: str
    sector: str | None
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    region_code: str
    region_name: str
    is_demo: bool


class TrainingListOut(TrainingOut):
    participant_count: int
    completed_count: int


class ParticipantOut(Schema):
    id: int
    person_id: int
    full_name: str
    village: str
    days_present: int
    completed_on: datetime.date | None
    certificate_number: str
    started_business: bool


class TrainingDetailOut(TrainingOut):
    participants: list[ParticipantOut]


class TrainingPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[TrainingListOut]


class TrainingIn(InputSchema):
    title: str = Field(..., max_length=200)
    provider_kind: ProviderKind
    provider_name: str = Field("", max_length=150)
    topic: str = Field(..., max_length=150)
    sector: str | None = Field(None, max_length=30)
    starts_on: datetime.date
    ends_on: datetime.date
    place: str = Field(..., max_length=200)
    region_code: str = Field(..., max_length=13, description="A village code, or a regency code (35.07)")


class ParticipantIn(InputSchema):
    person_id: Id


class MarkIn(InputSchema):
    participant_id: Id
    present: bool


class AttendanceIn(InputSchema):
    day: datetime.date
    marks: list[MarkIn] = Field(..., min_length=1, max_length=500)


class AttendanceOut(Schema):
    participant_id: int
    day: datetime.date
    present: bool


# --- Enterprises ----------------------------------------------------------------------------------


def _enterprise(e: Enterprise) -> dict[str, Any]:
    return {
        "id": e.pk,
        "name": e.name,
        "village": e.village_id,
        "village_name": e.village.name,
        "sector": e.sector_id,
        "status": e.status,
        "owners": [{"id": o.pk, "full_name": o.full_name} for o in e.owners.all()],
        "started_on": e.started_on,
        "capital": _m(e.capital),
        "capital_source": e.capital_source,
        "loan_id": e.loan_id,
        "is_demo": e.is_demo,
    }


def _enterprise_detail(e: Enterprise) -> dict[str, Any]:
    return {
        **_enterprise(e),
        "owners": [{"id": o.pk, "full_name": o.full_name} for o in selectors.enterprise_owners(e)],
        "products": [
            {"id": p.pk, "name": p.name, "price": _m(p.price), "unit": p.unit, "has_photo": bool(p.photo)}
            for p in selectors.enterprise_products(e)
        ],
        "progress": [
            {
                "id": r.pk,
                "period_kind": r.period_kind,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "revenue": _m(r.revenue),
                "workers_family": r.workers_family,
                "workers_other": r.workers_other,
                "problems": r.problems,
                "support_needed": r.support_needed,
            }
            for r in selectors.enterprise_reports(e)
        ],
        "history": [
            {"on": h.on, "from_status": h.from_status, "to_status": h.to_status, "note": h.note}
            for h in selectors.enterprise_history(e)
        ],
    }


@router.get("/", response=EnterprisePage, summary="List enterprises in your area")
def list_enterprises(request: HttpRequest, query: Query[EnterprisesQuery]) -> dict[str, Any]:
    user = _user(request)
    if not has_perm(user, Perm.ENTERPRISES_VIEW):
        raise PermissionDenied
    filters = selectors.EnterpriseFilter(
        sector=query.sector or "", status=query.status or "", village=query.village or ""
    )
    return paged(selectors.enterprises_for_user(user, filters), query, _enterprise)


@router.get("/{int:enterprise_id}", response=EnterpriseDetailOut, summary="One enterprise with its progress")
def get_enterprise(request: HttpRequest, enterprise_id: int) -> dict[str, Any]:
    return _enterprise_detail(selectors.get_enterprise_for_user(_user(request), enterprise_id))


@router.post("/", response={201: EnterpriseDetailOut}, summary="Register an enterprise")
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    if not has_perm(user, Perm.ENTERPRISES_CHANGE):
        raise PermissionDenied
    errors: dict[str, list[ValidationError]] = {}
    village = Village.objects.filter(code=payload.village).first()
    if village is None:
        errors["village"] = [ValidationError(services.VILLAGE_OUT_OF_SCOPE)]
    sector = Sector.objects.filter(code=payload.sector).first()
    if sector is None:
        errors["sector"] = [ValidationError(SECTOR_UNKNOWN)]
    owners = list(selectors.people_for_owners(user).filter(pk__in=payload.owners))
    if len(owners) != len(set(payload.owners)):
        errors["owners"] = [ValidationError(OWNER_UNKNOWN)]
    loan = None
    if payload.loan is not None:
        loans = scope_for(user, Perm.ENTERPRISES_CHANGE).apply(Loan.objects.all(), "cooperative__village__code")
        loan = loans.filter(pk=payload.loan).first()
        if loan is None:
            errors["loan"] = [ValidationError(services.LOAN_OUT_OF_SCOPE)]
    if errors:
        raise ValidationError(errors)
    assert village is not None and sector is not None
    enterprise = services.enterprise_register(
        data=services.EnterpriseData(
            village=village,
            name=payload.name,
            sector=sector,
            owners=owners,
            started_on=payload.started_on,
            capital=payload.capital,
            capital_source=payload.capital_source,
            loan=loan,
        ),
        status=payload.status,
        actor=user,
    )
    return Status(201, _enterprise_detail(selectors.get_enterprise_for_user(user, enterprise.pk)))


@router.post("/{int:enterprise_id}/progress", response={201: ProgressOut}, summary="Add a progress report")
def add_progress(request: HttpRequest, enterprise_id: int, payload: ProgressIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    enterprise = selectors.get_enterprise_for_user(user, enterprise_id, for_write=True)
    r = services.progress_report_add(
        enterprise=enterprise,
        data=services.ProgressData(
            period_kind=payload.period_kind,
            period_start=payload.period_start,
            revenue=payload.revenue,
            workers_family=payload.workers_family,
            workers_other=payload.workers_other,
            problems=payload.problems,
            support_needed=payload.support_needed,
        ),
        actor=user,
    )
    return Status(
        201,
        {
            "id": r.pk,
            "period_kind": r.period_kind,
            "period_start": r.period_start,
            "period_end": r.period_end,
            "revenue": _m(r.revenue),
            "workers_family": r.workers_family,
            "workers_other": r.workers_other,
            "problems": r.problems,
            "support_needed": r.support_needed,
        },
    )


# --- Trainings ------------------------------------------------------------------------------------


def _training(t: Training) -> dict[str, Any]:
    return {
        "id": t.pk,
        "title": t.title,
        "provider_kind": t.provider_kind,
        "provider_name": t.provider_name,
        "topic": t.topic,
        "sector": t.sector_id,
        "starts_on": t.starts_on,
        "ends_on": t.ends_on,
        "place": t.place,
        "region_code": t.region_code,
        "region_name": t.region_name,
        "is_demo": t.is_demo,
    }


def _participant(p: Participant) -> dict[str, Any]:
    return {
        "id": p.pk,
        "person_id": p.person_id,
        "full_name": p.person.full_name,
        "village": p.person.domicile_village_id,
        "days_present": getattr(p, "days_present", 0),
        "completed_on": p.completed_on,
        "certificate_number": p.certificate_number,
        "started_business": getattr(p, "started_business", False),
    }


def _training_detail(user: Any, t: Training) -> dict[str, Any]:
    return {**_training(t), "participants": [_participant(p) for p in selectors.participants_for_user(user, t)]}


def _training_row(t: Training) -> dict[str, Any]:
    return {
        **_training(t),
        "participant_count": t.participant_count,  # type: ignore[attr-defined]
        "completed_count": t.completed_count,  # type: ignore[attr-defined]
    }


@training_router.get("/", response=TrainingPage, summary="List trainings in your area")
def list_trainings(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = _user(request)
    if not has_perm(user, Perm.ENTERPRISES_VIEW):
        raise PermissionDenied
    return paged(selectors.trainings_for_user(user), query, _training_row)


@training_router.get(
    "/{int:training_id}", response=TrainingDetailOut, summary="One training with its participants in your area"
)
def get_training(request: HttpRequest, training_id: int) -> dict[str, Any]:
    user = _user(request)
    return _training_detail(user, selectors.get_training_for_user(user, training_id))


@training_router.post("/", response={201: TrainingDetailOut}, summary="Record a training")
def create_training(request: HttpRequest, payload: TrainingIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    if not has_perm(user, Perm.ENTERPRISES_CHANGE):
        raise PermissionDenied
    sector = None
    if payload.sector:
        sector = Sector.objects.filter(code=payload.sector).first()
        if sector is None:
            raise ValidationError({"sector": [ValidationError(SECTOR_UNKNOWN)]})
    training = services.training_create(
        data=services.TrainingData(
            title=payload.title,
            provider_kind=payload.provider_kind,
            provider_name=payload.provider_name,
            topic=payload.topic,
            sector=sector,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            place=payload.place,
            region_code=payload.region_code,
        ),
        actor=user,
    )
    return Status(201, _training_detail(user, training))


@training_router.post(
    "/{int:training_id}/participants", response={201: ParticipantOut}, summary="Register a participant"
)
def add_participant(request: HttpRequest, training_id: int, payload: ParticipantIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    training = selectors.get_training_for_user(user, training_id, for_write=True)
    person = selectors.people_for_owners(user).filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": [ValidationError(PERSON_UNKNOWN)]})
    participant = services.participant_add(training=training, person=person, actor=user)
    return Status(201, _participant(selectors.get_participant_for_user(user, training, participant.pk)))


@training_router.post(
    "/{int:training_id}/attendance", response=list[AttendanceOut], summary="Record attendance on one course day"
)
def record_attendance(request: HttpRequest, training_id: int, payload: AttendanceIn) -> list[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    training = selectors.get_training_for_user(user, training_id, for_write=True)
    rows = services.attendance_record(
        training=training,
        day=payload.day,
        marks={m.participant_id: m.present for m in payload.marks},
        actor=user,
    )
    return [{"participant_id": a.participant_id, "day": a.day, "present": a.present} for a in rows]
