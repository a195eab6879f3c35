"""Year-end SHU on a small cooperative computed by hand (DOMAIN-RULES B6-B9)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import loans, services, shu
from desmigratif.cooperatives.ledger import Line
from desmigratif.cooperatives.models import Account, InterestMethod, SavingsAccount, SavingsKind
from desmigratif.cooperatives.tests.lending import fund, make_loan, make_member, make_product
from desmigratif.cooperatives.tests.test_savings import assert_books_balance

pytestmark = pytest.mark.django_db

JOIN = datetime.date(2025, 1, 10)


def d(value):
    return Decimal(value)


@pytest.fixture
def year_2025(cooperative, treasurer):
    """Three members, savings, two small loans and some other income and expenses in 2025."""
    checker = make_user("treasurer_two", Role.COOPERATIVE_OFFICER, VILLAGE_A)
    a, b, c = (make_member(cooperative, treasurer, date=JOIN) for _ in range(3))
    # Savings counted for jasa modal (principal + mandatory; voluntary does not count by default):
    # A 100,000 + 240,000 = 340,000; B 100,000 + 120,000 = 220,000; C 100,000; total 660,000.
    services.savings_deposit(
        account=SavingsAccount.objects.get(member=a, kind=SavingsKind.MANDATORY),
        amount=d("240000"),
        date=JOIN,
        actor=treasurer,
    )
    services.savings_deposit(
        account=SavingsAccount.objects.get(member=b, kind=SavingsKind.MANDATORY),
        amount=d("120000"),
        date=JOIN,
        actor=treasurer,
    )
    services.savings_deposit(
        account=SavingsAccount.objects.get(member=a, kind=SavingsKind.VOLUNTARY),
        amount=d("1000000"),
        date=JOIN,
        actor=treasurer,
    )
    fund(cooperative, treasurer, date=JOIN, amount="5000000")
    product = make_product(cooperative, treasurer, name="Usaha", method=InterestMethod.FLAT)

    def lend(member, amount, months, paid):
        loan = make_loan(member, product, treasurer, date=JOIN, principal=amount, term_months=months, approver=checker)
        for instalment in loan.instalments.order_by("number")[:paid]:
            loans.loan_repay(loan=loan, amount=instalment.amount_due, date=instalment.due_on, actor=treasurer)

    # Jasa usaha base = loan interest paid in the year: C 3 × 12,000 = 36,000; B 2 × 6,000 = 12,000.
    lend(c, "1200000", 12, paid=3)
    lend(b, "600000", 6, paid=2)
    # Income 48,000 interest + 2,000,000 other; expenses 548,000: SHU = 1,500,000.
    services.manual_entry(
        cooperative=cooperative,
        date=datetime.date(2025, 6, 1),
        description="Sewa gedung",
        lines=[Line("cash", debit=d("2000000")), Line("other_income", credit=d("2000000"))],
        actor=treasurer,
    )
    services.manual_entry(
        cooperative=cooperative,
        date=datetime.date(2025, 12, 1),
        description="ATK dan rapat",
        lines=[Line("admin_expense", debit=d("548000")), Line("cash", credit=d("548000"))],
        actor=treasurer,
    )
    # Not in the year: income of 2026 does not count.
    services.manual_entry(
        cooperative=cooperative,
        date=datetime.date(2026, 1, 5),
        description="2026",
        lines=[Line("cash", debit=d("999")), Line("other_income", credit=d("999"))],
        actor=treasurer,
    )
    return a, b, c


def test_the_shu_of_a_hand_computed_cooperative(cooperative, treasurer, year_2025):
    a, b, c = year_2025
    distribution = shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)
    assert distribution.surplus == d("1500000")
    assert distribution.member_savings_total == d("660000")
    assert distribution.member_transactions_total == d("48000")
    # Pools at 40/20/20/5/5/5/5: reserve 600,000; jasa modal 300,000; jasa usaha 300,000; 75,000 × 4.
    pools = {p.pool: p.amount for p in distribution.pools.all()}
    # Jasa modal, rounded down: A 300,000 × 340/660 = 154,545.45 → 154,545; B 300,000 × 220/660 = 100,000;
    # C 300,000 × 100/660 = 45,454.54 → 45,454. Sum 299,999: the 1 rupiah left goes to the reserve.
    # Jasa usaha: B 300,000 × 12/48 = 75,000; C 300,000 × 36/48 = 225,000.
    assert pools == {
        "reserve": d("600001"),
        "jasa_modal": d("300000"),
        "jasa_usaha": d("300000"),
        "management": d("75000"),
        "employees": d("75000"),
        "education": d("75000"),
        "social": d("75000"),
    }
    shares = {s.member_id: (s.jasa_modal, s.jasa_usaha) for s in distribution.member_shares.all()}
    assert shares == {
        a.pk: (d("154545"), d("0")),
        b.pk: (d("100000"), d("75000")),
        c.pk: (d("45454"), d("225000")),
    }

    def balance(role):
        return Account.objects.get(cooperative=cooperative, role=role).balance

    # Income and expense of 2025 are closed; 2026's 999 stays. Reserve and funds are credited.
    assert balance("admin_expense") == 0 and balance("interest_income") == 0
    assert balance("other_income") == d("-999")
    assert balance("retained_surplus") == 0
    assert balance("reserve") == d("-600001")
    assert balance("shu_members_payable") == d("-599999")
    assert balance("shu_social_fund") == d("-75000")
    assert_books_balance(cooperative)


def test_shu_once_per_year_and_only_after_it_ends(cooperative, treasurer, year_2025):
    shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)
    with pytest.raises(ValidationError, match="already"):
        shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)
    with pytest.raises(ValidationError, match="not ended"):
        shu.shu_distribute(cooperative=cooperative, year=datetime.date.today().year, actor=treasurer)


def test_a_loss_is_closed_but_not_distributed(cooperative, treasurer):
    services.manual_entry(
        cooperative=cooperative,
        date=datetime.date(2025, 3, 1),
        description="Rugi",
        lines=[Line("admin_expense", debit=d("1000")), Line("cash", credit=d("1000"))],
        actor=treasurer,
    )
    distribution = shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)
    assert distribution.surplus == d("-1000") and distribution.distribution_entry is None
    assert Account.objects.get(cooperative=cooperative, role="retained_surplus").balance == d("1000")
    assert_books_balance(cooperative)


def test_a_fiscal_year_starting_in_july(cooperative):
    cooperative.fiscal_year_start_month = 7
    assert shu.fiscal_year(cooperative, 2024) == (datetime.date(2024, 7, 1), datetime.date(2025, 6, 30))
