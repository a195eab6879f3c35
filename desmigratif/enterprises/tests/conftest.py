import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from conftest import VILLAGE_A, make_person
from desmigratif.enterprises import services
from desmigratif.enterprises.models import Enterprise, Sector, Training
from desmigratif.regions.models import Village

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _english_messages():
    """Domain tests read the (English) msgids of messages; pages are checked in Indonesian too."""
    with translation.override("en"):
        yield


def sector(code: str = "food") -> Sector:
    return Sector.objects.get_or_create(code=code, defaults={"name_id": code, "name_en": code})[0]


def register(actor: Any, owners: list[Any], village: str = VILLAGE_A, **overrides: Any) -> Enterprise:
    status = overrides.pop("status", "running")
    values: dict[str, Any] = {
        "village": Village.objects.get(code=village),
        "name": "Keripik Tempe Bu Siti",
        "sector": sector(),
        "owners": owners,
        "started_on": datetime.date(2025, 1, 10),
        "capital": Decimal("2500000"),
        "capital_source": "remittance",
    }
    values.update(overrides)
    return services.enterprise_register(data=services.EnterpriseData(**values), status=status, actor=actor)


def report(actor: Any, enterprise: Enterprise, start: datetime.date, revenue: str = "1500000", **overrides: Any):
    values: dict[str, Any] = {
        "period_kind": "month",
        "period_start": start,
        "revenue": Decimal(revenue),
        "workers_family": 2,
        "workers_other": 1,
    }
    values.update(overrides)
    return services.progress_report_add(enterprise=enterprise, data=services.ProgressData(**values), actor=actor)


def train(actor: Any, region: str = VILLAGE_A, **overrides: Any) -> Training:
    values: dict[str, Any] = {
        "title": "Pelatihan pengolahan keripik",
        "provider_kind": "blk",
        "provider_name": "BLK Kabupaten Malang",
        "topic": "Pengolahan pangan",
        "starts_on": datetime.date(2025, 3, 3),
        "ends_on": datetime.date(2025, 3, 7),
        "place": "Balai Desa",
        "region_code": region,
    }
    values.update(overrides)
    return services.training_create(data=services.TrainingData(**values), actor=actor)


@pytest.fixture
def owner_a(facilitator_a):
    return make_person(facilitator_a, VILLAGE_A, full_name="Siti Aminah", migrant_status="returnee")


@pytest.fixture
def enterprise_a(facilitator_a, owner_a):
    return register(facilitator_a, [owner_a])
