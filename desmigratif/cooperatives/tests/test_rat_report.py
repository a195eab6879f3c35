"""The annual report for the members' meeting (RAT, UU 25/1992 Pasal 35) of the hand-computed 2025."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import selectors, shu
from desmigratif.cooperatives.pdf import rat_pdf
from desmigratif.cooperatives.tests.test_shu import year_2025  # noqa: F401 - the hand-computed year, a fixture
from desmigratif.core.testing import assert_access

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


@pytest.fixture
def distribution(cooperative, treasurer, year_2025):  # noqa: F811
    return shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)


def test_the_report_holds_the_state_the_statements_and_the_shu(cooperative, distribution, django_assert_num_queries):
    # members, savings by kind, loans paid out, neraca, income statement, pools, shares
    with django_assert_num_queries(7):
        report = selectors.annual_report(cooperative, distribution)
    assert (report.members_at_end, report.members_joined, report.members_left) == (3, 3, 0)
    # Principal 3 × 100,000; mandatory 240,000 + 120,000; voluntary 1,000,000 (test_shu.year_2025).
    assert report.savings_at_end == {
        "principal": Decimal("300000"),
        "mandatory": Decimal("360000"),
        "voluntary": Decimal("1000000"),
    }
    assert (report.loans_disbursed, report.loans_disbursed_amount) == (2, Decimal("1800000"))
    # The closing entry empties income and expenses at 31 December; the year's statement still
    # shows what the year earned and spent: 48,000 interest + 2,000,000 other − 548,000 = 1,500,000.
    assert report.income_statement.surplus == Decimal("1500000")
    assert report.income_statement.expenses.total == Decimal("548000")
    assert report.balance_sheet.balanced
    assert report.shares_total == Decimal("599999")


def test_the_income_statement_of_a_closed_year_is_not_emptied_by_the_closing(cooperative, distribution):
    assert distribution.closing_entry is not None
    assert selectors.income_statement(cooperative, START, END).surplus == Decimal("1500000")
    # The closing entry is still in the trial balance: income and expenses end the year at zero.
    rows = {r.account.role: r for r in selectors.trial_balance(cooperative, START, END).rows}
    assert rows["interest_income"].closing == 0 and rows["admin_expense"].closing == 0


def test_the_pdf_holds_every_section_and_member(cooperative, distribution):
    content = rat_pdf(selectors.annual_report(cooperative, distribution), compress=False)
    assert content.startswith(b"%PDF-")
    # PDF strings escape parentheses: compare the text with them escaped.
    text = content.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
    for expected in (
        cooperative.name,
        "The state of the cooperative",
        "Balance sheet (neraca) at 31-12-2025",
        "Income statement (perhitungan hasil usaha)",
        "Distribution of the SHU",
        "Rp1.500.000,00",  # the SHU of the year
        "Rp600.001,00",  # the reserve, with the rupiah left over by rounding
        "Rp599.999,00",  # the members' shares
    ):
        assert expected in text, expected
    for share in distribution.member_shares.select_related("member__person"):
        assert share.member.person.full_name[:20] in text


def test_who_may_download_the_rat_report(client, cooperative, distribution, treasurer, regency_officer, facilitator_a):
    url = reverse("shu:detail", args=[cooperative.pk, distribution.pk]) + "?format=pdf"
    other = make_user("koperasi_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    assert_access(client, url, allowed=[treasurer, regency_officer], not_found=[other, facilitator_a])
    response = login(client, regency_officer).get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    assert 'filename="laporan-rat-202501-202512.pdf"' in response["Content-Disposition"]
    page = client.get(reverse("shu:detail", args=[cooperative.pk, distribution.pk])).content.decode()
    assert "?format=pdf" in page
