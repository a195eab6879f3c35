"""Concurrent postings on PostgreSQL: many threads, the same accounts, exact balances at the end."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import VILLAGE_A, make_person
from desmigratif.cooperatives import services
from desmigratif.cooperatives.models import Account, JournalLine, SavingsAccount, SavingsKind

# serialized_rollback: the flush after a transactional test would otherwise drop the rows data
# migrations publish (the account template) for the tests that follow.
pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DAY = datetime.date(2026, 10, 5)
THREADS = 8
EACH = 15


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
