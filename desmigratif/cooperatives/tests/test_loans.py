"""Loans: schedules to the rupiah, the four-eyes flow, repayment allocation, arrears and PAR."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import VILLAGE_A, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import loans, services
from desmigratif.cooperatives.models import Account, Instalment, InterestMethod, LoanStatus
from desmigratif.cooperatives.tests.lending import fund, make_loan, make_member, make_product
from desmigratif.cooperatives.tests.test_savings import assert_books_balance

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 31)


# --- Schedules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "rate", "months"),
    [("10000000", "18", 12), ("5000000", "12", 24), ("2500000", "0", 10), ("1234567", "21.5", 7), ("999", "24", 36)],
)
def test_annuity_instalments_follow_the_closed_form_and_principal_sums_to_the_loan(principal, rate, months):
    principal, rate = Decimal(principal), Decimal(rate)
    rows = loans.schedule(principal, rate, months, InterestMethod.ANNUITY, START)
    r = rate / 1200
    exact = principal * r / (1 - (1 + r) ** -months) if r else principal / months
    payment = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert len(rows) == months
    assert all(row.payment == payment for row in rows[:-1])
    assert abs(rows[-1].payment - payment) <= months  # the last absorbs at most a rupiah per month of rounding
    assert sum(row.principal for row in rows) == principal
    # Interest is on the declining balance, rounded half-up to the rupiah.
    balance = principal
    for row in rows:
        assert row.interest == (balance * r).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        balance -= row.principal
    assert balance == 0


def test_a_known_annuity_schedule_to_the_rupiah():
    # 12,000,000 at 12%/year over 12 months: r = 1%; A = 12e6 × 0.01 / (1 − 1.01^−12) = 1,066,185.46 → 1,066,185.
    rows = loans.schedule(Decimal("12000000"), Decimal("12"), 12, InterestMethod.ANNUITY, START)
    assert rows[0].interest == Decimal("120000") and rows[0].principal == Decimal("946185")
    assert rows[1].interest == Decimal("110538")  # (12,000,000 − 946,185) × 1% = 110,538.15
    assert rows[0].due_on == datetime.date(2025, 2, 28)  # month end when the month is shorter
    assert rows[1].due_on == datetime.date(2025, 3, 31)


def test_flat_interest_on_the_original_amount_and_principal_sums_to_the_loan():
    # 1,000,000 flat 18%/year over 3 months: interest 15,000 a month; principal 333,333, 333,333, 333,334.
    rows = loans.schedule(Decimal("1000000"), Decimal("18"), 3, InterestMethod.FLAT, START)
    assert [r.interest for r in rows] == [Decimal("15000")] * 3
    assert [r.principal for r in rows] == [Decimal("333333"), Decimal("333333"), Decimal("333334")]


# --- Flow --------------------------------------------------------------------------------------------


@pytest.fixture
def second_officer(regions):
    return make_user("treasurer_two", Role.COOPERATIVE_OFFICER, VILLAGE_A)


@pytest.fixture
def member(cooperative, treasurer):
    return make_member(cooperative, treasurer, date=START, full_name="Wahyuni")


@pytest.fixture
def product(cooperative, treasurer):
    return make_product(
        cooperative,
        treasurer,
        name="Pinjaman usaha purna PMI",
        fee_percent=Decimal("1"),
        penalty_percent_per_month=Decimal("3"),
    )


@pytest.fixture
def funded(cooperative, treasurer):
    """Cash to lend: a grant posted to the books."""
    fund(cooperative, treasurer, date=START)


def disbursed(member, product, treasurer, second_officer, amount="12000000", months=12):
    return make_loan(
        member,
        product,
        treasurer,
        date=START,
        principal=amount,
        term_months=months,
        purpose="Warung",
        approver=second_officer,
    )


def test_the_officer_who_applied_cannot_approve(member, product, treasurer, second_officer):
    loan = make_loan(member, product, treasurer, date=START, principal="1000000", term_months=6, purpose="x")
    with pytest.raises(ValidationError, match="cannot decide"):
        loans.loan_decide(loan=loan, approve=True, date=START, actor=treasurer)
    other_village = make_user("treasurer_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    with pytest.raises(PermissionDenied):
        loans.loan_decide(loan=loan, approve=True, date=START, actor=other_village)
    assert loans.loan_decide(loan=loan, approve=False, date=START, actor=second_officer).status == LoanStatus.REJECTED
    with pytest.raises(ValidationError):
        loans.loan_disburse(loan=loan, date=START, actor=treasurer)


@pytest.mark.parametrize(("months", "field"), [(0, "term_months"), (37, "term_months")])
def test_terms_outside_the_product_are_refused(member, product, treasurer, months, field):
    with pytest.raises(ValidationError) as exc:
        loans.loan_apply(
            member=member,
            product=product,
            principal=Decimal("1000"),
            term_months=months,
            purpose="x",
            date=START,
            actor=treasurer,
        )
    assert field in exc.value.message_dict


def test_disbursement_pays_out_less_the_fee_and_fixes_the_schedule(
    cooperative, member, product, treasurer, second_officer, funded
):
    loan = disbursed(member, product, treasurer, second_officer)
    assert loan.fee == Decimal("120000.00") and loan.outstanding_principal == Decimal("12000000.00")
    assert loan.instalments.count() == 12
    receivable = Account.objects.get(cooperative=cooperative, role="loans_receivable")
    assert receivable.balance == Decimal("12000000.00")
    assert Account.objects.get(cooperative=cooperative, role="fee_income").balance == Decimal("-120000.00")
    assert_books_balance(cooperative)


def test_an_on_time_repayment_pays_interest_then_principal(
    cooperative, member, product, treasurer, second_officer, funded
):
    loan = disbursed(member, product, treasurer, second_officer)
    repayment = loans.loan_repay(loan=loan, amount=Decimal("1066185"), date=datetime.date(2025, 2, 28), actor=treasurer)
    assert (repayment.penalty, repayment.interest, repayment.principal) == (
        Decimal(0),
        Decimal("120000"),
        Decimal("946185"),
    )
    first = Instalment.objects.get(loan=loan, number=1)
    assert first.paid_on == datetime.date(2025, 2, 28)
    loan.refresh_from_db()
    assert loan.outstanding_principal == Decimal("12000000") - Decimal("946185")
    assert_books_balance(cooperative)


def test_a_late_repayment_pays_the_penalty_first_in_the_default_order(
    cooperative, member, product, treasurer, second_officer, funded
):
    loan = disbursed(member, product, treasurer, second_officer)
    # 30 days late on 1,066,185 at 3% a month: penalty 31,986 (rounded half-up).
    late = datetime.date(2025, 3, 30)
    repayment = loans.loan_repay(loan=loan, amount=Decimal("100000"), date=late, actor=treasurer)
    assert repayment.penalty == Decimal("31986")
    assert repayment.interest == Decimal("68014") and repayment.principal == 0


def test_the_repayment_order_is_the_products_setting(cooperative, member, product, treasurer, second_officer, funded):
    product.allocation_order = "principal,interest,penalty"
    product.save()
    loan = disbursed(member, product, treasurer, second_officer)
    repayment = loans.loan_repay(loan=loan, amount=Decimal("100000"), date=datetime.date(2025, 3, 30), actor=treasurer)
    assert (repayment.principal, repayment.interest, repayment.penalty) == (Decimal("100000"), Decimal(0), Decimal(0))


def test_paying_more_than_is_owed_is_refused_and_early_payoff_closes_the_loan(
    cooperative, member, product, treasurer, second_officer, funded
):
    loan = disbursed(member, product, treasurer, second_officer)
    day = datetime.date(2025, 2, 28)
    # Principal + the interest due (instalment 1) + the current period's interest (instalment 2).
    owed = Decimal("12000000") + Decimal("120000") + Decimal("110538")
    with pytest.raises(ValidationError, match="more than what is owed"):
        loans.loan_repay(loan=loan, amount=owed + 1, date=day, actor=treasurer)
    loans.loan_repay(loan=loan, amount=owed, date=day, actor=treasurer)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED and loan.outstanding_principal == 0
    assert Account.objects.get(cooperative=cooperative, role="loans_receivable").balance == 0
    assert_books_balance(cooperative)


def test_a_member_with_a_loan_cannot_leave(member, product, treasurer, second_officer, funded):
    disbursed(member, product, treasurer, second_officer)
    with pytest.raises(ValidationError, match="still has a loan"):
        services.member_leave(member=member, date=START, actor=treasurer)


# --- Arrears ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "days", "bank", "coop"),
    [
        (datetime.date(2025, 2, 28), 0, "lancar", "lancar"),
        (datetime.date(2025, 3, 1), 1, "dpk", "lancar"),
        (datetime.date(2025, 5, 29), 90, "dpk", "lancar"),
        (datetime.date(2025, 5, 30), 91, "kurang_lancar", "kurang_lancar"),
        (datetime.date(2025, 6, 29), 121, "diragukan", "kurang_lancar"),
        (datetime.date(2025, 8, 28), 181, "macet", "diragukan"),
    ],
)
def test_days_past_due_and_collectibility_at_known_dates(
    cooperative, member, product, treasurer, second_officer, funded, on, days, bank, coop
):
    loan = disbursed(member, product, treasurer, second_officer)
    assert loans.days_past_due(loan, on) == days
    bank_classes = list(cooperative.collectibility_classes.filter(scheme="bank5"))
    coop_classes = list(cooperative.collectibility_classes.filter(scheme="coop4"))
    assert loans.collectibility(days, bank_classes).code == bank
    assert loans.collectibility(days, coop_classes).code == coop


def test_collectibility_thresholds_are_the_cooperatives_configuration(cooperative):
    classes = list(cooperative.collectibility_classes.filter(scheme="coop4"))
    assert loans.collectibility(100, classes).code == "kurang_lancar"
    cooperative.collectibility_classes.filter(scheme="coop4", code="kurang_lancar").update(min_days_past_due=120)
    classes = list(cooperative.collectibility_classes.filter(scheme="coop4"))
    assert loans.collectibility(100, classes).code == "lancar"


def test_par_and_npl_count_outstanding_balances_not_loans(
    cooperative, treasurer, product, second_officer, funded, django_assert_num_queries
):
    members = [make_member(cooperative, treasurer, date=START) for _ in range(3)]
    small = disbursed(members[0], product, treasurer, second_officer, amount="1000000", months=12)
    disbursed(members[1], product, treasurer, second_officer, amount="3000000", months=12)
    current = disbursed(members[2], product, treasurer, second_officer, amount="6000000", months=12)
    # Keep the third loan current: pay its first four instalments.
    for _ in range(4):
        loans.loan_repay(
            loan=current,
            amount=current.instalments.filter(paid_on__isnull=True).first().amount_due,
            date=START,
            actor=treasurer,
        )
        current.refresh_from_db()
    on = datetime.date(2025, 6, 10)  # first instalments due 28 Feb: 102 days late for the two unpaid loans
    with django_assert_num_queries(2):
        quality = loans.portfolio_quality(cooperative.pk, on, "bank5")
    outstanding = Decimal("1000000") + Decimal("3000000") + current.outstanding_principal
    assert quality.outstanding == outstanding
    late = (Decimal("4000000") * 100 / outstanding).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert quality.par == {1: late, 30: late, 60: late, 90: late}
    assert quality.npl_percent == late  # 102 days: kurang lancar, non-performing
    assert quality.npl_band[0] == loans.npl_band(late)[0]
    assert small.status == LoanStatus.DISBURSED


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        ("0", "sehat"),
        ("5", "sehat"),
        ("5.01", "cukup_sehat"),
        ("10", "cukup_sehat"),
        ("15", "kurang_sehat"),
        ("15.01", "tidak_sehat"),
    ],
)
def test_npl_health_bands(ratio, band):
    assert loans.npl_band(Decimal(ratio))[0] == band
