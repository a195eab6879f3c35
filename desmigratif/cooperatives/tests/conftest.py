import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from conftest import VILLAGE_A
from desmigratif.cooperatives import services
from desmigratif.regions.models import Village


@pytest.fixture
def cooperative(treasurer):
    return services.cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi Demo Brongkal",
        founded_on=datetime.date(2018, 3, 1),
        principal_savings_amount=Decimal("100000"),
        mandatory_savings_amount=Decimal("20000"),
        actor=treasurer,
    )


@pytest.fixture(autouse=True)
def _english_messages():
    """Domain tests read the (English) msgids of messages; pages are tested in Indonesian."""
    with translation.override("en"):
        yield
