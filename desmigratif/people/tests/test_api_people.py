import datetime
import json

import pytest
from django.test import Client

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_person, valid_nik
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.people.models import Consent, Person

URL = "/api/v1/people/"


def _detail(person_or_id):
    return f"{URL}{getattr(person_or_id, 'pk', person_or_id)}"


def _payload(village=VILLAGE_A, **overrides):
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


def _people_writes():
    """Rows a rejected write must not leave behind (token creation has its own audit rows)."""
    audit = AuditLog.objects.exclude(event__in=[AuditEvent.API_TOKEN_CREATED, AuditEvent.API_TOKEN_REVOKED])
    return Person.objects.count(), Consent.objects.count(), audit.count()


@pytest.fixture
def writer(facilitator_a):
    return api_client_for(facilitator_a)


# --- The access matrix ----------------------------------------------------------------------------------


def test_the_list_matrix(
    person_a, facilitator_a, regency_officer, ministry_staff, treasurer, partner, sysadmin, no_role_user
):
    assert_api_access(
        URL,
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        forbidden=[partner, sysadmin, no_role_user],
        secrets=[person_a.full_name, person_a.nik_masked],
    )


def test_the_detail_matrix(
    person_a,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    regency_officer,
    ministry_staff,
    treasurer,
    partner,
    sysadmin,
    no_role_user,
):
    assert_api_access(
        _detail(person_a),
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, facilitator_c, partner, sysadmin, no_role_user],
        secrets=[person_a.full_name, person_a.nik, person_a.nik_masked, person_a.phone],
    )


def test_the_create_matrix(facilitator_b, ministry_staff, partner, sysadmin, no_role_user):
    before = _people_writes()
    # Another village's facilitator may register people, but not in village A.
    assert_api_access(
        URL, method="post", payload=_payload(), forbidden=[ministry_staff, partner, sysadmin, no_role_user]
    )
    response = api_call(api_client_for(facilitator_b), "post", URL, _payload())
    assert response.status_code == 422 and "domicile_village" in response.json()["error"]["fields"]
    assert _people_writes() == before


def test_the_update_matrix(person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer, partner):
    assert_api_access(
        _detail(person_a),
        method="patch",
        payload={"address": "Dusun Baru"},
        allowed=[facilitator_a, regency_officer, treasurer],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name, person_a.nik],
    )


def test_out_of_scope_answers_exactly_like_a_record_that_does_not_exist(person_b, facilitator_a):
    client = api_client_for(facilitator_a)
    outside, missing = client.get(_detail(person_b)), client.get(_detail(person_b.pk + 1000))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"error": {"code": "not_found", "message": "Tidak ditemukan."}}
    english = client.get(_detail(person_b), headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"] == "Not found."


# --- Tokens ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_every_endpoint_needs_a_token(person_a, method):
    url = URL if method != "patch" else _detail(person_a)
    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer dsm_not-a-real-key")):
        response = api_call(client, method, url, _payload() if method == "post" else {"full_name": "X"})
        assert response.status_code == 401 and response["Content-Type"] == "application/json; charset=utf-8"
        error = response.json()["error"]
        assert error["code"] == "unauthenticated" and error["message"]
    person_a.refresh_from_db()
    assert person_a.full_name == "Siti Aminah" and Person.objects.count() == 1


def test_a_read_only_token_reads_but_cannot_write(facilitator_a, person_a):
    client = api_client_for(facilitator_a, read_only=True)
    assert client.get(URL).status_code == 200
    assert client.get(_detail(person_a)).status_code == 200
    before = _people_writes()
    for method, url, payload in (("post", URL, _payload()), ("patch", _detail(person_a), {"full_name": "X"})):
        response = getattr(client, method)(
            url, data=json.dumps(payload), content_type="application/json", headers={"Accept-Language": "en"}
        )
        assert response.status_code == 403
        assert response.json()["error"] == {
            "code": "forbidden",
            "message": "This API token is read-only; use a read-write token to make changes.",
        }
    assert _people_writes() == before
    person_a.refresh_from_db()
    assert person_a.full_name == "Siti Aminah"


# --- List -----------------------------------------------------------------------------------------------


def test_the_list_is_scoped_and_shows_the_nik_masked(
    person_a, person_b, person_c, facilitator_a, regency_officer, ministry_staff
):
    data = api_client_for(facilitator_a).get(URL).json()
    assert data["count"] == 1 and [p["full_name"] for p in data["results"]] == [person_a.full_name]
    assert data["results"][0]["nik_masked"] == person_a.nik_masked and person_a.nik not in json.dumps(data)
    assert "nik" not in data["results"][0]
    names = {p["full_name"] for p in api_client_for(regency_officer).get(URL).json()["results"]}
    assert names == {person_a.full_name, person_b.full_name}
    names = {p["full_name"] for p in api_client_for(ministry_staff).get(URL).json()["results"]}
    assert names == {person_a.full_name, person_b.full_name, person_c.full_name}


def test_the_list_searches_filters_and_pages(facilitator_a):
    siti = make_person(facilitator_a, full_name="Siti Aminah", migrant_status="abroad")
    make_person(facilitator_a, full_name="Budi", sex="M", migrant_status="returnee")
    client = api_client_for(facilitator_a)

    def names(**params):
        return [p["full_name"] for p in client.get(URL, params).json()["results"]]

    assert names(q="amin") == ["Siti Aminah"]
    assert names(q=siti.nik[:10]) == ["Siti Aminah"]
    assert names(migrant_status="returnee") == ["Budi"]
    assert names(sex="F") == ["Siti Aminah"]
    assert names(village=VILLAGE_A) == ["Budi", "Siti Aminah"]
    page = client.get(URL, {"page_size": 1, "page": 2}).json()
    assert (page["count"], page["page"], page["page_size"]) == (2, 2, 1)
    assert [p["full_name"] for p in page["results"]] == ["Siti Aminah"]
    assert client.get(URL, {"page": 3, "page_size": 1}).json()["results"] == []


def test_a_village_filter_outside_the_scope_finds_nobody(facilitator_a, person_b, person_c, regency_officer):
    assert api_client_for(facilitator_a).get(URL, {"village": VILLAGE_B}).json()["count"] == 0
    assert api_client_for(regency_officer).get(URL, {"village": VILLAGE_C}).json()["count"] == 0
    assert api_client_for(facilitator_a).get(URL, {"q": person_b.nik}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page": 0}, "page"),
        # Larger than any real page, and larger than a database OFFSET can hold.
        ({"page": 10**30}, "page"),
        ({"migrant_status": "astronaut"}, "migrant_status"),
        ({"sex": "X"}, "sex"),
        ({"q": "x" * 101}, "q"),
        # PostgreSQL cannot compare text holding a NUL character.
        ({"q": "siti\x00"}, "q"),
        ({"village": "\x00"}, "village"),
    ],
)
def test_bad_query_parameters_are_a_422_naming_the_parameter(facilitator_a, params, field):
    response = api_client_for(facilitator_a).get(URL, params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["message"] and field in error["fields"]


@pytest.mark.parametrize(
    ("actor_name", "expected", "searching"),
    [
        # token (its last-use time is written at most once a minute), role assignments, count, rows;
        # a name search within a regency reads its count with its rows (people_to_list)
        ("facilitator_a", 4, 3),
        ("regency_officer", 4, 3),
        ("ministry_staff", 4, 4),
    ],
)
def test_the_list_query_count_depends_neither_on_page_size_nor_on_the_number_of_people(
    request, facilitator_a, facilitator_b, actor_name, expected, searching, django_assert_num_queries
):
    for index in range(3):
        make_person(facilitator_a, full_name=f"Orang A {index}")
    client = api_client_for(request.getfixturevalue(actor_name))
    client.get(URL)  # the first call records the token's last use
    for size in (1, 3):
        with django_assert_num_queries(expected):
            assert len(client.get(URL, {"page_size": size}).json()["results"]) == size
    for index in range(20):
        make_person(facilitator_a, full_name=f"Orang A {index + 3}")
        make_person(facilitator_b, VILLAGE_B, full_name=f"Orang B {index}")
    with django_assert_num_queries(expected):
        assert len(client.get(URL, {"page_size": 20}).json()["results"]) == 20
    with django_assert_num_queries(searching):
        assert client.get(URL, {"page_size": "100", "q": "orang"}).status_code == 200


# --- Detail ---------------------------------------------------------------------------------------------


def test_the_detail_has_the_fields_of_the_schema(facilitator_a, person_a):
    data = api_client_for(facilitator_a).get(_detail(person_a)).json()
    assert data["id"] == person_a.pk and data["full_name"] == "Siti Aminah"
    assert data["nik_masked"] == person_a.nik_masked and "nik" not in data
    assert data["domicile_village"] == {"code": VILLAGE_A, "name": "Brongkal"}
    assert (data["birth_date"], data["sex"], data["phone"]) == ("1990-05-17", "F", "+6281234567890")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(writer, person_a, method):
    assert getattr(writer, method)(_detail(person_a)).status_code == 405
    assert Person.objects.filter(pk=person_a.pk).exists()


# --- Create ---------------------------------------------------------------------------------------------


def test_create_registers_through_the_service_and_answers_201(writer, facilitator_a):
    response = api_call(writer, "post", URL, _payload())
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get()
    assert body["person"]["id"] == person.pk and body["warnings"] == []
    assert body["person"]["nik_masked"] == person.nik_masked and person.nik not in response.content.decode()
    assert (person.phone, person.created_by) == ("+6281355551234", facilitator_a)
    assert Consent.objects.get(person=person).given_by == "self"
    events = AuditLog.objects.filter(via="api", subject_id=str(person.pk)).values_list("event", flat=True)
    assert set(events) == {AuditEvent.PERSON_CREATED, AuditEvent.CONSENT_RECORDED}


def test_a_nik_from_a_district_not_in_the_region_list_saves_with_a_warning(writer):
    nik = valid_nik("35.07.01.2001", datetime.date(1988, 7, 9), "M")
    response = api_call(writer, "post", URL, _payload(nik=nik))
    assert response.status_code == 201
    assert len(response.json()["warnings"]) == 1 and Person.objects.get().nik_region_unknown


def test_a_minor_is_registered_with_a_guardians_consent_only(writer):
    birth = datetime.date.today().replace(year=datetime.date.today().year - 12, day=1)
    payload = _payload(nik=valid_nik(VILLAGE_A, birth, "M"), birth_date=birth.isoformat())
    response = api_call(writer, "post", URL, payload)
    assert response.status_code == 422 and "guardian_name" in response.json()["error"]["fields"]
    payload["consent"] = {"given_by": "guardian", "guardian_name": "Bapak Wali", "guardian_relation": "ayah"}
    assert api_call(writer, "post", URL, payload).status_code == 201
    assert Consent.objects.get().guardian_name == "Bapak Wali"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nik": "12"}, "nik"),
        ({"nik": "35073309078800O1"}, "nik"),
        ({"birth_date": "1988-07-10"}, "birth_date"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"birth_date": "not a date"}, "birth_date"),
        ({"birth_date": 19880709}, "birth_date"),
        ({"sex": "X"}, "sex"),
        ({"sex": "F"}, "sex"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": 42}, "full_name"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"full_name": "Agus\x00Salim"}, "full_name"),
        ({"address": "Dusun\x00"}, "address"),
        ({"domicile_village": VILLAGE_B}, "domicile_village"),
        ({"domicile_village": "35.07.33.9999"}, "domicile_village"),
        ({"domicile_village": "\x00"}, "domicile_village"),
        ({"phone": "123"}, "phone"),
        ({"education": "phd"}, "education"),
        # Consent is an object; ``false`` or ``null`` must never register a person as consenting.
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"consent": "yes"}, "consent"),
        ({"consent": []}, "consent"),
        ({"consent": {"given_by": "neighbour"}}, "consent.given_by"),
        ({"consent": {"given_by": "guardian", "guardian_name": "A\x00"}}, "consent.guardian_name"),
    ],
)
def test_create_refuses_bad_input_with_a_json_error_and_saves_nothing(writer, overrides, field):
    before = _people_writes()
    response = api_call(writer, "post", URL, _payload(**overrides))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] in {"invalid_input", "rejected"} and error["message"]
    assert field in error["fields"], error
    assert _people_writes() == before


def test_create_refuses_missing_fields_and_names_them(writer):
    response = api_call(writer, "post", URL, {"full_name": "Agus"})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {"nik", "sex", "birth_date", "domicile_village", "consent"} <= set(fields)
    assert "full_name" not in fields
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        (b"\xff\xfe", "application/json"),
        ("nik=1&full_name=x", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_that_is_not_json_is_a_400_with_the_json_error_body(writer, body, content_type):
    response = writer.post(URL, data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "malformed_body", "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]
    english = writer.post(URL, data=body, content_type=content_type, headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"] == "The request body is not valid JSON."
    assert not Person.objects.exists()


@pytest.mark.parametrize("body", ["[]", "null", '"text"', "42"])
def test_a_json_body_that_is_not_an_object_is_a_422(writer, body):
    response = writer.post(URL, data=body, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
    assert not Person.objects.exists()


def test_a_nik_already_registered_is_refused_without_saying_whose_it_is(writer, person_b):
    payload = _payload(nik=person_b.nik, sex="F", birth_date=person_b.birth_date.isoformat())
    response = api_call(writer, "post", URL, payload)
    assert response.status_code == 422 and "nik" in response.json()["error"]["fields"]
    assert person_b.full_name not in response.content.decode() and VILLAGE_B not in response.content.decode()
    assert Person.objects.count() == 1


def test_errors_come_in_english_when_asked(writer):
    response = writer.post(
        URL, data=json.dumps(_payload(nik="12")), content_type="application/json", headers={"Accept-Language": "en"}
    )
    assert response.json()["error"]["fields"]["nik"] == ["NIK must be exactly 16 digits."]


# --- Update ---------------------------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields_and_null_leaves_a_field_as_is(writer, person_a):
    response = api_call(writer, "patch", _detail(person_a), {"migrant_status": "abroad", "phone": None})
    assert response.status_code == 200, response.content
    assert response.json()["person"]["migrant_status"] == "abroad" and response.json()["warnings"] == []
    person_a.refresh_from_db()
    assert (person_a.migrant_status, person_a.phone, person_a.full_name) == ("abroad", "+6281234567890", "Siti Aminah")
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED, via="api")
    assert set(entry.changes) == {"migrant_status"}


def test_an_empty_patch_changes_nothing_and_writes_no_audit_row(writer, person_a):
    assert api_call(writer, "patch", _detail(person_a), {}).status_code == 200
    assert not AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"birth_date": "1991-01-01"}, "birth_date"),
        ({"domicile_village": VILLAGE_B}, "domicile_village"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": "A\x00"}, "full_name"),
        ({"sex": "M"}, "sex"),
        ({"nik": "abc"}, "nik"),
    ],
)
def test_patch_refuses_bad_input_and_changes_nothing(writer, person_a, payload, field):
    response = api_call(writer, "patch", _detail(person_a), payload)
    assert response.status_code == 422 and field in response.json()["error"]["fields"]
    person_a.refresh_from_db()
    assert (person_a.full_name, person_a.domicile_village_id, person_a.sex) == ("Siti Aminah", VILLAGE_A, "F")
    assert not AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED).exists()


def test_a_patch_body_that_is_not_a_json_object_is_refused(writer, person_a):
    response = writer.patch(_detail(person_a), data="{", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed_body"
    for body in ("[]", '"Siti"', "null"):
        response = writer.patch(_detail(person_a), data=body, content_type="application/json")
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
    assert not AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED).exists()


def test_patch_outside_scope_or_by_view_only_staff_is_refused(person_b, facilitator_a, ministry_staff):
    assert api_call(api_client_for(facilitator_a), "patch", _detail(person_b), {"full_name": "X"}).status_code == 404
    response = api_call(api_client_for(ministry_staff), "patch", _detail(person_b), {"full_name": "X"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    person_b.refresh_from_db()
    assert person_b.full_name == "Dewi Lestari"


# --- The OpenAPI document -------------------------------------------------------------------------------


def test_the_openapi_document_is_served_without_a_token_and_describes_the_people_endpoints():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"][URL]) == {"get", "post"}
    assert set(document["paths"]["/api/v1/people/{person_id}"]) == {"get", "patch"}
    assert "PersonIn" in document["components"]["schemas"]


@pytest.mark.parametrize("actor_name", ["regency_officer", "ministry_staff"])  # counted with the rows / first
def test_a_name_search_pages_through_its_matches_with_their_count(request, facilitator_a, actor_name):
    names = [f"Siti Orang {n:02d}" for n in range(5)]
    for name in reversed(names):
        make_person(facilitator_a, full_name=name)
    make_person(facilitator_a, full_name="Bambang Lain")
    client = api_client_for(request.getfixturevalue(actor_name))

    def page(number):
        body = client.get(URL, {"q": "siti", "page_size": 2, "page": number}).json()
        return body["count"], [p["full_name"] for p in body["results"]]

    assert page(1) == (5, names[:2])
    assert page(3) == (5, names[4:])
    assert page(4) == (5, [])  # past the end: no rows, the count still right
    assert client.get(URL, {"q": "tidakada"}).json()["count"] == 0
