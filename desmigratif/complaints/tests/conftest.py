from typing import Any

import pytest
from django.core.cache import cache

from conftest import VILLAGE_A
from desmigratif.complaints.services import ComplaintData, complaint_receive
from desmigratif.regions.models import Village


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The public forms' rate limit counts in the cache; every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def complaint_data(village: str = VILLAGE_A, **overrides) -> ComplaintData:
    values: dict[str, Any] = {
        "village": Village.objects.get(code=village),
        "complainant_name": "Sumarni",
        "complainant_phone": "081234567891",
        "complainant_relationship": "parent",
        "migrant_name": "Rina Wulandari",
        "category": "unpaid_wages",
        "destination_country": "MY",
        "description": "Gaji tiga bulan belum dibayar majikan.",
        "confidential_notes": "",
    }
    values.update(overrides)
    return ComplaintData(**values)


def receive(village: str = VILLAGE_A, actor=None, **overrides):
    return complaint_receive(data=complaint_data(village, **overrides), actor=actor)


@pytest.fixture
def complaint_a(regions):
    """A complaint filed on the public form in village A."""
    return receive(VILLAGE_A, migrant_name="Rina Wulandari", description="Gaji tiga bulan belum dibayar.")
