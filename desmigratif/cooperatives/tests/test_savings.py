"""Members and savings (DOMAIN-RULES B2-B4): joining pays pokok, withdrawals never go below zero,
pokok and wajib stay while a member, leaving pays everything back; the books follow every step."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services
from desmigratif.cooperatives.models import Account, JournalLine, MemberStatus, SavingsAccount, SavingsKind

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 5)


def savings(member, kind):
    return SavingsAccount.objects.get(member=member, kind=kind)


def ledger(cooperative, role):
    return Account.objects.get(cooperative=cooperative, role=role).balance


def assert_books_balance(cooperative):
    """Every account equals its lines; debits equal credits overall; the savings ledger accounts
    equal the sum of the members' savings balances."""
    sums: dict[int, Decimal] = {}
    for account_id, debit, credit in JournalLine.objects.filter(entry__cooperative=cooperative).values_list(
        "account_id", "debit", "credit"
    ):
        sums[account_id] = sums.get(account_id, Decimal(0)) + debit - credit
    accounts = list(cooperative.accounts.all())
    for account in accounts:
        assert account.balance == sums.get(account.pk, Decimal(0)), account.role
    assert sum((a.balance for a in accounts), Decimal(0)) == 0
    for kind, role in (
        (SavingsKind.PRINCIPAL, "savings_principal"),
        (SavingsKind.MANDATORY, "savings_mandatory"),
        (SavingsKind.VOLUNTARY, "savings_voluntary"),
    ):
        members_total = sum(
            (a.balance for a in SavingsAccount.objects.filter(member__cooperative=cooperative, kind=kind)), Decimal(0)
        )
        assert -ledger(cooperative, role) == members_total, role


@pytest.fixture
def member(cooperative, treasurer):
    person = make_person(treasurer, VILLAGE_A, full_name="Siti Aminah")
    return services.member_join(cooperative=cooperative, person=person, date=DAY, actor=treasurer)


def test_joining_pays_the_principal_savings_into_equity(cooperative, member):
    assert member.number == "00001" and member.status == MemberStatus.ACTIVE
    assert savings(member, SavingsKind.PRINCIPAL).balance == Decimal("100000.00")
    assert ledger(cooperative, "cash") == Decimal("100000.00")
    assert ledger(cooperative, "savings_principal") == Decimal("-100000.00")
    assert_books_balance(cooperative)


def test_a_person_joins_a_cooperative_once(cooperative, member, treasurer):
    with pytest.raises(ValidationError):
        services.member_join(cooperative=cooperative, person=member.person, date=DAY, actor=treasurer)


def test_voluntary_savings_in_and_out_never_below_zero(cooperative, member, treasurer):
    voluntary = savings(member, SavingsKind.VOLUNTARY)
    services.savings_deposit(account=voluntary, amount=Decimal("50000"), date=DAY, actor=treasurer)
    tx = services.savings_withdraw(account=voluntary, amount=Decimal("20000"), date=DAY, actor=treasurer)
    assert tx.balance_after == Decimal("30000.00")
    with pytest.raises(ValidationError) as exc:
        services.savings_withdraw(account=voluntary, amount=Decimal("30000.01"), date=DAY, actor=treasurer)
    assert "30000" in str(exc.value)
    assert savings(member, SavingsKind.VOLUNTARY).balance == Decimal("30000.00")
    assert_books_balance(cooperative)


@pytest.mark.parametrize("kind", [SavingsKind.PRINCIPAL, SavingsKind.MANDATORY])
def test_principal_and_mandatory_savings_are_not_withdrawable_while_a_member(member, treasurer, kind):
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        services.savings_withdraw(account=savings(member, kind), amount=Decimal("1"), date=DAY, actor=treasurer)


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("1.005")])
def test_deposits_of_nothing_negative_or_fractions_of_a_cent_are_refused(member, treasurer, amount):
    with pytest.raises(ValidationError):
        services.savings_deposit(
            account=savings(member, SavingsKind.VOLUNTARY), amount=amount, date=DAY, actor=treasurer
        )


def test_a_future_date_is_refused(member, treasurer):
    with pytest.raises(ValidationError):
        services.savings_deposit(
            account=savings(member, SavingsKind.VOLUNTARY),
            amount=Decimal("5"),
            date=datetime.date.today() + datetime.timedelta(days=1),
            actor=treasurer,
        )


def test_leaving_pays_back_every_saving_and_ends_deposits(cooperative, member, treasurer):
    services.savings_deposit(
        account=savings(member, SavingsKind.MANDATORY), amount=Decimal("20000"), date=DAY, actor=treasurer
    )
    services.member_leave(member=member, date=DAY, actor=treasurer)
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.left_on == DAY
    assert all(a.balance == 0 for a in member.savings_accounts.all())
    assert ledger(cooperative, "cash") == 0
    with pytest.raises(ValidationError):
        services.savings_deposit(
            account=savings(member, SavingsKind.VOLUNTARY), amount=Decimal("5"), date=DAY, actor=treasurer
        )
    assert_books_balance(cooperative)


def test_only_the_cooperatives_own_officer_may_move_money(cooperative, member, regions):
    officer_b = make_user("treasurer_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    regency = make_user("disnaker_x", Role.REGENCY_OFFICER, "35.07")
    for actor in (officer_b, regency):
        with pytest.raises(PermissionDenied):
            services.savings_deposit(
                account=savings(member, SavingsKind.VOLUNTARY), amount=Decimal("5"), date=DAY, actor=actor
            )
    assert savings(member, SavingsKind.VOLUNTARY).balance == 0


# --- Property: any sequence of deposits and withdrawals keeps the books right ---------------------

operations = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2),  # member
        st.sampled_from(["deposit_voluntary", "deposit_mandatory", "withdraw"]),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2),
    ),
    max_size=15,
)


class _Rollback(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_savings_transactions_keeps_the_ledger_balanced(cooperative, treasurer, three_people, ops):
    # Each example runs in a savepoint that is rolled back, so examples never see each other's rows.
    try:
        with transaction.atomic():
            _run(cooperative, treasurer, three_people, ops)
            raise _Rollback
    except _Rollback:
        pass


@pytest.fixture
def three_people(treasurer):
    return [make_person(treasurer, VILLAGE_A) for _ in range(3)]


def _run(cooperative, treasurer, people, ops):
    members = [services.member_join(cooperative=cooperative, person=p, date=DAY, actor=treasurer) for p in people]
    for index, op, amount in ops:
        member = members[index]
        try:
            if op == "deposit_voluntary":
                services.savings_deposit(
                    account=savings(member, SavingsKind.VOLUNTARY), amount=amount, date=DAY, actor=treasurer
                )
            elif op == "deposit_mandatory":
                services.savings_deposit(
                    account=savings(member, SavingsKind.MANDATORY), amount=amount, date=DAY, actor=treasurer
                )
            else:
                services.savings_withdraw(
                    account=savings(member, SavingsKind.VOLUNTARY), amount=amount, date=DAY, actor=treasurer
                )
        except ValidationError:
            pass  # an overdraft, refused; the books must still be right
        assert all(a.balance >= 0 for a in SavingsAccount.objects.filter(member__cooperative=cooperative))
    assert_books_balance(cooperative)
    for member in members:
        services.member_leave(member=member, date=DAY, actor=treasurer)
    assert ledger(cooperative, "cash") == 0
    assert_books_balance(cooperative)


@pytest.mark.postgresql
def test_on_postgresql_a_deposit_is_two_statements_and_writes_what_the_general_path_writes(
    cooperative, member, treasurer
):
    account = savings(member, SavingsKind.VOLUNTARY)
    services.savings_deposit(account=account, amount=Decimal("1"), date=DAY, actor=treasurer)  # the actor's roles
    # The savings movement with its entry, lines and transaction in one statement; the contended
    # ledger balances in a second (the savepoints of the test's own transaction aside).
    with CaptureQueriesContext(connection) as captured:
        row = services.savings_deposit(account=account, amount=Decimal("250000"), date=DAY, actor=treasurer)
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2, statements
    stored = type(row).objects.select_related("entry").get(pk=row.pk)
    assert (stored.amount, stored.balance_after, stored.kind, stored.created_by_id) == (
        Decimal("250000"),
        Decimal("250001"),
        "deposit",
        treasurer.pk,
    )
    assert stored.entry.source == "savings.deposit" and stored.entry.posted_by_id == treasurer.pk
    lines = {(line.account.role, line.debit, line.credit) for line in stored.entry.lines.select_related("account")}
    assert lines == {("cash", Decimal("250000"), Decimal(0)), ("savings_voluntary", Decimal(0), Decimal("250000"))}
    assert row.balance_after == savings(member, SavingsKind.VOLUNTARY).balance == Decimal("250001")
    assert_books_balance(cooperative)
