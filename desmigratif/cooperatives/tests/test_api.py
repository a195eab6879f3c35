"""The cooperatives API: scoping matrix, amounts as strings, bad input refused with nothing written."""

import pytest

from conftest import VILLAGE_A, VILLAGE_B, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives.models import JournalEntry, SavingsTransaction
from desmigratif.cooperatives.tests.books import make_books
from desmigratif.core.testing import api_call, api_client_for, assert_api_access

pytestmark = pytest.mark.django_db

URL = "/api/v1/cooperatives/"


@pytest.fixture
def books(cooperative, treasurer):
    return make_books(cooperative, treasurer)


@pytest.fixture
def treasurer_b(regions):
    return make_user("treasurer_b", Role.COOPERATIVE_OFFICER, VILLAGE_B)


def test_read_matrix(
    cooperative, books, treasurer, treasurer_b, facilitator_a, regency_officer, ministry_staff, partner
):
    c, m = cooperative.pk, books.pk
    for url, payload in [
        (f"{URL}{c}/members/", None),
        (f"{URL}{c}/members/{m}/savings/", None),
        (f"{URL}{c}/reports/trial-balance", {"start": "2026-11-01", "end": "2026-11-30"}),
        (f"{URL}{c}/reports/balance-sheet", {"date": "2026-11-30"}),
        (f"{URL}{c}/reports/income-statement", {"start": "2026-10-01", "end": "2026-11-30"}),
    ]:
        assert_api_access(
            url,
            payload=payload,
            allowed=[treasurer, regency_officer, ministry_staff],
            not_found=[treasurer_b, facilitator_a, partner],
            secrets=["Siti Aminah"],
        )
    assert api_client_for(treasurer_b).get(URL).json()["count"] == 0
    assert api_client_for(partner).get(URL).status_code == 403
    assert [r["name"] for r in api_client_for(regency_officer).get(URL).json()["results"]] == [cooperative.name]


def test_write_matrix(cooperative, books, treasurer, treasurer_b, facilitator_a, regency_officer, partner):
    payload = {"kind": "deposit", "savings": "voluntary", "amount": "10000.00", "date": "2026-11-10"}
    url = f"{URL}{cooperative.pk}/members/{books.pk}/savings/"
    assert_api_access(
        url,
        method="post",
        payload=payload,
        allowed=[treasurer],
        allowed_status=201,
        not_found=[treasurer_b, facilitator_a, partner],
        forbidden=[regency_officer],
        secrets=["Siti Aminah"],
    )
    assert SavingsTransaction.objects.filter(note="", amount="10000.00").count() == 1


def test_amounts_are_strings_and_reports_balance(cooperative, books, treasurer, django_assert_num_queries):
    client = api_client_for(treasurer)
    client.get(URL)
    with django_assert_num_queries(5):  # token, roles, cooperative, count, page
        members = client.get(f"{URL}{cooperative.pk}/members/").json()
    assert members["results"][0]["voluntary"] == "200000.00"
    with django_assert_num_queries(4):  # token, roles, cooperative, one aggregate
        tb = client.get(
            f"{URL}{cooperative.pk}/reports/trial-balance", {"start": "2026-11-01", "end": "2026-11-30"}
        ).json()
    assert tb["total_debits"] == tb["total_credits"] == "100000.25" and tb["balanced"]
    bs = client.get(f"{URL}{cooperative.pk}/reports/balance-sheet", {"date": "2026-11-30"}).json()
    assert bs["assets"]["total"] == bs["liabilities_and_equity"] == "365000.25"
    assert bs["equity"]["lines"][-1] == {"label": "SHU tahun berjalan", "code": None, "amount": "45000.25"}
    st = client.get(
        f"{URL}{cooperative.pk}/reports/income-statement", {"start": "2026-10-01", "end": "2026-11-30"}
    ).json()
    assert st["surplus"] == "45000.25"
    with django_assert_num_queries(6):  # token, roles, cooperative, member, count, page
        passbook = client.get(f"{URL}{cooperative.pk}/members/{books.pk}/savings/").json()
    assert passbook["results"][0]["amount"] == "50000.00" and passbook["results"][0]["kind"] == "withdrawal"
    assert "never JSON floats" in client.get("/api/v1/openapi.json").content.decode()


def test_join_and_savings_through_the_api(cooperative, treasurer):
    client = api_client_for(treasurer)
    person = make_person(treasurer, VILLAGE_A, full_name="Dewi Kartika")
    response = api_call(
        client, "post", f"{URL}{cooperative.pk}/members/", {"person_id": person.pk, "date": "2026-11-02"}
    )
    assert response.status_code == 201, response.content
    member = response.json()
    assert member["principal"] == "100000.00" and member["number"] == "00001"
    savings = f"{URL}{cooperative.pk}/members/{member['id']}/savings/"
    deposit = {"kind": "deposit", "savings": "voluntary", "amount": "1500000.50", "date": "2026-11-03"}
    assert api_call(client, "post", savings, deposit).json()["balance_after"] == "1500000.50"


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"kind": "withdrawal", "savings": "voluntary", "amount": "999999.00", "date": "2026-11-10"}, 422, "Saldo"),
        ({"kind": "withdrawal", "savings": "principal", "amount": "1000.00", "date": "2026-11-10"}, 422, "tidak dapat"),
        ({"kind": "deposit", "savings": "voluntary", "amount": "-5", "date": "2026-11-10"}, 422, "amount"),
        ({"kind": "deposit", "savings": "voluntary", "amount": "1.001", "date": "2026-11-10"}, 422, "amount"),
        ({"kind": "deposit", "savings": "voluntary", "amount": "100", "date": "2099-01-01"}, 422, "masa depan"),
    ],
)
def test_bad_savings_input(cooperative, books, treasurer, payload, status, message):
    before = SavingsTransaction.objects.count(), JournalEntry.objects.count()
    response = api_call(
        api_client_for(treasurer), "post", f"{URL}{cooperative.pk}/members/{books.pk}/savings/", payload
    )
    assert response.status_code == status, response.content
    assert message in response.content.decode()
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count()) == before


def test_read_only_token_cannot_post(cooperative, books, treasurer):
    payload = {"kind": "deposit", "savings": "voluntary", "amount": "100.00", "date": "2026-11-10"}
    client = api_client_for(treasurer, read_only=True)
    response = api_call(client, "post", f"{URL}{cooperative.pk}/members/{books.pk}/savings/", payload)
    assert response.status_code == 403


def test_a_reversed_period_is_refused(cooperative, treasurer):
    client = api_client_for(treasurer)
    url = f"{URL}{cooperative.pk}/reports/income-statement"
    response = client.get(url, {"start": "2026-11-30", "end": "2026-11-01"})
    assert response.status_code == 422
    assert "Awal periode" in response.content.decode()
    assert client.get(url, {"start": "bukan tanggal", "end": "2026-11-01"}).status_code == 422
