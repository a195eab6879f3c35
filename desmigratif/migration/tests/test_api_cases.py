import json

import pytest

from conftest import make_person
from desmigratif.core.testing import api_client_for
from desmigratif.migration.models import MigrationCase
from desmigratif.migration.services import case_open
from desmigratif.placement.models import Job

URL = "/api/v1/cases/"


def _json(client, method, url, payload):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def case_a(facilitator_a, person_a):
    return case_open(
        person=person_a,
        destination_country="MY",
        job_title="Operator",
        employer_type="legal_entity",
        actor=facilitator_a,
    )


def test_cases_need_a_token_and_are_scoped(case_a, facilitator_b, regency_officer, partner):
    from django.test import Client

    assert Client().get(URL).status_code == 401
    assert api_client_for(facilitator_b).get(URL).json()["count"] == 0
    assert api_client_for(facilitator_b).get(f"{URL}{case_a.pk}").status_code == 404
    assert api_client_for(partner).get(URL).status_code == 403
    data = api_client_for(regency_officer).get(f"{URL}{case_a.pk}").json()
    assert data["step"]["code"] == "registration" and len(data["documents"]) == 14


def test_a_case_is_opened_documents_verified_and_advanced_through_the_api(facilitator_a, person_a):
    client = api_client_for(facilitator_a)
    response = _json(
        client,
        "post",
        URL,
        {
            "person_id": person_a.pk,
            "destination_country": "SG",
            "job_title": "Pengasuh lansia",
            "employer_type": "individual",
        },
    )
    assert response.status_code == 201, response.content
    case = response.json()
    refused = client.post(f"{URL}{case['id']}/advance")
    assert refused.status_code == 422 and "KK" in refused.json()["error"]["message"]
    for document in case["documents"]:
        if document["required_for_step"] == "registration":
            reply = _json(
                client, "put", f"{URL}{case['id']}/documents/{document['id']}", {"status": "verified", "number": "X1"}
            )
            assert reply.status_code == 200, reply.content
    advanced = client.post(f"{URL}{case['id']}/advance")
    assert advanced.status_code == 200 and advanced.json()["step"]["code"] == "health_check"


def test_bad_input_is_a_4xx_and_saves_nothing(facilitator_a, person_a, person_b):
    client = api_client_for(facilitator_a)
    for payload in (
        {"person_id": person_a.pk, "destination_country": "ID", "job_title": "x", "employer_type": "individual"},
        {"person_id": person_a.pk, "destination_country": "MY", "job_title": "x", "employer_type": "boss"},
        {"person_id": person_a.pk},
    ):
        response = _json(client, "post", URL, payload)
        assert response.status_code == 422, payload
    outside = _json(
        client,
        "post",
        URL,
        {"person_id": person_b.pk, "destination_country": "MY", "job_title": "x", "employer_type": "individual"},
    )
    assert outside.status_code == 404
    assert not MigrationCase.objects.exists()


def test_a_read_only_token_cannot_change_a_case(case_a, facilitator_a):
    client = api_client_for(facilitator_a, read_only=True)
    assert client.post(f"{URL}{case_a.pk}/advance").status_code == 403
    assert _json(client, "post", f"{URL}{case_a.pk}/close", {"status": "cancelled", "reason": "x"}).status_code == 403


def test_the_case_list_query_count_is_fixed(facilitator_a, django_assert_num_queries):
    client = api_client_for(facilitator_a)
    client.get(URL)
    job = Job.objects.get(code="production_operator")
    for index in range(8):
        case_open(
            person=make_person(facilitator_a, full_name=f"Orang {index}"),
            destination_country="MY",
            job_title="Operator",
            job=job if index % 2 else None,  # the list gives each case's job code
            employer_type="legal_entity",
            actor=facilitator_a,
        )
    for size in (2, 8):
        with django_assert_num_queries(4):
            results = client.get(URL, {"page_size": size}).json()["results"]
        assert len(results) == size
    assert sorted(r["job_code"] or "" for r in results) == [""] * 4 + ["production_operator"] * 4
