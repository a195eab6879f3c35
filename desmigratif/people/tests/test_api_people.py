import json

import pytest
from django.test import Client

from conftest import VILLAGE_A, VILLAGE_B, ensure_consent_texts, make_person, valid_nik
from desmigratif.accounts.services import api_token_revoke
from desmigratif.audit.models import AuditLog
from desmigratif.core.testing import api_client_for
from desmigratif.people.models import Person

URL = "/api/v1/people/"


def _payload(village=VILLAGE_A, **overrides):
    import datetime

    payload = {
        "nik": valid_nik(village, datetime.date(1988, 7, 9), "M"),
        "full_name": "Agus Salim",
        "sex": "M",
        "birth_date": "1988-07-09",
        "domicile_village": village,
        "phone": "081355551234",
        "migrant_status": "returnee",
        "consent": {"given_by": "self"},
    }
    payload.update(overrides)
    return payload


def _post(client, payload, url=URL, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def test_it_requires_a_token(person_a):
    for response in (
        Client().get(URL),
        Client().get(f"{URL}{person_a.pk}"),
        Client(HTTP_AUTHORIZATION="Bearer dsm_nope").get(URL),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_a_revoked_token_is_refused(facilitator_a):
    client = api_client_for(facilitator_a)
    token = facilitator_a.api_tokens.get()
    assert client.get(URL).status_code == 200
    api_token_revoke(token=token, actor=facilitator_a)
    assert client.get(URL).status_code == 401


def test_the_list_is_scoped_and_masks_the_nik(person_a, person_b, facilitator_a, regency_officer, partner):
    data = api_client_for(facilitator_a).get(URL).json()
    assert [p["full_name"] for p in data["results"]] == [person_a.full_name]
    assert data["results"][0]["nik_masked"] == person_a.nik_masked
    assert person_a.nik not in json.dumps(data)
    assert data["count"] == 1
    names = {p["full_name"] for p in api_client_for(regency_officer).get(URL).json()["results"]}
    assert names == {person_a.full_name, person_b.full_name}
    response = api_client_for(partner).get(URL)
    assert response.status_code == 403 and person_a.full_name not in response.content.decode()


def test_detail_outside_scope_is_404_with_no_data(person_b, facilitator_a, partner):
    for user in (facilitator_a, partner):
        response = api_client_for(user).get(f"{URL}{person_b.pk}")
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "Tidak ditemukan."}}
    english = api_client_for(facilitator_a).get(f"{URL}{person_b.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"] == "Not found."


def test_search_and_filters(facilitator_a):
    make_person(facilitator_a, full_name="Siti Aminah", migrant_status="abroad")
    make_person(facilitator_a, full_name="Budi", sex="M", migrant_status="returnee")
    client = api_client_for(facilitator_a)
    assert [p["full_name"] for p in client.get(URL, {"q": "amin"}).json()["results"]] == ["Siti Aminah"]
    assert [p["full_name"] for p in client.get(URL, {"migrant_status": "returnee"}).json()["results"]] == ["Budi"]
    assert client.get(URL, {"page_size": 1, "page": 2}).json()["results"][0]["full_name"] == "Siti Aminah"


@pytest.mark.parametrize("params", [{"page_size": 1000}, {"page": 0}, {"migrant_status": "astronaut"}])
def test_bad_query_parameters_are_422(facilitator_a, params):
    response = api_client_for(facilitator_a).get(URL, params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_the_list_query_count_does_not_depend_on_page_size(facilitator_a, django_assert_num_queries):
    for index in range(12):
        make_person(facilitator_a, full_name=f"Orang {index}")
    client = api_client_for(facilitator_a)
    # token (+ last-used update on first use), role assignments, count, rows
    client.get(URL)
    for size in (2, 12):
        with django_assert_num_queries(4):
            assert len(client.get(URL, {"page_size": size}).json()["results"]) == size


def test_create_registers_through_the_service(facilitator_a):
    ensure_consent_texts()
    response = _post(api_client_for(facilitator_a), _payload())
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get()
    assert body["person"]["id"] == person.pk and body["warnings"] == []
    assert person.phone == "+6281355551234"
    assert AuditLog.objects.filter(via="api", subject_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nik": "12"}, "nik"),
        ({"birth_date": "1988-07-10"}, "birth_date"),
        ({"birth_date": "not a date"}, "birth_date"),
        ({"sex": "X"}, "sex"),
        ({"domicile_village": VILLAGE_B}, "domicile_village"),
        ({"phone": "123"}, "phone"),
    ],
)
def test_create_rejects_bad_input_with_a_json_error_and_saves_nothing(facilitator_a, overrides, field):
    ensure_consent_texts()
    response = _post(api_client_for(facilitator_a), _payload(**overrides))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] and field in error["fields"]
    assert (Person.objects.count(), AuditLog.objects.exclude(event__startswith="api_token").count()) == (0, 0)


def test_create_rejects_missing_fields_and_malformed_json(facilitator_a):
    client = api_client_for(facilitator_a)
    response = _post(client, {"full_name": "X"})
    assert response.status_code == 422 and "nik" in response.json()["error"]["fields"]
    response = client.post(URL, data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert not Person.objects.exists()


def test_a_read_only_token_cannot_write(facilitator_a, person_a):
    client = api_client_for(facilitator_a, read_only=True)
    assert _post(client, _payload()).status_code == 403
    assert _post(client, {"full_name": "X"}, f"{URL}{person_a.pk}", "patch").status_code == 403


def test_patch_changes_only_given_fields(facilitator_a, person_a):
    client = api_client_for(facilitator_a)
    response = _post(client, {"migrant_status": "abroad", "phone": None}, f"{URL}{person_a.pk}", "patch")
    assert response.status_code == 200, response.content
    person_a.refresh_from_db()
    assert person_a.migrant_status == "abroad" and person_a.phone == "+6281234567890"


def test_patch_outside_scope_or_by_view_only_staff_is_refused(person_b, facilitator_a, ministry_staff):
    assert _post(api_client_for(facilitator_a), {"full_name": "X"}, f"{URL}{person_b.pk}", "patch").status_code == 404
    assert _post(api_client_for(ministry_staff), {"full_name": "X"}, f"{URL}{person_b.pk}", "patch").status_code == 403
    person_b.refresh_from_db()
    assert person_b.full_name == "Dewi Lestari"


def test_the_openapi_document_is_served():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/people/" in response.json()["paths"]
