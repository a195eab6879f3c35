"""Concurrent postings on PostgreSQL: many threads, the same accounts, exact balances at the end."""

import datetime
import threading
from decimal import Decimal

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from conftest import VILLAGE_A, make_person
from desmigratif.cooperatives import services
from desmigratif.cooperatives.ledger import final_posting, move_balances
from desmigratif.cooperatives.models import Account, JournalEntry, JournalLine, SavingsAccount, SavingsKind

# serialized_rollback: the flush after a transactional test would otherwise drop the rows data
# migrations publish (the account template) for the tests that follow.
pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DAY = datetime.date(2026, 10, 5)
THREADS = 8
EACH = 15


def _url() -> str:
    settings = connection.settings_dict
    return f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"


def _in_threads(work):
    errors: list[BaseException] = []

    def run(index):
        try:
            work(index)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_concurrent_deposits_to_one_account_lose_no_update(cooperative, treasurer):
    member = services.member_join(
        cooperative=cooperative, person=make_person(treasurer, VILLAGE_A), date=DAY, actor=treasurer
    )
    voluntary = SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY)

    def deposit(index):
        for _ in range(EACH):
            services.savings_deposit(account=voluntary, amount=Decimal("1000.01"), date=DAY, actor=treasurer)

    _in_threads(deposit)
    expected = Decimal("1000.01") * THREADS * EACH
    voluntary.refresh_from_db()
    assert voluntary.balance == expected
    assert voluntary.transactions.count() == THREADS * EACH
    cash = Account.objects.get(cooperative=cooperative, role="cash")
    assert cash.balance == expected + cooperative.principal_savings_amount
    for account in cooperative.accounts.all():
        lines = JournalLine.objects.filter(account=account)
        assert account.balance == sum((line.debit - line.credit for line in lines), Decimal(0))


def test_concurrent_withdrawals_never_overdraw(cooperative, treasurer):
    member = services.member_join(
        cooperative=cooperative, person=make_person(treasurer, VILLAGE_A), date=DAY, actor=treasurer
    )
    voluntary = SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY)
    services.savings_deposit(account=voluntary, amount=Decimal("50000"), date=DAY, actor=treasurer)
    refused = []

    def withdraw(index):
        for _ in range(EACH):
            try:
                services.savings_withdraw(account=voluntary, amount=Decimal("1000"), date=DAY, actor=treasurer)
            except ValidationError:
                refused.append(index)

    _in_threads(withdraw)
    voluntary.refresh_from_db()
    # 50 withdrawals fit; the other 70 are refused, and the balance ends at exactly zero.
    assert voluntary.balance == 0
    assert len(refused) == THREADS * EACH - 50


# --- The last balance update and the COMMIT in one round trip (ledger.final_posting) ---


def _cash_and_savings(cooperative):
    return (
        Account.objects.get(cooperative=cooperative, role="cash"),
        Account.objects.get(cooperative=cooperative, role="savings_voluntary"),
    )


def test_a_last_update_in_the_outermost_block_commits_and_runs_the_commit_callbacks(cooperative):
    cash, savings = _cash_and_savings(cooperative)
    called = []
    with final_posting():
        transaction.on_commit(lambda: called.append("committed"))
        move_balances({cash.pk: Decimal("5.00"), savings.pk: Decimal("-5.00")})
        # The server has committed: another connection already sees the new balance.
        with psycopg.connect(_url()) as other:
            seen = other.execute("SELECT balance FROM cooperatives_account WHERE id = %s", [cash.pk]).fetchone()
        assert seen == (cash.balance + Decimal("5.00"),)
    assert called == ["committed"]
    # The connection goes on as usual after the block.
    assert [a.balance for a in _cash_and_savings(cooperative)] == [cash.balance + 5, savings.balance - 5]


def test_a_last_update_nested_in_a_larger_transaction_waits_for_it(cooperative, treasurer):
    member = services.member_join(
        cooperative=cooperative, person=make_person(treasurer, VILLAGE_A), date=DAY, actor=treasurer
    )
    voluntary = SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY)
    before = [a.balance for a in _cash_and_savings(cooperative)]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.savings_deposit(account=voluntary, amount=Decimal("7000"), date=DAY, actor=treasurer)
        raise RuntimeError("the larger transaction fails after the deposit")
    assert [a.balance for a in _cash_and_savings(cooperative)] == before
    assert not voluntary.transactions.exists()
    voluntary.refresh_from_db()
    assert voluntary.balance == 0


def test_a_commit_refused_by_the_database_is_a_django_integrity_error_and_keeps_nothing(cooperative, treasurer):
    cash, _savings = _cash_and_savings(cooperative)
    entries = JournalEntry.objects.count()
    with final_posting():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO cooperatives_journalentry (cooperative_id, date, description, source, posted_at,"
                " posted_by_id, is_demo) VALUES (%s, %s, 'one-legged', '', now(), %s, false) RETURNING id",
                [cooperative.pk, DAY, treasurer.pk],
            )
            (entry_id,) = cursor.fetchone()
            cursor.execute(
                "INSERT INTO cooperatives_journalline (entry_id, account_id, debit, credit) VALUES (%s, %s, 9, 0)",
                [entry_id, cash.pk],
            )
        # The update and the COMMIT go together: the commit's refusal is this call's error.
        with pytest.raises(IntegrityError, match="does not balance"):
            move_balances({cash.pk: Decimal("9")})
    assert JournalEntry.objects.count() == entries
    assert _cash_and_savings(cooperative)[0].balance == cash.balance


def test_a_statement_after_the_committing_update_is_refused_and_the_posting_stays(cooperative):
    cash, savings = _cash_and_savings(cooperative)
    with pytest.raises(TransactionManagementError, match="last statement"), final_posting():
        move_balances({cash.pk: Decimal("3"), savings.pk: Decimal("-3")})
        Account.objects.filter(pk=cash.pk).update(name_en="Changed after the commit")
    after = _cash_and_savings(cooperative)
    assert [a.balance for a in after] == [cash.balance + 3, savings.balance - 3]
    assert after[0].name_en == cash.name_en
