"""The complaints API: the same chain rule as the pages, audited detail reads, pinned list."""

import pytest

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.audit.models import AuditLog
from desmigratif.complaints.models import Complaint
from desmigratif.complaints.tests.conftest import receive
from desmigratif.core.testing import api_call, api_client_for, assert_api_access

BASE = "/api/v1/complaints/"
BODY = {
    "village": VILLAGE_A,
    "complainant_name": "Sumarni",
    "complainant_phone": "081234567891",
    "complainant_relationship": "parent",
    "migrant_name": "Rina Wulandari",
    "category": "abuse",
    "destination_country": "SA",
    "description": "Dipukul majikan.",
}


def test_list_and_detail_matrix(
    complaint_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    assert_api_access(
        BASE,
        allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff],
        forbidden=[partner, treasurer],
    )
    assert_api_access(
        f"{BASE}{complaint_a.pk}",
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, ministry_staff, partner, treasurer],
        secrets=["Rina Wulandari", "Sumarni"],
    )
    reads = AuditLog.objects.filter(event="complaint.read", subject_id=str(complaint_a.pk))
    assert set(reads.values_list("via", flat=True)) == {"api"}
    assert reads.count() == 2


def test_the_list_is_scoped_and_filtered(complaint_a, facilitator_a, facilitator_b):
    receive(VILLAGE_A, category="died", migrant_name="Almarhumah")
    body = api_call(api_client_for(facilitator_a), "get", BASE, {"category": "died"}).json()
    assert body["count"] == 1 and body["results"][0]["category"]["code"] == "died"
    assert "description" not in body["results"][0]
    assert api_call(api_client_for(facilitator_b), "get", BASE).json()["count"] == 0


def test_create_and_escalate(regions, facilitator_a, facilitator_b, ministry_staff):
    assert_api_access(
        BASE,
        method="post",
        payload=BODY,
        allowed=[facilitator_a],
        allowed_status=201,
        forbidden=[ministry_staff],
    )
    complaint = Complaint.objects.get()
    assert complaint.source == "facilitator" and complaint.created_by == facilitator_a
    url = f"{BASE}{complaint.pk}/escalate"
    assert_api_access(
        url,
        method="post",
        payload={"reason": "Butuh Disnaker."},
        allowed=[facilitator_a],
        not_found=[facilitator_b, ministry_staff],
        secrets=["Rina Wulandari"],
    )
    complaint.refresh_from_db()
    assert complaint.level.code == "disnaker"


def test_bad_input_answers_422_with_the_fields_and_saves_nothing(regions, facilitator_a):
    client = api_client_for(facilitator_a)
    response = api_call(client, "post", BASE, {**BODY, "category": "nope", "complainant_phone": "1"})
    assert response.status_code == 422
    assert {"category", "complainant_phone"} <= set(response.json()["error"]["fields"])
    response = api_call(client, "post", BASE, {**BODY, "village": VILLAGE_B})
    assert response.status_code == 422 and "village" in response.json()["error"]["fields"]
    assert api_call(client, "post", BASE, {**BODY, "village": "00"}).status_code == 422
    assert api_call(api_client_for(facilitator_a, read_only=True), "post", BASE, BODY).status_code == 403
    assert not Complaint.objects.exists()


def test_a_complaint_about_a_registered_worker_takes_the_workers_village(regions, facilitator_a):
    worker = make_person(facilitator_a, VILLAGE_A, full_name="Rina Wulandari", migrant_status="abroad")
    body = {**BODY, "village": "", "migrant_person_id": worker.pk}
    response = api_call(api_client_for(facilitator_a), "post", BASE, body)
    assert response.status_code == 201 and response.json()["village"] == VILLAGE_A
    assert response.json()["migrant_person_id"] == worker.pk


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_costs_a_fixed_number_of_queries(regions, regency_officer, rows, django_assert_num_queries):
    for i in range(rows):
        receive(VILLAGE_A if i % 2 else VILLAGE_B, migrant_name=f"P{i}")
    client = api_client_for(regency_officer)
    # token, its last use, role assignments, count, page (category, level, village joined)
    with django_assert_num_queries(5):
        body = api_call(client, "get", BASE).json()
    assert body["count"] == rows
