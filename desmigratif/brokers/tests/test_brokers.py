"""Broker reports (public form, staff entry, follow-up) and the early-warning list."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, login, make_person
from desmigratif.brokers import selectors, services
from desmigratif.brokers.models import BrokerReport, BrokerReportEvent
from desmigratif.core.testing import assert_access
from desmigratif.migration.models import MigrationCase
from desmigratif.migration.services import case_close, case_open
from desmigratif.regions.models import Village

PUBLIC_POST = {
    "village": VILLAGE_A,
    "broker_name": "Pak Joko (sponsor)",
    "broker_phone": "0813 1111 2222",
    "offered_country": "MY",
    "offered_job": "Kebun sawit",
    "money_asked": "15000000",
    "description": "Menawarkan kerja di Malaysia pakai visa turis, minta uang 15 juta.",
}


def _report(village=VILLAGE_A, actor=None, **overrides):
    values: dict[str, Any] = {
        "village": Village.objects.get(code=village),
        "broker_name": "Pak Joko",
        "description": "Menawarkan kerja tanpa izin.",
        "money_asked": Decimal("15000000"),
    }
    values.update(overrides)
    return services.broker_report_receive(data=services.BrokerReportData(**values), actor=actor)


@pytest.fixture
def report_a(regions):
    return _report(VILLAGE_A, broker_name="Pak Joko")


# --- Services -------------------------------------------------------------------------------------


def test_an_anonymous_public_report_starts_new_with_its_history(regions):
    report = _report(VILLAGE_A, broker_phone="0813 1111 2222", offered_country="my")
    assert report.source == "public" and report.status == "new" and report.created_by is None
    assert report.money_asked == Decimal("15000000") and report.broker_phone == "+6281311112222"
    assert report.offered_country == "MY" and report.reporter_name == ""
    [event] = report.events.all()
    assert event.to_status == "new" and event.actor is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("broker_name", " "),
        ("description", ""),
        ("broker_phone", "12"),
        ("offered_country", "ID"),
        ("money_asked", Decimal("-1")),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(regions, field, value):
    with pytest.raises(ValidationError) as exc:
        _report(VILLAGE_A, **{field: value})
    assert field in exc.value.message_dict
    assert not BrokerReport.objects.exists() and not BrokerReportEvent.objects.exists()


def test_staff_enter_reports_for_their_own_villages_only(facilitator_a, facilitator_b):
    with pytest.raises(ValidationError):
        _report(VILLAGE_B, actor=facilitator_a)
    assert _report(VILLAGE_B, actor=facilitator_b).source == "facilitator"


def test_the_follow_up_keeps_a_history_and_ends_when_closed(report_a, facilitator_a, regency_officer):
    services.broker_report_set_status(report=report_a, status="verifying", note="Dicek ke warga.", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.broker_report_set_status(report=report_a, status="verifying", note="", actor=facilitator_a)
    services.broker_report_set_status(report=report_a, status="reported_police", note="Polres.", actor=regency_officer)
    services.broker_report_set_status(report=report_a, status="closed", note="", actor=regency_officer)
    with pytest.raises(ValidationError):
        services.broker_report_set_status(report=report_a, status="new", note="", actor=regency_officer)
    history = list(report_a.events.values_list("from_status", "to_status"))
    assert history == [
        ("", "new"),
        ("new", "verifying"),
        ("verifying", "reported_police"),
        ("reported_police", "closed"),
    ]


# --- Pages ----------------------------------------------------------------------------------------


def test_page_matrix(
    client, report_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    secrets = ["Pak Joko"]
    assert_access(
        client,
        reverse("brokers:detail", args=[report_a.pk]),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner, treasurer],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("brokers:status", args=[report_a.pk]),
        method="post",
        data={"status": "verifying", "note": "Dicek."},
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, partner, treasurer],
        forbidden=[ministry_staff],
        secrets=secrets,
    )
    for name in ("brokers:list", "brokers:early_warning"):
        assert_access(
            client,
            reverse(name),
            allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff],
            forbidden=[partner, treasurer],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("brokers:create"),
        allowed=[facilitator_a, regency_officer],
        forbidden=[ministry_staff, partner, treasurer],
    )
    login(client, facilitator_b)
    assert "Pak Joko" not in client.get(reverse("brokers:list")).content.decode()


def test_the_public_form_saves_an_anonymous_report(client, regions):
    assert client.get(reverse("broker_report")).status_code == 200
    response = client.post(reverse("broker_report"), PUBLIC_POST)
    assert response.status_code == 302 and response["Location"] == reverse("broker_thanks")
    report = BrokerReport.objects.get()
    assert report.money_asked == Decimal("15000000") and report.source == "public" and report.reporter_contact == ""
    assert client.get(reverse("broker_thanks")).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [("village", ""), ("broker_name", ""), ("money_asked", "lima juta"), ("money_asked", "-5"), ("broker_phone", "1")],
)
def test_the_public_form_refuses_bad_input_with_a_message_and_saves_nothing(client, regions, field, value):
    response = client.post(reverse("broker_report"), {**PUBLIC_POST, field: value})
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert not BrokerReport.objects.exists()


def test_the_honeypot_silently_discards_a_bot_post(client, regions):
    response = client.post(reverse("broker_report"), {**PUBLIC_POST, "website": "buy pills"})
    assert response.status_code == 302 and response["Location"] == reverse("broker_thanks")
    assert not BrokerReport.objects.exists()


def test_staff_record_a_report_and_change_its_status(client, regions, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("brokers:create"), {**PUBLIC_POST, "reporter_name": "Warga"})
    report = BrokerReport.objects.get()
    assert response.status_code == 302 and report.created_by == facilitator_a
    bad = client.post(reverse("brokers:status", args=[report.pk]), {"status": "nonsense"})
    assert bad.status_code == 400
    client.post(reverse("brokers:status", args=[report.pk]), {"status": "reported_disnaker", "note": "Dikirim."})
    report.refresh_from_db()
    assert report.status == "reported_disnaker"


@pytest.mark.parametrize("rows", [2, 12])
def test_the_report_list_costs_a_fixed_number_of_queries(
    client, regions, regency_officer, rows, django_assert_num_queries
):
    for i in range(rows):
        _report(VILLAGE_A if i % 2 else VILLAGE_B, broker_name=f"Calo {i}")
    login(client, regency_officer)
    # session, user with role assignments, count, page (village joined)
    with django_assert_num_queries(4):
        body = client.get(reverse("brokers:list"), {"status": "new"}).content.decode()
    assert f"Calo {rows - 1}" in body


# --- Early warning -------------------------------------------------------------------------------


def _open(actor, person):
    return case_open(
        person=person, destination_country="TW", job_title="Caregiver", employer_type="individual", actor=actor
    )


def test_early_warning_lists_residents_abroad_without_a_procedural_departure(
    facilitator_a, facilitator_b, regency_officer
):
    no_case = make_person(facilitator_a, VILLAGE_A, full_name="Tanpa Kasus", migrant_status="abroad")
    failed = make_person(facilitator_a, VILLAGE_A, full_name="Gagal Berangkat", migrant_status="abroad")
    case_close(case=_open(facilitator_a, failed), status="failed", reason="Visa ditolak.", actor=facilitator_a)
    departed = make_person(facilitator_a, VILLAGE_A, full_name="Berangkat Resmi", migrant_status="abroad")
    case = _open(facilitator_a, departed)
    MigrationCase.objects.filter(pk=case.pk).update(status="abroad")
    make_person(facilitator_a, VILLAGE_A, full_name="Masih Di Desa", migrant_status="prospective")
    other = make_person(facilitator_b, VILLAGE_B, full_name="Desa Lain", migrant_status="abroad")

    rows = {p.full_name: p.has_case for p in selectors.early_warning_for_user(facilitator_a)}  # type: ignore[attr-defined]
    assert rows == {"Tanpa Kasus": False, "Gagal Berangkat": True}
    names = {p.full_name for p in selectors.early_warning_for_user(regency_officer)}
    assert names == {"Tanpa Kasus", "Gagal Berangkat", other.full_name}
    assert no_case.full_name in names


@pytest.mark.parametrize("rows", [2, 12])
def test_the_early_warning_page_costs_a_fixed_number_of_queries(client, facilitator_a, rows, django_assert_num_queries):
    for i in range(rows):
        make_person(facilitator_a, VILLAGE_A, full_name=f"Pekerja {i}", migrant_status="abroad")
    login(client, facilitator_a)
    # session, user with role assignments, count, page (village joined, case existence as subqueries)
    with django_assert_num_queries(4):
        body = client.get(reverse("brokers:early_warning")).content.decode()
    assert "Pekerja 0" in body and "tidak ada kasus migrasi" in body.lower()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_money_asked_is_written_as_every_rupiah_amount_in_both_languages(client, report_a, facilitator_a, language):
    login(client, facilitator_a)
    for url in (reverse("brokers:list"), reverse("brokers:detail", args=[report_a.pk])):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "Rp15.000.000,00" in body and "15,000,000" not in body
