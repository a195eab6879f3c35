"""POST /api/v1/screening/ and the screenings of a case in the API."""

from __future__ import annotations

import pytest
from django.test import Client

from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.migration.services import case_open
from desmigratif.screening.models import CaseScreening

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening/"
CALO = {
    "recruiter": "individual",
    "country": "MY",
    "employer": "individual",
    "visa": "visit",
    "contract_seen": False,
    "fee_amount": "8000000",
    "fee_paid_to": "individual",
    "passport_holder": "agency",
    "registered": True,
}


@pytest.fixture
def case_a(facilitator_a, person_a):
    return case_open(
        person=person_a,
        destination_country="SA",
        job_title="Pengurus rumah tangga",
        employer_type="individual",
        agency_name="PT Maju Bersama",
        actor=facilitator_a,
    )


def test_an_offer_in_findings_out(facilitator_a):
    response = api_call(api_client_for(facilitator_a), "post", URL, {**CALO, "nik": "3507334403980001"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [f["code"] for f in body["findings"]][:1] == ["RF4"]
    assert {f["code"] for f in body["findings"]} == {"RF1", "RF2", "RF4", "RF5", "RF9"}
    assert body["high_count"] == 5
    rf4 = body["findings"][0]
    assert rf4["severity"] == "high" and rf4["legal_basis"].startswith("UU 18/2017 Pasal 69")
    assert rf4["title"] and rf4["explanation"] and rf4["advice"]
    assert CaseScreening.objects.count() == 0


def test_an_empty_offer_is_screened_as_all_unknown(partner):
    body = api_call(api_client_for(partner, read_only=True), "post", URL, {}).json()
    assert {f["code"] for f in body["findings"]} == {"RECRUITER_UNKNOWN", "RF10"}


def test_the_screening_endpoint_needs_a_token():
    assert api_call(Client(), "post", URL, CALO).status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "Malaysia"}, "country"),
        ({"fee_amount": "-5"}, "fee_amount"),
        ({"visa": "tourist"}, "visa"),
        ({"job_id": 999999}, "job_id"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"nik": "1" * 31}, "nik"),
    ],
)
def test_bad_offers_get_a_422_naming_the_field(facilitator_a, payload, field):
    response = api_call(api_client_for(facilitator_a), "post", URL, payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]


def test_a_non_object_body_is_refused(facilitator_a):
    assert api_call(api_client_for(facilitator_a), "post", URL, [1, 2]).status_code == 422


def test_case_screenings_api_matrix(
    case_a, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner
):
    url = f"/api/v1/cases/{case_a.pk}/screenings/"
    assert_api_access(
        url,
        method="post",
        payload=CALO,
        allowed=[facilitator_a, regency_officer],
        allowed_status=201,
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )
    assert CaseScreening.objects.filter(case=case_a).count() == 2
    assert_api_access(
        url,
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner],
        secrets=[person_a.full_name],
    )


def test_a_read_only_token_cannot_save_a_screening(case_a, facilitator_a):
    client = api_client_for(facilitator_a, read_only=True)
    response = api_call(client, "post", f"/api/v1/cases/{case_a.pk}/screenings/", CALO)
    assert response.status_code == 403
    assert CaseScreening.objects.count() == 0


def test_a_case_screening_is_saved_with_the_persons_nik_checked(case_a, facilitator_a):
    client = api_client_for(facilitator_a)
    response = api_call(client, "post", f"/api/v1/cases/{case_a.pk}/screenings/", {**CALO, "country": "SA"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_id"] == case_a.pk and body["actor"] == str(facilitator_a)
    assert "RF6" in {f["code"] for f in body["findings"]}
    saved = CaseScreening.objects.get(pk=body["id"])
    assert saved.answers["nik_given"] is True and "nik" not in saved.answers
    # A NIK in the request is refused: the registry's is used.
    response = api_call(client, "post", f"/api/v1/cases/{case_a.pk}/screenings/", {**CALO, "nik": "1"})
    assert response.status_code == 422


def test_the_case_screenings_list_query_count_is_fixed(case_a, facilitator_a, django_assert_num_queries):
    client = api_client_for(facilitator_a)
    url = f"/api/v1/cases/{case_a.pk}/screenings/"
    for _ in range(3):
        api_call(client, "post", url, CALO)
    # token, roles, case, screenings with their actors
    with django_assert_num_queries(4):
        response = api_call(client, "get", url)
    assert len(response.json()) == 3
