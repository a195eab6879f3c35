"""The cooperative's tables download as XLSX and CSV from their pages (``?format=``): the statements,
the simpanan wajib due and the loans, amounts in Decimal, for the cooperative's own officers only."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_B, login, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services
from desmigratif.cooperatives.ledger import Line
from desmigratif.cooperatives.tests.books import d, make_books
from desmigratif.cooperatives.tests.lending import make_loan, make_member, ready_to_lend
from desmigratif.core.testing import download_rows, table_of

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


@pytest.fixture
def treasurer_b(regions):
    return make_user("treasurer_b", Role.COOPERATIVE_OFFICER, VILLAGE_B)


@pytest.fixture
def a_loan(cooperative, treasurer):
    today = timezone.localdate()
    product, member = ready_to_lend(cooperative, treasurer, date=today)
    return make_loan(member, product, treasurer, date=today, principal="1500000.50", term_months=6)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_loans_download_with_the_pages_filter(client, cooperative, a_loan, treasurer, treasurer_b, fmt):
    url = reverse("loans:list", args=[cooperative.pk])
    login(client, treasurer)
    assert f'href="?status=applied&amp;format={fmt}"' in client.get(url, {"status": "applied"}).content.decode()
    today = timezone.localdate().isoformat()
    rows = download_rows(client.get(url, {"status": "applied", "format": fmt}, headers=EN), fmt, f"pinjaman-{today}")
    (line,) = table_of(rows, "ID")
    assert (line["Name"], line["Product"], line["Status"]) == ("Sri Rahayu", "Usaha purna PMI", "Applied")
    assert str(line["Amount"]) == ("1500000.50" if fmt == "csv" else "1500000.5")
    assert line["Outstanding principal"] in ("", None)  # not disbursed: no balance, as on the page
    rows = download_rows(client.get(url, {"status": "disbursed", "format": fmt}), fmt, f"pinjaman-{today}")
    assert table_of(rows, "ID") == []
    login(client, treasurer_b)
    assert client.get(url, {"format": fmt}).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_mandatory_savings_due_download(client, cooperative, a_loan, treasurer, treasurer_b, facilitator_a, fmt):
    url = reverse("cooperatives:mandatory_due", args=[cooperative.pk])
    login(client, treasurer)
    assert f'href="?format={fmt}"' in client.get(url).content.decode()
    today = timezone.localdate().isoformat()
    rows = download_rows(client.get(url, {"format": fmt}), fmt, f"simpanan-wajib-tertunggak-{today}")
    assert rows[0] == [cooperative.name]
    (line,) = table_of(rows, "Nomor anggota")
    assert line["Nama"] == "Sri Rahayu" and str(line["Periode"]) == "1"
    assert Decimal(str(line["Belum dibayar"])) == Decimal("20000")
    for outsider in (treasurer_b, facilitator_a):
        login(client, outsider)
        assert client.get(url, {"format": fmt}).status_code == 404


def test_a_statement_downloads_as_csv_with_its_sections(client, cooperative, treasurer):
    make_books(cooperative, treasurer)
    login(client, treasurer)
    url = reverse("cooperatives:balance_sheet", args=[cooperative.pk])
    assert 'href="?date=2026-11-30&amp;format=csv"' in client.get(url, {"date": "2026-11-30"}).content.decode()
    response = client.get(url, {"date": "2026-11-30", "format": "csv"}, headers=EN)
    rows = download_rows(response, "csv", "neraca-2026-11-30")
    assert rows[:4] == [[cooperative.name], ["Balance sheet"], ["2026-11-30"], ["Account", "Amount"]]
    assert ["Assets"] in rows  # a section's title is a row of its own
    assert rows[-1] == ["Total liabilities and equity", "365000.25"]
    response = client.get(
        reverse("cooperatives:trial_balance", args=[cooperative.pk]),
        {"start": "2026-11-01", "end": "2026-11-30", "format": "csv"},
    )
    rows = download_rows(response, "csv", "neraca-saldo-2026-11-01-2026-11-30")
    assert rows[-1][1:4] == ["Total", "425000.50", "425000.50"]
    assert client.get(url, {"date": "2026-11-30", "format": "ods"}).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_loans_download_reads_a_fixed_number_of_queries_whatever_its_rows(
    client, cooperative, a_loan, treasurer, fmt
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("loans:list", args=[cooperative.pk])
    login(client, treasurer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"format": fmt}).status_code == 200
        return len(captured)

    before = queries()
    for name in ("Budi Santoso", "Siti Aminah"):
        member = make_member(cooperative, treasurer, date=timezone.localdate(), full_name=name)
        make_loan(member, a_loan.product, treasurer, date=timezone.localdate(), principal="1000000", term_months=6)
    assert queries() == before


@pytest.mark.parametrize("rows", [2, 12])
def test_the_mandatory_savings_due_download_costs_a_fixed_number_of_queries(
    client, cooperative, treasurer, rows, django_assert_num_queries
):
    today = timezone.localdate()
    for i in range(rows):
        make_member(cooperative, treasurer, date=today, full_name=f"Anggota {i:02}")
    url = reverse("cooperatives:mandatory_due", args=[cooperative.pk])
    login(client, treasurer)
    for fmt in ("xlsx", "csv"):
        # session, user with roles, cooperative, members (person joined, savings balances as subqueries)
        with django_assert_num_queries(4):
            response = client.get(url, {"format": fmt})
        found = download_rows(response, fmt, f"simpanan-wajib-tertunggak-{today.isoformat()}")
        assert len(table_of(found, "Nomor anggota")) == rows


@pytest.mark.parametrize("entries", [1, 10])
def test_the_statement_downloads_cost_a_fixed_number_of_queries(
    client, cooperative, treasurer, entries, django_assert_num_queries
):
    make_books(cooperative, treasurer)
    for i in range(entries):
        services.manual_entry(
            cooperative=cooperative,
            date=d("2026-11-10"),
            description=f"Sewa tenda {i}",
            lines=[Line("cash", debit=Decimal("10000")), Line("other_income", credit=Decimal("10000"))],
            actor=treasurer,
        )
    login(client, treasurer)
    period = {"start": "2026-10-01", "end": "2026-11-30"}
    downloads = [
        ("cooperatives:trial_balance", period, "neraca-saldo-2026-10-01-2026-11-30"),
        ("cooperatives:balance_sheet", {"date": "2026-11-30"}, "neraca-2026-11-30"),
        ("cooperatives:income_statement", period, "hasil-usaha-2026-10-01-2026-11-30"),
    ]
    for name, params, filename in downloads:
        for fmt in ("xlsx", "csv"):
            # session, user with roles, cooperative, the accounts with their sums
            with django_assert_num_queries(4):
                response = client.get(reverse(name, args=[cooperative.pk]), {**params, "format": fmt})
            assert download_rows(response, fmt, filename)[0] == [cooperative.name]
