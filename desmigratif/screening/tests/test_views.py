"""The public "Cek tawaran kerja" page and the screening of a case's offer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login
from desmigratif.audit.models import AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.migration.services import case_open
from desmigratif.placement.models import Job
from desmigratif.screening.models import CaseScreening

pytestmark = pytest.mark.django_db

CALO = {
    "recruiter": "individual",
    "country": "MY",
    "employer": "individual",
    "visa": "visit",
    "contract_seen": "no",
    "placement_agreement": "no",
    "fee_amount": "Rp 8.000.000",
    "fee_paid_to": "individual",
    "passport_holder": "agency",
    "family_permission": "no",
    "registered": "no",
    "route": "unofficial",
    "high_pay_fast": "yes",
    "female_with_infant": "no",
}
CLEAN = {
    "recruiter": "agency",
    "agency": "SIP3MI-001",
    "country": "MY",
    "employer": "legal_entity",
    "visa": "work",
    "contract_seen": "yes",
    "placement_agreement": "yes",
    "passport_holder": "worker",
    "family_permission": "yes",
    "registered": "yes",
    "route": "official",
    "high_pay_fast": "no",
    "female_with_infant": "no",
}


def _codes(response) -> set[str]:
    body = response.content.decode()
    return {part.split('"')[0] for part in body.split('data-code="')[1:]}


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


# --- Public page -----------------------------------------------------------------------------------


def test_the_public_page_is_open_to_anyone_in_indonesian(client):
    response = client.get(reverse("offer_check"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cek tawaran kerja" in body and 'type="radio"' in body and "NIK" in body


def test_a_visitor_sees_the_findings_of_a_calo_offer_and_nothing_is_saved(client, agencies):
    logs = AuditLog.objects.count()
    response = client.post(reverse("offer_check"), {**CALO, "nik": "3507334403980001"})
    assert response.status_code == 200
    assert _codes(response) == {"RF1", "RF2", "RF3", "RF4", "RF5", "RF9", "RF10", "RF11", "RF12"}
    body = response.content.decode()
    assert "Perekrut tidak berizin (calo/sponsor)" in body and "UU 18/2017 Pasal 69" in body
    for link in ('href="/pengaduan/"', 'href="/lapor-calo/"', 'href="/cek-p3mi/"'):
        assert link in body
    assert CaseScreening.objects.count() == 0 and AuditLog.objects.count() == logs


def test_the_nik_is_hidden_from_error_reports(client):
    response = client.post(reverse("offer_check"), {**CALO, "nik": "3507334403980001"})
    assert tuple(response.wsgi_request.sensitive_post_parameters) == ("nik",)


def test_a_clean_offer_shows_no_high_risk_finding(client, agencies):
    response = client.post(reverse("offer_check"), CLEAN)
    assert response.status_code == 200
    assert 'data-severity="high"' not in response.content.decode()
    assert "Tidak ditemukan tanda bahaya" in response.content.decode()


def test_a_zero_cost_job_with_fees_lists_the_costs_the_worker_may_never_pay(client, agencies):
    job = Job.objects.get(code="pengasuh_bayi")
    data = {**CLEAN, "job": str(job.pk), "fee_amount": "15000000", "fee_paid_to": "agency"}
    body = client.post(reverse("offer_check"), data).content.decode()
    assert 'data-code="A2_ZERO_COST"' in body and "Tiket pesawat pulang" in body and "Akomodasi" in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fee_amount": "delapan juta"}, "Tulis jumlah dalam rupiah"),
        ({"country": "XX"}, "Masukkan pilihan yang valid"),
        ({"recruiter": ""}, "Bidang ini tidak boleh kosong"),
        ({"birth_date": "2999-01-01"}, "Tanggal lahir tidak boleh di masa depan"),
        ({"job": "999999"}, "Masukkan pilihan yang valid"),
        ({"fee_amount": "9" * 16}, "Tulis jumlah dalam rupiah"),
    ],
)
def test_bad_answers_get_a_clear_message_and_a_400(client, changes, message):
    response = client.post(reverse("offer_check"), {**CALO, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'data-code="' not in response.content.decode()


def test_the_public_page_answers_in_english_when_asked(client, agencies):
    client.cookies["desmigratif_language"] = "en"
    body = client.post(reverse("offer_check"), CALO, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unlicensed recruiter (calo/sponsor)" in body


def test_the_public_check_query_count_is_fixed(client, agencies, django_assert_num_queries):
    job = Job.objects.get(code="pengurus_rumah_tangga")
    data = {**CALO, "job": str(job.pk), "agency": "SIP3MI-001", "recruiter": "agency", "country": "SA"}
    # jobs for the form choices, the job, rules, agency, zero cost, protected costs, moratorium
    # (no SPSK lookup: an individual employer is never under SPSK)
    with django_assert_num_queries(7):
        assert client.post(reverse("offer_check"), data).status_code == 200


def test_the_public_page_refuses_other_methods(client):
    assert client.put(reverse("offer_check")).status_code == 405


# --- Screening a case's offer -------------------------------------------------------------------------


def test_case_screening_matrix(
    client, case_a, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    assert_access(
        client,
        reverse("case_screen", args=[case_a.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner, treasurer],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name, person_a.nik_masked],
    )
    assert_access(
        client,
        reverse("case_screen", args=[case_a.pk]),
        method="post",
        data=CALO,
        allowed=[],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )
    assert CaseScreening.objects.count() == 0


def test_the_case_screening_form_is_prefilled_from_the_case(client, case_a, facilitator_a, person_a):
    form = login(client, facilitator_a).get(reverse("case_screen", args=[case_a.pk])).context["form"]
    job = Job.objects.get(code="pengurus_rumah_tangga")
    assert form.initial["country"] == "SA"
    assert form.initial["job"] == str(job.pk)
    assert form.initial["employer"] == "individual"
    assert form.initial["recruiter"] == "agency" and form.initial["agency"] == "PT Maju Bersama"
    assert form.initial["birth_date"] == person_a.birth_date
    assert "nik" not in form.fields


def test_a_facilitator_screens_a_case_and_the_findings_are_saved_and_shown(client, case_a, facilitator_a, agencies):
    data = {**CLEAN, "country": "SA", "employer": "individual", "agency": "PT Maju Bersama"}
    response = login(client, facilitator_a).post(reverse("case_screen", args=[case_a.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("migration:detail", args=[case_a.pk])
    screening = CaseScreening.objects.get(case=case_a)
    assert [f["code"] for f in screening.findings] == ["RF6"]
    assert screening.actor == facilitator_a and screening.high_count == 1
    assert screening.findings[0]["rule_valid_from"] == "2015-07-01"
    assert "nik" not in screening.answers and screening.answers["nik_given"] is True
    body = client.get(reverse("migration:detail", args=[case_a.pk])).content.decode()
    assert "Negara tujuan tertutup untuk majikan perseorangan" in body and "Kepmenaker 260/2015" in body


def test_the_persons_nik_is_checked_on_a_case(client, case_a, facilitator_a, person_a, agencies):
    # The birth date typed differs from the one the person's NIK encodes.
    data = {**CLEAN, "country": "SA", "employer": "legal_entity", "birth_date": "1980-01-01"}
    login(client, facilitator_a).post(reverse("case_screen", args=[case_a.pk]), data)
    assert [f["code"] for f in CaseScreening.objects.get(case=case_a).findings] == ["RF7"]


def test_bad_answers_on_a_case_save_nothing(client, case_a, facilitator_a):
    response = login(client, facilitator_a).post(reverse("case_screen", args=[case_a.pk]), {**CALO, "visa": "x"})
    assert response.status_code == 400
    assert CaseScreening.objects.count() == 0


def test_the_case_page_offers_screening_only_to_who_may_change_the_case(client, case_a, facilitator_a, ministry_staff):
    url = reverse("migration:detail", args=[case_a.pk])
    screen = reverse("case_screen", args=[case_a.pk])
    assert screen in login(client, facilitator_a).get(url).content.decode()
    body = login(client, ministry_staff).get(url).content.decode()
    assert screen not in body and "Penyaringan tawaran" in body


def test_the_case_page_query_count_does_not_grow_with_screenings(
    client, case_a, facilitator_a, agencies, django_assert_num_queries
):
    login(client, facilitator_a)
    url = reverse("migration:detail", args=[case_a.pk])
    client.post(reverse("case_screen", args=[case_a.pk]), CALO)
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(3):
        client.post(reverse("case_screen", args=[case_a.pk]), CLEAN)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_case_screening_save_query_count_is_fixed(client, case_a, facilitator_a, django_assert_num_queries):
    login(client, facilitator_a)
    # session, user with roles, case, the case's job title, form jobs, savepoint, rules, the minimum age (steps),
    # moratorium, insert, release
    with django_assert_num_queries(11):
        client.post(reverse("case_screen", args=[case_a.pk]), CALO)
