"""Writes to vacancies: entry, edit and verification, each one transaction that applies the rules.

The rules are data (``placement``): a zero-cost job may not charge the worker anything (UU 18/2017
Pasal 30, Perban BP2MI 9/2020), and individual employers in a moratorium country are closed
(Kepmenaker 260/2015) except through SPSK, where the employer is a placement company (Kepmenaker
291/2018). They are checked on the day of the write, since a rule's validity is by date.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import is_currency
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.agencies.models import Agency
from desmigratif.agencies.selectors import may_recruit
from desmigratif.lib.countries import country_name, is_country
from desmigratif.migration.models import EmployerType
from desmigratif.people.models import Education
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import Job
from desmigratif.vacancies.models import SexRequirement, Vacancy, VerificationStatus

AGENCY_UNKNOWN = _("No such agency in the registry.")
AGENCY_MAY_NOT_RECRUIT = _("This agency may not recruit: its licence is suspended, revoked or not in force.")
COUNTRY_UNKNOWN = _("Choose a destination country.")
COUNTRY_HOME = _("The destination must be another country than Indonesia.")
JOB_INACTIVE = _("Choose a job from the catalogue.")
CURRENCY_UNKNOWN = _("Enter an ISO 4217 currency code, e.g. MYR, TWD or HKD.")
SALARY_POSITIVE = _("Enter the monthly salary.")
QUOTA_POSITIVE = _("The quota must be at least 1.")
CONTRACT_MONTHS = _("The contract must last between 1 and 120 months.")
AGE_RANGE = _("The maximum age must not be below the minimum age.")
COST_NEGATIVE = _("The cost cannot be negative.")
ZERO_COST_CHARGED = _(
    "Workers in this job may not be charged placement costs (%(basis)s): the cost charged to the worker must be 0."
)
MORATORIUM_CLOSED = _("%(country)s is closed to placement with individual employers (%(basis)s).")
MORATORIUM_SPSK = _(
    "%(country)s is closed to placement with individual employers (%(basis)s). "
    "This job is open only through SPSK (%(spsk)s), with a placement company (syarikah) as employer: "
    "choose a legal entity as employer type."
)
SPSK_NO_COST = _("Under SPSK the worker may not be charged anything (%(spsk)s): the cost must be 0.")
CLOSING_PAST = _("The closing date cannot be in the past.")
REFERENCE_REQUIRED = _("Enter the job order reference (SIP2MI or job order number).")
EMPLOYER_REQUIRED = _("Enter the employer.")
DECISION_INVALID = _("Choose verified or rejected.")
REJECT_NOTE_REQUIRED = _("Give the reason for the rejection.")


@dataclass(frozen=True)
class VacancyData:
    agency: Agency
    employer_name: str
    country: str
    job: Job
    employer_type: str
    quota: int
    salary_amount: Decimal
    salary_currency: str
    contract_months: int
    closing_date: datetime.date
    job_order_reference: str
    sex: str = SexRequirement.ANY
    min_age: int | None = None
    max_age: int | None = None
    education: str = ""
    skills: str = ""
    languages: str = ""
    worker_cost: Decimal = Decimal("0")


def rule_errors(
    *, country: str, job: Job, employer_type: str, worker_cost: Decimal, on: datetime.date
) -> dict[str, Any]:
    """The placement rules a vacancy (or a case) breaks: zero cost, moratorium and SPSK."""
    errors: dict[str, Any] = {}
    zero = placement.zero_cost_rule(job, on)
    if zero is not None and worker_cost > 0:
        errors["worker_cost"] = [ValidationError(ZERO_COST_CHARGED, params={"basis": zero.legal_basis})]
    closed = placement.moratorium_for(country, EmployerType.INDIVIDUAL, on)
    if closed is not None:
        spsk = placement.spsk_rule(country, job, on)
        params = {"country": country_name(country), "basis": closed.moratorium.legal_basis}
        if employer_type == EmployerType.INDIVIDUAL:
            if spsk is None:
                errors["employer_type"] = [ValidationError(MORATORIUM_CLOSED, params=params)]
            else:
                errors["employer_type"] = [
                    ValidationError(MORATORIUM_SPSK, params={**params, "spsk": spsk.legal_basis})
                ]
        elif spsk is not None and worker_cost > 0 and "worker_cost" not in errors:
            errors["worker_cost"] = [ValidationError(SPSK_NO_COST, params={"spsk": spsk.legal_basis})]
    return errors


def _clean(data: VacancyData, today: datetime.date) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not may_recruit(data.agency, today):
        errors["agency"] = [ValidationError(AGENCY_MAY_NOT_RECRUIT)]
    country = data.country.upper().strip()
    if country == "ID":
        errors["country"] = [ValidationError(COUNTRY_HOME)]
    elif not is_country(country):
        errors["country"] = [ValidationError(COUNTRY_UNKNOWN)]
    if not data.job.is_active:
        errors["job"] = [ValidationError(JOB_INACTIVE)]
    if data.employer_type not in EmployerType.values:
        errors["employer_type"] = [ValidationError(_("Choose the employer type."))]
    if not data.employer_name.strip():
        errors["employer_name"] = [ValidationError(EMPLOYER_REQUIRED)]
    if not data.job_order_reference.strip():
        errors["job_order_reference"] = [ValidationError(REFERENCE_REQUIRED)]
    if not is_currency(data.salary_currency.upper().strip()):
        errors["salary_currency"] = [ValidationError(CURRENCY_UNKNOWN)]
    if data.salary_amount <= 0:
        errors["salary_amount"] = [ValidationError(SALARY_POSITIVE)]
    if data.quota < 1:
        errors["quota"] = [ValidationError(QUOTA_POSITIVE)]
    if not 1 <= data.contract_months <= 120:
        errors["contract_months"] = [ValidationError(CONTRACT_MONTHS)]
    if data.min_age is not None and data.max_age is not None and data.max_age < data.min_age:
        errors["max_age"] = [ValidationError(AGE_RANGE)]
    if data.sex not in SexRequirement.values:
        errors["sex"] = [ValidationError(_("Choose who may apply."))]
    if data.education and data.education not in Education.values:
        errors["education"] = [ValidationError(_("Choose an education level."))]
    if data.worker_cost < 0:
        errors["worker_cost"] = [ValidationError(COST_NEGATIVE)]
    if data.closing_date < today:
        errors["closing_date"] = [ValidationError(CLOSING_PAST)]
    if "country" not in errors and data.employer_type in EmployerType.values and data.worker_cost >= 0:
        for name, found in rule_errors(
            country=country, job=data.job, employer_type=data.employer_type, worker_cost=data.worker_cost, on=today
        ).items():
            errors.setdefault(name, found)
    return errors


def search_text(vacancy: Vacancy) -> str:
    """The words a visitor may search a vacancy by, in both languages, lower-cased."""
    parts = [
        vacancy.employer_name,
        vacancy.job.name_id,
        vacancy.job.name_en,
        country_name(vacancy.country, "id"),
        country_name(vacancy.country, "en"),
        vacancy.agency.name,
        vacancy.skills,
        vacancy.languages,
        vacancy.job_order_reference,
    ]
    return " ".join(" ".join(parts).split()).lower()


def _fields(data: VacancyData) -> dict[str, Any]:
    values = asdict(data)
    values["agency"], values["job"] = data.agency, data.job
    values["country"] = data.country.upper().strip()
    values["salary_currency"] = data.salary_currency.upper().strip()
    for name in ("employer_name", "job_order_reference", "languages"):
        values[name] = " ".join(str(values[name]).split())
    values["skills"] = data.skills.strip()
    return values


def _require(actor: Any, perm: str) -> None:
    if not has_perm(actor, perm):
        raise PermissionDenied


@transaction.atomic
def vacancy_create(*, data: VacancyData, actor: Any, is_demo: bool = False) -> Vacancy:
    """Enter a job order; it stays unverified (and off the public page) until someone verifies it."""
    _require(actor, Perm.VACANCIES_CHANGE)
    errors = _clean(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    vacancy = Vacancy(**_fields(data), created_by=actor, created_at=now, updated_at=now, is_demo=is_demo)
    vacancy.search_text = search_text(vacancy)
    vacancy.save()
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, data: VacancyData, actor: Any) -> Vacancy:
    """Change a job order. A verified one goes back to unverified: the change needs checking again."""
    _require(actor, Perm.VACANCIES_CHANGE)
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    errors = _clean(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    fields = _fields(data)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.status, locked.verified_by, locked.verified_at = VerificationStatus.UNVERIFIED, None, None
    locked.updated_at = timezone.now()
    locked.search_text = search_text(locked)
    locked.save(update_fields=[*fields, "status", "verified_by", "verified_at", "updated_at", "search_text"])
    return locked


@transaction.atomic
def vacancy_verify(*, vacancy: Vacancy, decision: str, note: str = "", actor: Any) -> Vacancy:
    """Verify a job order against its SIP2MI and the rules in force today, or reject it with a reason."""
    _require(actor, Perm.VACANCIES_VERIFY)
    locked = Vacancy.objects.select_for_update().select_related("agency", "job").get(pk=vacancy.pk)
    if decision not in (VerificationStatus.VERIFIED, VerificationStatus.REJECTED):
        raise ValidationError({"decision": [ValidationError(DECISION_INVALID)]})
    if decision == VerificationStatus.REJECTED and not note.strip():
        raise ValidationError({"note": [ValidationError(REJECT_NOTE_REQUIRED)]})
    if decision == VerificationStatus.VERIFIED:
        # The rules and the agency's licence may have changed since the vacancy was entered.
        today = timezone.localdate()
        errors = rule_errors(
            country=locked.country,
            job=locked.job,
            employer_type=locked.employer_type,
            worker_cost=locked.worker_cost,
            on=today,
        )
        if not may_recruit(locked.agency, today):
            errors["agency"] = [ValidationError(AGENCY_MAY_NOT_RECRUIT)]
        if errors:
            raise ValidationError(errors)
    locked.status = decision
    locked.verified_by, locked.verified_at = actor, timezone.now()
    locked.verification_note = note.strip()[:300]
    locked.save(update_fields=["status", "verified_by", "verified_at", "verification_note"])
    return locked
