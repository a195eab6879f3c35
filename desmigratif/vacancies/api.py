"""Vacancy endpoints of the JSON API: the same selectors and services as the pages.

Any token reads the public vacancies; staff who work with vacancies (or cases) see every one, with
a verification filter; entering and verifying need the vacancy permissions.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.agencies.models import Agency
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.migration.models import EmployerType
from desmigratif.people.models import Education
from desmigratif.people.selectors import get_person_for_user
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import Job, Sector
from desmigratif.vacancies import matching, selectors, services
from desmigratif.vacancies.models import SexRequirement, Vacancy, VerificationStatus
from desmigratif.vacancies.selectors import VacancyFilter

router = Router(tags=["vacancies"])


class JobOut(Schema):
    code: str
    name: str
    sector: str


class VacancyOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    employer_name: str
    employer_type: EmployerType
    country: str
    job: JobOut
    zero_cost: bool
    quota: int
    salary_amount: Decimal
    salary_currency: str
    contract_months: int
    sex: SexRequirement
    min_age: int | None
    max_age: int | None
    education: str
    skills: str
    languages: str
    worker_cost: Decimal
    closing_date: datetime.date
    job_order_reference: str
    status: VerificationStatus


class VacancyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[VacancyOut]


class VacanciesQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words of the job, country, employer or agency")
    country: str = Field("", max_length=2)
    job: str = Field("", max_length=60, description="Job code")
    sector: Sector | None = None
    status: VerificationStatus | None = Field(None, description="Staff only; others see verified open vacancies")


class VacancyIn(InputSchema):
    agency_id: int
    employer_name: str = Field(..., min_length=1, max_length=200)
    employer_type: EmployerType
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2, e.g. MY")
    job: str = Field(..., max_length=60, description="Job code from the catalogue")
    quota: int = Field(..., ge=1, le=100_000)
    salary_amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    salary_currency: str = Field(..., min_length=3, max_length=3, description="ISO 4217, e.g. MYR")
    contract_months: int = Field(..., ge=1, le=120)
    closing_date: datetime.date
    job_order_reference: str = Field(..., min_length=1, max_length=100)
    sex: SexRequirement = SexRequirement.ANY
    min_age: int | None = Field(None, ge=18, le=80)
    max_age: int | None = Field(None, ge=18, le=80)
    education: Education | None = None
    skills: str = Field("", max_length=2000)
    languages: str = Field("", max_length=300)
    worker_cost: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)


class VerifyIn(InputSchema):
    decision: VerificationStatus
    note: str = Field("", max_length=300)


def _vacancy(v: Vacancy, zero_cost: set[int]) -> dict[str, Any]:
    return {
        "id": v.pk,
        "agency_id": v.agency_id,
        "agency_name": v.agency.name,
        "employer_name": v.employer_name,
        "employer_type": v.employer_type,
        "country": v.country,
        "job": {"code": v.job.code, "name": v.job.name, "sector": v.job.sector},
        "zero_cost": v.job_id in zero_cost,
        "quota": v.quota,
        "salary_amount": v.salary_amount,
        "salary_currency": v.salary_currency,
        "contract_months": v.contract_months,
        "sex": v.sex,
        "min_age": v.min_age,
        "max_age": v.max_age,
        "education": v.education,
        "skills": v.skills,
        "languages": v.languages,
        "worker_cost": v.worker_cost,
        "closing_date": v.closing_date,
        "job_order_reference": v.job_order_reference,
        "status": v.status,
    }


def _detail(user: Any, vacancy_id: int) -> dict[str, Any]:
    return _vacancy(selectors.get_vacancy_for_user(user, vacancy_id), placement.zero_cost_job_ids())


def _data(payload: VacancyIn) -> services.VacancyData:
    values = payload.dict()
    agency = Agency.objects.filter(pk=values.pop("agency_id")).first()
    job = Job.objects.filter(code=values.pop("job"), is_active=True).first()
    errors: dict[str, Any] = {}
    if agency is None:
        errors["agency_id"] = [ValidationError(services.AGENCY_UNKNOWN)]
    if job is None:
        errors["job"] = [ValidationError(services.JOB_INACTIVE)]
    if errors:
        raise ValidationError(errors)
    values["education"] = values["education"] or ""
    return services.VacancyData(agency=agency, job=job, **values)  # type: ignore[arg-type]


@router.get("/", response=VacancyPage, summary="Search vacancies")
def list_vacancies(request: HttpRequest, query: Query[VacanciesQuery]) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    filters = VacancyFilter(
        q=query.q,
        country=query.country.upper(),
        job=query.job,
        sector=query.sector or "",
        status=query.status or "",
    )
    qs = selectors.vacancies_for_user(user, filters)
    zero_cost = placement.zero_cost_job_ids()
    return paged(qs, query, lambda v: _vacancy(v, zero_cost))


@router.get("/{int:vacancy_id}", response=VacancyOut, summary="One vacancy")
def get_vacancy(request: HttpRequest, vacancy_id: int) -> dict[str, Any]:
    return _detail(request.auth, vacancy_id)  # type: ignore[attr-defined]


@router.post("/", response={201: VacancyOut}, summary="Enter a vacancy (job order)")
def create_vacancy(request: HttpRequest, payload: VacancyIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = request.auth  # type: ignore[attr-defined]
    vacancy = services.vacancy_create(data=_data(payload), actor=user)
    return Status(201, _detail(user, vacancy.pk))


@router.post("/{int:vacancy_id}/verify", response=VacancyOut, summary="Verify or reject a vacancy")
def verify_vacancy(request: HttpRequest, vacancy_id: int, payload: VerifyIn) -> dict[str, Any]:
    require_write(request)
    user = request.auth  # type: ignore[attr-defined]
    vacancy = selectors.get_vacancy_for_user(user, vacancy_id)
    services.vacancy_verify(vacancy=vacancy, decision=payload.decision, note=payload.note, actor=user)
    return _detail(user, vacancy_id)


# --- Matching ---------------------------------------------------------------------------------------


class MatchOut(Schema):
    vacancy: VacancyOut
    eligible: bool
    rank: int | None
    reasons: list[str] = Field(..., description="Why it ranks where it does (in the request's language)")
    blockers: list[str] = Field(..., description="Why the person may not take it (empty when eligible)")


class CandidateOut(Schema):
    id: int
    full_name: str
    village: str
    sex: str


class CandidatePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CandidateOut]


def _require_staff(user: Any) -> None:
    if not selectors.can_see_all(user):
        raise PermissionDenied


@router.get(
    "/matching/person/{int:person_id}",
    response=list[MatchOut],
    summary="Open vacancies ranked for a person, with the reasons, and the others with why not",
)
def person_matches(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    person = get_person_for_user(user, person_id)
    _require_staff(user)
    zero_cost = placement.zero_cost_job_ids()
    return [
        {
            "vacancy": _vacancy(m.vacancy, zero_cost),
            "eligible": m.eligible,
            "rank": m.rank,
            "reasons": [str(r) for r in m.reasons],
            "blockers": [str(b) for b in m.blockers],
        }
        for m in matching.matches_for_person(person, timezone.localdate())
    ]


@router.get(
    "/{int:vacancy_id}/candidates",
    response=CandidatePage,
    summary="Prospective workers in your area whom the hard rules allow to take the vacancy",
)
def vacancy_candidates(request: HttpRequest, vacancy_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    _require_staff(user)
    if not has_perm(user, Perm.PEOPLE_VIEW):
        raise PermissionDenied
    vacancy = selectors.get_vacancy_for_user(user, vacancy_id)
    people = matching.candidates_for_vacancy(user, vacancy, timezone.localdate())
    return paged(
        people, query, lambda p: {"id": p.pk, "full_name": p.full_name, "village": p.domicile_village_id, "sex": p.sex}
    )
