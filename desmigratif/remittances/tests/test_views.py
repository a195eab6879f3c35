"""Remittance pages: scoping, recording with amounts typed the Indonesian way, deposit, summaries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login, make_person
from desmigratif.cooperatives import services as cooperatives
from desmigratif.core.testing import assert_access, download_rows, table_of
from desmigratif.regions.models import Village
from desmigratif.remittances import services
from desmigratif.remittances.models import Remittance

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}

FORM = {
    "received_on": "2026-10-01",
    "sending_country": "MY",
    "amount_sent": "1.000",
    "currency_sent": "myr",
    "fee": "10",
    "amount_received": "3.430.000",
    "mid_rate": "3.500",
    "channel": "remittance_company",
    "intended_use": "education",
}


@pytest.fixture
def remittance(facilitator_a, person_a):
    return services.remittance_record(
        data=services.RemittanceData(
            recipient=person_a,
            received_on=datetime.date(2026, 10, 1),
            sending_country="MY",
            amount_sent=Decimal("1000"),
            currency_sent="MYR",
            fee=Decimal("10"),
            mid_rate=Decimal("3500"),
            amount_received=Decimal("3430000"),
            channel="bank",
            intended_use="savings",
        ),
        actor=facilitator_a,
    )


def test_who_may_open_a_remittance(
    client, remittance, facilitator_a, facilitator_b, facilitator_c, regency_officer, ministry_staff, treasurer, partner
):
    url = reverse("remittances:detail", args=[remittance.pk])
    assert_access(
        client,
        url,
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, facilitator_c],
        forbidden=[partner],
        secrets=[remittance.recipient.full_name, "3.430.000"],
    )


def test_amounts_and_rates_are_grouped_in_the_users_language(client, remittance, facilitator_a):
    login(client, facilitator_a)
    url = reverse("remittances:detail", args=[remittance.pk])
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "1.000,00 MYR" in indonesian and "10,00 MYR" in indonesian and "3.500,00" in indonesian
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1,000.00 MYR" in english and "3,500.00" in english


def test_a_facilitator_records_a_remittance_typed_the_indonesian_way(client, facilitator_a, person_a):
    response = login(client, facilitator_a).post(reverse("remittances:new", args=[person_a.pk]), FORM)
    remittance = Remittance.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("remittances:detail", args=[remittance.pk])
    assert remittance.amount_received == Decimal("3430000") and remittance.currency_sent == "MYR"
    assert remittance.total_cost_percent == Decimal("3.00")
    page = client.get(response["Location"]).content.decode()
    assert "Rp3.430.000" in page and "3,00%" in page and "2020Q3" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount_received", "tiga juta", "Tulis jumlah"),
        ("currency_sent", "XYZ", "kode mata uang"),
        ("fee", "2.000", "Biaya kirim"),
        ("sending_country", "", "tidak boleh kosong"),
    ],
)
def test_bad_input_gets_an_indonesian_message_and_saves_nothing(client, facilitator_a, person_a, field, value, message):
    response = login(client, facilitator_a).post(reverse("remittances:new", args=[person_a.pk]), {**FORM, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Remittance.objects.exists()


def test_recording_is_for_the_recipients_village_only(client, person_a, facilitator_b, regency_officer):
    url = reverse("remittances:new", args=[person_a.pk])
    assert login(client, facilitator_b).get(url).status_code == 404
    assert login(client, regency_officer).post(url, FORM).status_code == 403
    assert not Remittance.objects.exists()


def test_the_cooperative_officer_deposits_part_into_savings(client, remittance, treasurer, facilitator_a):
    cooperative = cooperatives.cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi",
        founded_on=datetime.date(2020, 1, 1),
        principal_savings_amount=Decimal("50000"),
        mandatory_savings_amount=Decimal("10000"),
        actor=treasurer,
    )
    cooperatives.member_join(
        cooperative=cooperative, person=remittance.recipient, date=datetime.date.today(), actor=treasurer
    )
    url = reverse("remittances:deposit", args=[remittance.pk])
    assert login(client, facilitator_a).post(url, {"amount": "500.000"}).status_code == 403
    too_much = login(client, treasurer).post(url, {"amount": "9.000.000"})
    assert too_much.status_code == 400 and "paling banyak" in too_much.content.decode()
    assert client.post(url, {"amount": "500.000"}).status_code == 302
    remittance.refresh_from_db()
    assert remittance.savings_deposit is not None and remittance.savings_deposit.amount == Decimal("500000")


def _record_from_hong_kong(facilitator, village):
    """Rp1,000,000 received today by a new person of ``village``, sent by post from Hong Kong."""
    return services.remittance_record(
        data=services.RemittanceData(
            recipient=make_person(facilitator, village),
            received_on=datetime.date.today(),
            sending_country="HK",
            amount_sent=Decimal(500),
            currency_sent="HKD",
            fee=Decimal(40),
            mid_rate=Decimal(2050),
            amount_received=Decimal(1_000_000),
            channel="post",
            intended_use="consumption",
        ),
        actor=facilitator,
    )


def test_list_and_summary_queries_do_not_grow_with_rows(
    client, facilitator_a, regency_officer, django_assert_num_queries
):
    for _ in range(6):
        _record_from_hong_kong(facilitator_a, VILLAGE_A)
    login(client, regency_officer)
    with django_assert_num_queries(4):  # session, user with roles, count, page rows (with recipient and village)
        assert client.get(reverse("remittances:list")).status_code == 200
    with django_assert_num_queries(5):  # session, user with roles, ceiling, grouped rows, village names
        body = client.get(reverse("remittances:summary")).content.decode()
    assert "Brongkal" in body and "Rp6.000.000" in body and "100,00%" in body


@pytest.mark.parametrize("villages", [1, 3])
def test_the_summary_download_costs_a_fixed_number_of_queries(
    client, facilitator_a, facilitator_b, facilitator_c, ministry_staff, villages, django_assert_num_queries
):
    senders = [(facilitator_a, VILLAGE_A), (facilitator_b, VILLAGE_B), (facilitator_c, VILLAGE_C)][:villages]
    for facilitator, village in senders:
        _record_from_hong_kong(facilitator, village)
    login(client, ministry_staff)
    end = datetime.date.today()
    period = f"{(end - datetime.timedelta(days=365)).isoformat()}-{end.isoformat()}"
    for by, first, areas in (("village", "Kode desa", villages), ("regency", "Kode kabupaten/kota", min(villages, 2))):
        for fmt in ("xlsx", "csv"):
            # session, user with roles, ceiling, grouped rows, area names
            with django_assert_num_queries(5):
                response = client.get(reverse("remittances:summary"), {"by": by, "format": fmt})
            found = download_rows(response, fmt, f"ringkasan-remitansi-{by}-{period}")
            assert len(table_of(found, first)) == areas


@time_machine.travel(datetime.datetime(2026, 12, 5, 3, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_summary_downloads_as_the_page_shows_it(client, remittance, regency_officer, facilitator_b, fmt):
    login(client, regency_officer)
    page = client.get(reverse("remittances:summary"), {"by": "regency"}).content.decode()
    assert f'href="?by=regency&amp;format={fmt}"' in page
    response = client.get(reverse("remittances:summary"), {"by": "regency", "format": fmt}, headers=EN)
    rows = download_rows(response, fmt, "ringkasan-remitansi-regency-2025-12-05-2026-12-05")
    (line,) = table_of(rows, "Regency code")
    assert (line["Regency code"], line["Regency"], str(line["Remittances"])) == ("35.07", "Kabupaten Malang", "1")
    assert Decimal(str(line["Volume (Rp)"])) == Decimal("3430000.00")
    if fmt == "csv":
        assert line["Volume (Rp)"] == "3430000.00"  # Decimal text, never a float
    response = client.get(reverse("remittances:summary"), {"format": fmt})
    (line,) = table_of(download_rows(response, fmt, "ringkasan-remitansi-village-2025-12-05-2026-12-05"), "Kode desa")
    assert line["Kode desa"] == VILLAGE_A
    # Another village's facilitator: the header and no row.
    login(client, facilitator_b)
    response = client.get(reverse("remittances:summary"), {"format": fmt})
    assert (
        table_of(download_rows(response, fmt, "ringkasan-remitansi-village-2025-12-05-2026-12-05"), "Kode desa") == []
    )
    assert client.get(reverse("remittances:summary"), {"format": "json"}).status_code == 404
