import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from conftest import VILLAGE_A
from desmigratif.partners import services
from desmigratif.partners.models import Organisation, Programme, Referral, VillageSupport
from desmigratif.regions.models import ProgramVillage, Village

TODAY = datetime.date(2026, 6, 15)
REASON = "Ingin menabung hasil kerja di Taiwan."


@pytest.fixture(autouse=True)
def _english_messages():
    """Domain tests read the (English) msgids of messages; pages are checked in Indonesian too."""
    with translation.override("en"):
        yield


def organisation(short_name: str = "BRI") -> Organisation:
    """An organisation of the reference data (data migration 0002), or one made for the test."""
    found = Organisation.objects.filter(short_name=short_name).first()
    return found or Organisation.objects.create(kind="state_bank", name=f"Bank {short_name}", short_name=short_name)


def make_programme(actor: Any, **overrides: Any) -> Programme:
    values: dict[str, Any] = {
        "organisation": organisation(),
        "name": "Literasi keuangan keluarga PMI",
        "pillar": "cooperative",
        "starts_on": datetime.date(2025, 1, 1),
        "description": "Pelatihan menabung.",
    }
    values.update(overrides)
    return services.programme_create(data=services.ProgrammeData(**values), actor=actor)


def support(actor: Any, programme: Programme, village: str = VILLAGE_A, **overrides: Any) -> VillageSupport:
    values: dict[str, Any] = {
        "village": Village.objects.get(code=village),
        "since": datetime.date(2025, 3, 1),
        "what": "Pelatihan literasi keuangan",
        "amount": Decimal("25000000.50"),
    }
    values.update(overrides)
    return services.support_add(programme=programme, data=services.SupportData(**values), actor=actor)


def refer(actor: Any, person: Any, programme: Programme, **overrides: Any) -> Referral:
    values: dict[str, Any] = {
        "person": person,
        "programme": programme,
        "referred_on": datetime.date(2025, 4, 2),
        "reason": REASON,
    }
    values.update(overrides)
    return services.referral_create(data=services.ReferralData(**values), actor=actor)


@pytest.fixture
def programme(ministry_staff):
    return make_programme(ministry_staff)


@pytest.fixture
def support_a(ministry_staff, programme):
    return support(ministry_staff, programme)


@pytest.fixture
def referral_a(facilitator_a, person_a, programme):
    return refer(facilitator_a, person_a, programme)


def designate(code: str = VILLAGE_A) -> None:
    """Make the village a programme village (support is recorded for programme villages)."""
    ProgramVillage.objects.get_or_create(
        village_id=code, defaults={"cohort_year": 2017, "status": "designated", "is_demo": True}
    )
