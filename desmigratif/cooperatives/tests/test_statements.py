"""The statements on a hand-made set of books: exact figures, and they balance."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from desmigratif.cooperatives import selectors
from desmigratif.cooperatives.models import Member
from desmigratif.cooperatives.selectors import cents, periods_due
from desmigratif.cooperatives.tests.books import d, make_books
from desmigratif.core.templatetags.money import format_rupiah

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(cooperative, treasurer):
    return make_books(cooperative, treasurer)


def _row(tb, role):
    return next(r for r in tb.rows if r.account.role == role)


def test_trial_balance_of_november(cooperative, books, django_assert_num_queries):
    with django_assert_num_queries(1):
        tb = selectors.trial_balance(cooperative, d("2026-11-01"), d("2026-11-30"))
    cash = _row(tb, "cash")
    # Opening: 100.000 + 250.000 + 75.000,50; in: 20.000; out: 30.000,25 + 50.000.
    assert (cash.opening, cash.debits, cash.credits, cash.closing) == (
        Decimal("425000.50"),
        Decimal("20000.00"),
        Decimal("80000.25"),
        Decimal("365000.25"),
    )
    assert _row(tb, "savings_voluntary").closing == Decimal("-200000.00")
    assert _row(tb, "other_income").opening_credit == Decimal("75000.50")
    t = tb.totals
    assert t["opening_debit"] == t["opening_credit"] == Decimal("425000.50")
    assert t["debits"] == t["credits"] == Decimal("100000.25")
    # Closing: cash 365.000,25 + expense 30.000,25 on the debit side.
    assert t["closing_debit"] == t["closing_credit"] == Decimal("395000.50")
    assert tb.balanced


def test_balance_sheet_shows_the_unclosed_surplus_in_equity(cooperative, books, django_assert_num_queries):
    with django_assert_num_queries(1):
        bs = selectors.balance_sheet(cooperative, d("2026-11-30"))
    assert bs.assets.total == Decimal("365000.25")
    assert bs.liabilities.total == Decimal("200000.00")
    surplus = bs.equity.lines[-1]
    assert surplus.label == "SHU for the current year (not yet closed)"
    assert surplus.amount == Decimal("45000.25")  # 75.000,50 − 30.000,25
    assert bs.equity.total == Decimal("165000.25")  # 100.000 pokok + 20.000 wajib + SHU
    assert bs.balanced
    october = selectors.balance_sheet(cooperative, d("2026-10-31"))
    assert october.assets.total == october.liabilities_and_equity == Decimal("425000.50")


def test_income_statement_for_any_period(cooperative, books, django_assert_num_queries):
    with django_assert_num_queries(1):
        st = selectors.income_statement(cooperative, d("2026-10-01"), d("2026-11-30"))
    assert (st.income.total, st.expenses.total, st.surplus) == (
        Decimal("75000.50"),
        Decimal("30000.25"),
        Decimal("45000.25"),
    )
    november = selectors.income_statement(cooperative, d("2026-11-01"), d("2026-11-30"))
    assert november.surplus == Decimal("-30000.25")


def test_mandatory_savings_due(cooperative, books, django_assert_num_queries):
    # Joined 5 Oct; on 22 Nov two monthly payments (Oct, Nov) of 20.000 are due; 20.000 paid.
    with django_assert_num_queries(1):
        rows = selectors.mandatory_savings_due(cooperative, today=d("2026-11-22"))
    assert [(r.member, r.periods, r.expected, r.paid, r.due) for r in rows] == [
        (books, 2, Decimal("40000.00"), Decimal("20000.00"), Decimal("20000.00"))
    ]
    assert selectors.mandatory_savings_due(cooperative, today=d("2026-10-31")) == []


def test_periods_due():
    assert periods_due(d("2026-10-05"), d("2026-10-05"), 1) == 1
    assert periods_due(d("2026-10-05"), d("2027-01-01"), 3) == 2
    assert periods_due(d("2026-10-05"), d("2026-09-30"), 1) == 0


def test_members_with_savings_in_one_query(cooperative, books, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(selectors.members(cooperative))
    assert [(cents(m.principal), cents(m.mandatory), cents(m.voluntary)) for m in rows] == [  # type: ignore[attr-defined]
        (Decimal("100000.00"), Decimal("20000.00"), Decimal("200000.00"))
    ]


def test_a_member_without_savings_accounts_is_listed_with_no_balances(cooperative, books, facilitator_a):
    Member.objects.create(
        cooperative=cooperative, person=make_person(facilitator_a), number="00002", joined_on=d("2026-11-02")
    )
    rows = list(selectors.members(cooperative))
    assert [m.number for m in rows] == ["00001", "00002"]
    assert (rows[1].principal, rows[1].mandatory, rows[1].voluntary) == (None, None, None)  # type: ignore[attr-defined]
    assert cents(rows[0].voluntary) == Decimal("200000.00")  # type: ignore[attr-defined]


def test_a_page_of_members_reads_the_balances_of_its_members_only(cooperative, books):
    """Balances are looked up per listed member, not summed over a join of every member's accounts."""
    members = selectors.members(cooperative)
    with CaptureQueriesContext(connection) as captured:
        assert members.count() == 1
        assert len(members[:25]) == 1
    count_sql, page_sql = (q["sql"] for q in captured.captured_queries)
    assert "savingsaccount" not in count_sql
    assert "GROUP BY" not in page_sql
    assert page_sql.count('FROM "cooperatives_savingsaccount"') == 3


def test_cents_quantizes_what_sqlite_sums_in_floating_point():
    assert cents(0.1 + 0.2) == Decimal("0.30")
    assert cents(Decimal("1.005")) == Decimal("1.01")
    assert cents(None) == Decimal("0.00")


def test_many_small_amounts_sum_exactly(cooperative, treasurer):
    """Ten entries of 0,10 on both databases: the statement says exactly 1,00 (not 0.9999…)."""
    from desmigratif.cooperatives import services
    from desmigratif.cooperatives.ledger import Line

    for _ in range(10):
        services.manual_entry(
            cooperative=cooperative,
            date=d("2026-10-20"),
            description="Bunga bank",
            lines=[Line("bank", debit=Decimal("0.10")), Line("other_income", credit=Decimal("0.10"))],
            actor=treasurer,
        )
    st = selectors.income_statement(cooperative, d("2026-10-01"), d("2026-10-31"))
    assert st.surplus == Decimal("1.00")
    assert str(st.surplus) == "1.00"


def test_rupiah_format():
    assert format_rupiah(Decimal("1500000")) == "Rp1.500.000,00"
    assert format_rupiah(Decimal("-30000.25")) == "−Rp30.000,25"
    assert format_rupiah(Decimal("0")) == "Rp0,00"
    with pytest.raises(TypeError):
        format_rupiah(1.5)  # type: ignore[arg-type]
