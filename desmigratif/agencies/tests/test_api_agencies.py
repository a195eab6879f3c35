import datetime
import json

from desmigratif.agencies.models import Agency
from desmigratif.agencies.services import agency_change_status, agency_register
from desmigratif.core.testing import api_client_for, assert_api_access

URL = "/api/v1/agencies/"


def _post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def _register(actor, name="PT Contoh Penempatan", licence="SIP3MI-1"):
    return agency_register(
        name=name,
        licence_number=licence,
        licence_valid_from=datetime.date(2024, 1, 1),
        licence_valid_until=datetime.date(2099, 1, 1),
        actor=actor,
    )


def test_any_token_reads_the_registry(ministry_staff, partner, facilitator_a, sysadmin):
    agency = _register(ministry_staff)
    agency_change_status(agency=agency, status="suspended", reason="Pasal 9", reference="KEP-1", actor=ministry_staff)
    assert_api_access(URL, allowed=[partner, facilitator_a, sysadmin])
    body = api_client_for(partner).get(URL, {"q": "sip3mi-1"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["status"], row["may_recruit_today"]) == ("suspended", False)
    detail = api_client_for(partner).get(f"{URL}{agency.pk}").json()
    assert [h["to_status"] for h in detail["history"]] == ["suspended", "active"]
    assert api_client_for(partner).get(f"{URL}999").status_code == 404


def test_only_national_staff_register_and_change_status(ministry_staff, regency_officer, facilitator_a, partner):
    payload = {"name": "PT Baru", "licence_number": "sip3mi-9", "licence_valid_from": "2025-01-01"}
    assert_api_access(URL, method="post", payload=payload, forbidden=[regency_officer, facilitator_a, partner])
    response = _post(api_client_for(ministry_staff), URL, payload)
    assert response.status_code == 201 and response.json()["licence_number"] == "SIP3MI-9"
    assert _post(api_client_for(ministry_staff), URL, payload).status_code == 422  # licence taken
    agency_id = response.json()["id"]
    status = {"status": "revoked", "reason": "Pasal 9"}
    assert _post(api_client_for(regency_officer), f"{URL}{agency_id}/status", status).status_code == 403
    response = _post(api_client_for(ministry_staff), f"{URL}{agency_id}/status", status)
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert Agency.objects.get().status == "revoked"


def test_the_list_takes_a_fixed_number_of_queries(ministry_staff, partner, django_assert_num_queries):
    client = api_client_for(partner)
    client.get(URL)
    for n in range(6):
        _register(ministry_staff, f"PT Contoh {n}", f"SIP3MI-{n}")
    for size in (2, 6):
        with django_assert_num_queries(3):  # token, count, page
            assert len(client.get(URL, {"page_size": size}).json()["results"]) == size
