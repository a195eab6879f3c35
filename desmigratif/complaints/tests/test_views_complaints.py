"""Complaint pages: the access matrix of the handling chain, the public form and status page,
the audited detail, the actions and the query-count pins of the lists."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_B, login, make_person
from desmigratif.audit.models import AuditLog
from desmigratif.complaints import services
from desmigratif.complaints.models import Complaint
from desmigratif.complaints.tests.conftest import receive
from desmigratif.core.testing import assert_access

PUBLIC_POST = {
    "village": VILLAGE_A,
    "complainant_name": "Sumarni",
    "complainant_phone": "0812 3456 7891",
    "complainant_relationship": "parent",
    "migrant_name": "Rina Wulandari",
    "destination_country": "MY",
    "category": "unpaid_wages",
    "description": "Gaji tiga bulan belum dibayar.",
}


def _escalate_to(complaint, code, actor):
    while complaint.level.code != code:
        complaint = services.complaint_escalate(complaint=complaint, reason="Naik.", actor=actor)
    return complaint


def test_detail_matrix_only_the_handling_chain_reads_a_complaint(
    client,
    complaint_a,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    regency_officer,
    ministry_staff,
    partner,
    treasurer,
):
    secrets = ["Rina Wulandari", "Sumarni", "Gaji tiga bulan"]
    url = reverse("complaints:detail", args=[complaint_a.pk])
    # National staff join the chain only once the complaint reaches BP3MI or the embassy.
    assert_access(
        client,
        url,
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, facilitator_c, partner, treasurer, ministry_staff],
        secrets=secrets,
    )
    _escalate_to(complaint_a, "bp3mi", facilitator_a)
    assert_access(
        client,
        url,
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner, treasurer],
        secrets=secrets,
    )


def test_action_matrix(client, complaint_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner):
    url = reverse("complaints:action", args=[complaint_a.pk, "note"])
    assert_access(
        client,
        url,
        method="post",
        data={"note": "Ditelepon."},
        allowed=[facilitator_a, regency_officer],
        allowed_status=302,
        not_found=[facilitator_b, partner, ministry_staff],
        secrets=["Rina Wulandari"],
    )
    assert complaint_a.events.filter(kind="note").count() == 2
    _escalate_to(complaint_a, "perwakilan", facilitator_a)
    # At the embassy level national staff handle it too.
    login(client, ministry_staff)
    response = client.post(url, {"note": "KBRI menghubungi majikan."})
    assert response.status_code == 302
    assert client.get(reverse("complaints:action", args=[complaint_a.pk, "note"])).status_code == 405
    assert client.post(reverse("complaints:action", args=[complaint_a.pk, "delete"])).status_code == 404


def test_list_matrix(
    client, complaint_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    for name in ("complaints:list", "complaints:overdue"):
        assert_access(
            client,
            reverse(name),
            allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff],
            forbidden=[partner, treasurer],
            secrets=["Rina Wulandari"],
        )
    login(client, facilitator_b)
    assert "Rina Wulandari" not in client.get(reverse("complaints:list")).content.decode()
    login(client, ministry_staff)
    assert complaint_a.ticket not in client.get(reverse("complaints:list")).content.decode()
    login(client, facilitator_a)
    assert complaint_a.ticket in client.get(reverse("complaints:list")).content.decode()


def test_create_matrix(client, regions, facilitator_a, regency_officer, ministry_staff, partner, treasurer):
    assert_access(
        client,
        reverse("complaints:create"),
        allowed=[facilitator_a, regency_officer],
        forbidden=[ministry_staff, partner, treasurer],
    )


def test_the_detail_is_audited_and_shows_the_timeline_and_actions(client, complaint_a, facilitator_a):
    login(client, facilitator_a)
    body = client.get(reverse("complaints:detail", args=[complaint_a.pk])).content.decode()
    assert complaint_a.ticket in body and 'id="escalate"' in body and 'id="timeline"' in body
    assert (
        AuditLog.objects.filter(event="complaint.read", actor=facilitator_a, subject_id=str(complaint_a.pk)).count()
        == 1
    )


def test_a_facilitator_escalates_with_a_reason_from_the_detail_page(client, complaint_a, facilitator_a):
    login(client, facilitator_a)
    url = reverse("complaints:action", args=[complaint_a.pk, "escalate"])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    complaint_a.refresh_from_db()
    assert complaint_a.level.code == "facilitator"
    response = client.post(url, {"reason": "Majikan tidak bisa dihubungi."})
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.level.code == "disnaker"
    assert complaint_a.events.get(kind="escalated").detail == "Majikan tidak bisa dihubungi."


def test_a_facilitator_records_a_complaint_from_a_workers_page(client, facilitator_a):
    worker = make_person(facilitator_a, VILLAGE_A, full_name="Rina Wulandari", migrant_status="abroad")
    login(client, facilitator_a)
    url = reverse("complaints:create") + f"?person={worker.pk}"
    assert url in client.get(reverse("people:detail", args=[worker.pk])).content.decode()
    form = client.get(url).content.decode()
    assert 'value="Rina Wulandari"' in form
    data = {**PUBLIC_POST, "confidential_notes": "Ada dugaan kekerasan."}
    del data["village"]
    response = client.post(url, data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert (
        complaint.migrant_person == worker and complaint.village_id == VILLAGE_A and complaint.source == "facilitator"
    )
    outsider = make_person(facilitator_a, VILLAGE_A, full_name="Orang Lain")
    assert client.get(reverse("complaints:create") + f"?person={outsider.pk + 999}").status_code == 404


def test_staff_entry_bad_input_is_refused_with_the_field_named(client, regions, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("complaints:create"), {**PUBLIC_POST, "complainant_phone": "12"})
    assert response.status_code == 400
    assert "nomor telepon yang valid" in response.content.decode()
    assert not Complaint.objects.exists()
    response = client.post(reverse("complaints:create"), {**PUBLIC_POST, "village": VILLAGE_B})
    assert response.status_code == 400 and not Complaint.objects.exists()


# --- Public form and status page ---------------------------------------------------------------


def test_the_public_form_saves_a_complaint_and_shows_the_receipt(client, regions):
    assert client.get(reverse("complaint_submit")).status_code == 200
    response = client.post(reverse("complaint_submit"), PUBLIC_POST)
    assert response.status_code == 302 and response["Location"] == reverse("complaint_receipt")
    complaint = Complaint.objects.get()
    assert complaint.source == "public" and complaint.created_by is None and complaint.village_id == VILLAGE_A
    receipt = client.get(reverse("complaint_receipt")).content.decode()
    assert complaint.ticket in receipt


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("village", ""),
        ("village", "99.99.99.9999"),
        ("complainant_phone", "abc"),
        ("category", "nonsense"),
        ("destination_country", ""),
        ("description", ""),
        ("complainant_name", ""),
    ],
)
def test_the_public_form_refuses_bad_input_with_a_message_and_saves_nothing(client, regions, field, value):
    response = client.post(reverse("complaint_submit"), {**PUBLIC_POST, field: value})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_honeypot_silently_discards_a_bot_post(client, regions):
    response = client.post(reverse("complaint_submit"), {**PUBLIC_POST, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == reverse("complaint_receipt")
    assert client.get(reverse("complaint_receipt")).status_code == 200
    assert not Complaint.objects.exists() and not AuditLog.objects.exists()


def test_the_receipt_page_without_a_complaint_goes_back_to_the_form(client, regions):
    response = client.get(reverse("complaint_receipt"))
    assert response.status_code == 302 and response["Location"] == reverse("complaint_submit")


def test_the_public_status_page_shows_status_and_last_update_only(client, complaint_a, facilitator_a):
    services.complaint_add_note(complaint=complaint_a, note="Rahasia: nomor majikan 0812.", actor=facilitator_a)
    response = client.get(reverse("complaint_status"), {"tiket": complaint_a.ticket.lower()})
    body = response.content.decode()
    assert response.status_code == 200
    assert complaint_a.ticket in body and "Dalam proses" in body
    for secret in ("Rina Wulandari", "Sumarni", "Gaji", "Rahasia", "+6281234567891", VILLAGE_A, "Malaysia"):
        assert secret not in body
    assert AuditLog.objects.filter(event="complaint.read").count() == 0
    missing = client.get(reverse("complaint_status"), {"tiket": "PGD-AAAA-BBBB-CCCC"})
    assert missing.status_code == 404 and "Tidak ada pengaduan" in missing.content.decode()


# --- Query-count pins ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["complaints:list", "complaints:overdue"])
def test_the_lists_cost_a_fixed_number_of_queries(
    client, regions, facilitator_a, regency_officer, name, django_assert_num_queries
):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        for i in range(3):
            receive(VILLAGE_A, migrant_name=f"Pekerja {i}")
    login(client, regency_officer)
    # session, user with role assignments, count, page (with category, level, village joined), categories
    with django_assert_num_queries(5):
        assert client.get(reverse(name), {"status": "open", "category": "unpaid_wages"}).status_code == 200
    for i in range(10):
        receive(VILLAGE_B, migrant_name=f"Pekerja B{i}")
    with django_assert_num_queries(5):
        body = client.get(reverse(name)).content.decode()
    assert "Pekerja 2" in body
