"""The cooperative's tables download as XLSX and CSV from their pages (``?format=``): the statements,
the simpanan wajib due and the loans, amounts in Decimal, for the cooperative's own officers only."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_B, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import loans, services
from desmigratif.cooperatives.ledger import Line
from desmigratif.cooperatives.models import InterestMethod
from desmigratif.cooperatives.tests.books import make_books
from desmigratif.core.testing import download_rows, table_of

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


@pytest.fixture
def treasurer_b(regions):
    return make_user("treasurer_b", Role.COOPERATIVE_OFFICER, VILLAGE_B)


@pytest.fixture
def a_loan(cooperative, treasurer):
    today = timezone.localdate()
    services.manual_entry(
        cooperative=cooperative,
        date=today,
        description="Hibah modal",
        actor=treasurer,
        lines=[Line("cash", debit=Decimal("50000000")), Line("grants", credit=Decimal("50000000"))],
    )
    product = loans.loan_product_create(
        cooperative=cooperative,
        name="Usaha purna PMI",
        method=InterestMethod.ANNUITY,
        annual_rate=Decimal("12"),
        actor=treasurer,
    )
    member = services.member_join(
        cooperative=cooperative,
        person=make_person(treasurer, VILLAGE_A, full_name="Sri Rahayu"),
        date=today,
        actor=treasurer,
    )
    return loans.loan_apply(
        member=member,
        product=product,
        principal=Decimal("1500000.50"),
        term_months=6,
        purpose="Usaha",
        date=today,
        actor=treasurer,
    )


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
        member = services.member_join(
            cooperative=cooperative,
            person=make_person(treasurer, VILLAGE_A, full_name=name),
            date=timezone.localdate(),
            actor=treasurer,
        )
        loans.loan_apply(
            member=member,
            product=a_loan.product,
            principal=Decimal("1000000"),
            term_months=6,
            purpose="Usaha",
            date=timezone.localdate(),
            actor=treasurer,
        )
    assert queries() == before
