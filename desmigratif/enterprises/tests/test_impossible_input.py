"""Ids beyond any row's range and other impossible input get a 4xx answer, never a server error
(SQLite cannot even compare an integer above 2⁶³ − 1 with a column)."""

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, login
from desmigratif.core.testing import api_call, api_client_for
from desmigratif.enterprises.tests.conftest import train

pytestmark = pytest.mark.django_db

BIG = 99999999999999999999999


def test_pages_refuse_impossible_ids(client, facilitator_a, owner_a):
    login(client, facilitator_a)
    data = {
        "owners": [str(BIG)],
        "name": "Warung",
        "village": VILLAGE_A,
        "sector": "food",
        "status": "running",
        "capital_source": "cooperative_loan",
        "loan": str(BIG),
    }
    assert client.post(reverse("enterprises:create"), data).status_code == 400
    assert client.get(reverse("enterprises:create"), {"q": "x" * 200}).status_code == 200
    training = train(facilitator_a)
    response = client.post(reverse("enterprises:participant_add", args=[training.pk]), {"person": str(BIG)})
    assert response.status_code == 400
    assert client.get(reverse("enterprises:detail", args=[BIG])).status_code == 404
    assert client.get(reverse("enterprises:training", args=[BIG])).status_code == 404


def test_the_api_refuses_impossible_ids(facilitator_a, owner_a):
    client = api_client_for(facilitator_a)
    body = {"village": VILLAGE_A, "name": "W", "sector": "food", "owners": [BIG], "capital_source": "cooperative_loan"}
    assert api_call(client, "post", "/api/v1/enterprises/", {**body, "loan": BIG}).status_code == 422
    assert api_call(client, "get", f"/api/v1/enterprises/{BIG}").status_code == 404
    assert api_call(client, "get", f"/api/v1/trainings/{BIG}").status_code == 404
    training = train(facilitator_a)
    url = f"/api/v1/trainings/{training.pk}"
    assert api_call(client, "post", f"{url}/participants", {"person_id": BIG}).status_code == 422
    marks = {"day": "2025-03-04", "marks": [{"participant_id": BIG, "present": True}]}
    assert api_call(client, "post", f"{url}/attendance", marks).status_code == 422
    assert api_call(client, "get", "/api/v1/enterprises/", {"village": "x" * 20}).status_code == 422
