"""Fixtures of the vacancy tests: agencies registered and vacancies entered through the real services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from desmigratif.agencies.models import Agency
from desmigratif.agencies.services import agency_change_status, agency_register
from desmigratif.placement.models import Job
from desmigratif.vacancies.models import Vacancy
from desmigratif.vacancies.services import VacancyData, vacancy_create, vacancy_verify


def register_agency(actor: Any, name: str = "PT Contoh Penempatan", licence: str = "SIP3MI-TEST-1") -> Agency:
    today = timezone.localdate()
    return agency_register(
        name=name,
        licence_number=licence,
        licence_valid_from=today - datetime.timedelta(days=365),
        licence_valid_until=today + datetime.timedelta(days=365),
        actor=actor,
    )


def vacancy_data(agency: Agency, job: str = "production_operator", **overrides: Any) -> VacancyData:
    values: dict[str, Any] = {
        "agency": agency,
        "employer_name": "Contoh Electronics Sdn Bhd",
        "country": "MY",
        "job": Job.objects.get(code=job),
        "employer_type": "legal_entity",
        "quota": 10,
        "salary_amount": Decimal("1800.00"),
        "salary_currency": "MYR",
        "contract_months": 24,
        "closing_date": timezone.localdate() + datetime.timedelta(days=30),
        "job_order_reference": "JO/2026/001",
    }
    values.update(overrides)
    return VacancyData(**values)


def make_vacancy(
    actor: Any,
    agency: Agency,
    job: str = "production_operator",
    *,
    verify: bool = True,
    is_demo: bool = False,
    **overrides: Any,
) -> Vacancy:
    vacancy = vacancy_create(data=vacancy_data(agency, job, **overrides), actor=actor, is_demo=is_demo)
    if verify:
        vacancy = vacancy_verify(vacancy=vacancy, decision="verified", actor=actor)
    return vacancy


def make_carer_vacancy(actor: Any, agency: Agency, **overrides: Any) -> Vacancy:
    """A demo job order for an elderly carer (a zero-cost job) with a family in Hong Kong, paid in
    rupiah: the row the list tests read beside make_vacancy's factory job in Malaysia."""
    return make_vacancy(
        actor,
        agency,
        "pengasuh_lanjut_usia",
        country="HK",
        employer_name="Keluarga Chen",
        employer_type="individual",
        salary_amount=Decimal("6500000"),
        salary_currency="IDR",
        is_demo=True,
        **overrides,
    )


@pytest.fixture
def agency(ministry_staff: Any) -> Agency:
    return register_agency(ministry_staff)


@pytest.fixture
def suspended_agency(ministry_staff: Any) -> Agency:
    found = register_agency(ministry_staff, "PT Ditangguhkan", "SIP3MI-TEST-2")
    return agency_change_status(agency=found, status="suspended", reason="Pasal 9", actor=ministry_staff)


@pytest.fixture
def revoked_agency(ministry_staff: Any) -> Agency:
    found = register_agency(ministry_staff, "PT Dicabut", "SIP3MI-TEST-3")
    return agency_change_status(agency=found, status="revoked", reason="Pasal 9", actor=ministry_staff)


@pytest.fixture
def vacancy(regency_officer: Any, agency: Agency) -> Vacancy:
    """A verified, open vacancy: production operator in Malaysia, legal-entity employer."""
    return make_vacancy(regency_officer, agency)
