"""The double-entry ledger: the one way money is written (DOMAIN-RULES B; issue 4, capability 5).

``post_entry`` is the only writer of journal entries and account balances. Callers are the
business services (savings, loans, SHU, manual entries), inside their own transaction, so the
business record and its entry commit together or not at all.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext_lazy as _

from desmigratif.cooperatives.models import ZERO, Account, ClosedPeriod, Cooperative, JournalEntry, JournalLine

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")

ENTRY_TOO_FEW_LINES = _("A journal entry needs at least two lines.")
ENTRY_UNBALANCED = _("Debits (%(debits)s) and credits (%(credits)s) must be equal.")
LINE_ONE_SIDE = _("Each line is either a debit or a credit, of more than zero.")
LINE_NOT_MONEY = _("Amounts are rupiah with at most two decimals.")
LINE_FOREIGN_ACCOUNT = _("The account does not belong to this cooperative.")
ENTRY_PERIOD_CLOSED = _("The period %(period)s is closed; date the entry in an open month.")
ENTRY_DESCRIPTION = _("Describe the entry.")
REVERSAL_TWICE = _("This entry has already been reversed.")
REVERSAL_OF_REVERSAL = _("A reversal cannot be reversed; post a new entry instead.")


def money(value: Any) -> Decimal:
    """A rupiah amount: a Decimal with at most two decimals, never a float."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(LINE_NOT_MONEY) from None
    if not amount.is_finite() or amount != amount.quantize(CENT) or abs(amount) > MAX_AMOUNT:
        raise ValidationError(LINE_NOT_MONEY)
    return amount.quantize(CENT)


@dataclass(frozen=True)
class Line:
    """One line of an entry: an account (or its role in the chart) and one positive side."""

    account: Account | str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def accounts_by_role(cooperative: Cooperative, roles: Sequence[str]) -> dict[str, Account]:
    found = {a.role: a for a in Account.objects.filter(cooperative=cooperative, role__in=set(roles))}
    missing = set(roles) - set(found)
    if missing:
        raise ValidationError(_("The chart of accounts lacks: %(roles)s.") % {"roles": ", ".join(sorted(missing))})
    return found


def is_closed(cooperative: Cooperative, day: datetime.date) -> bool:
    return ClosedPeriod.objects.filter(cooperative=cooperative, year=day.year, month=day.month).exists()


def prepare_entry(
    *,
    cooperative: Cooperative,
    date: datetime.date,
    description: str,
    lines: Sequence[Line],
    actor: Any,
    source: str = "",
    reversal_of: JournalEntry | None = None,
    is_demo: bool = False,
) -> tuple[JournalEntry, dict[int, Decimal]]:
    """Validate and write one balanced entry and its lines; return it with the balance changes
    still to apply (``move_balances``). Call inside a transaction; ``post_entry`` does both."""
    if not description.strip():
        raise ValidationError({"description": [ENTRY_DESCRIPTION]})
    if len(lines) < 2:
        raise ValidationError(ENTRY_TOO_FEW_LINES)
    roles = [line.account for line in lines if isinstance(line.account, str)]
    by_role = accounts_by_role(cooperative, roles) if roles else {}
    resolved: list[tuple[Account, Decimal, Decimal]] = []
    for line in lines:
        account = by_role[line.account] if isinstance(line.account, str) else line.account
        if account.cooperative_id != cooperative.pk:
            raise ValidationError(LINE_FOREIGN_ACCOUNT)
        debit, credit = money(line.debit), money(line.credit)
        if not ((debit > 0 and credit == 0) or (debit == 0 and credit > 0)):
            raise ValidationError(LINE_ONE_SIDE)
        resolved.append((account, debit, credit))
    debits = sum((d for _a, d, _c in resolved), ZERO)
    credits = sum((c for _a, _d, c in resolved), ZERO)
    if debits != credits:
        raise ValidationError(ENTRY_UNBALANCED % {"debits": debits, "credits": credits})
    if is_closed(cooperative, date):
        raise ValidationError(ENTRY_PERIOD_CLOSED % {"period": f"{date.year}-{date.month:02d}"})

    entry = JournalEntry.objects.create(
        cooperative=cooperative,
        date=date,
        description=description.strip()[:300],
        source=source,
        reversal_of=reversal_of,
        posted_by=actor,
        is_demo=is_demo,
    )
    JournalLine.objects.bulk_create(
        [JournalLine(entry=entry, account=account, debit=debit, credit=credit) for account, debit, credit in resolved]
    )
    deltas: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for account, debit, credit in resolved:
        deltas[account.pk] += debit - credit
    return entry, dict(deltas)


@dataclass
class _FinalPosting:
    committed: bool = False


_final_posting: ContextVar[_FinalPosting | None] = ContextVar("final_posting", default=None)


@contextmanager
def final_posting() -> Iterator[None]:
    """``transaction.atomic`` for a posting whose last statement is ``move_balances`` (the savings
    deposit and withdrawal; use it as a decorator, ``@final_posting()``).

    In the outermost block on PostgreSQL, ``move_balances`` then sends its update and the COMMIT
    together (one psycopg pipeline): the contended rows (cash) stay locked while the server commits,
    never across a round trip to this process, which on a busy machine may first wait for a core.
    The block then finds the transaction committed (psycopg sends no COMMIT when none is open) and
    runs its on-commit callbacks as usual. A statement after that would run in a new transaction of
    its own, so it is refused with ``TransactionManagementError``: whatever the posting writes, it
    writes before moving the balances. Nested in another block, nothing changes: the outer block
    commits."""
    state = _FinalPosting()

    def refuse_after_commit(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if state.committed:
            raise TransactionManagementError("The posting is committed: move_balances must be its last statement.")
        return execute(sql, params, many, context)

    token = _final_posting.set(state)
    try:
        with transaction.atomic(), connection.execute_wrapper(refuse_after_commit):
            yield
    finally:
        _final_posting.reset(token)


def _commits_here() -> _FinalPosting | None:
    """The ``final_posting`` block this call is the last statement of, when that block is the
    outermost ``atomic`` block (which would commit when it exits)."""
    state = _final_posting.get()
    outermost = (
        connection.in_atomic_block
        and len(connection.atomic_blocks) == 1
        and connection.commit_on_exit
        and not connection.needs_rollback
    )
    return state if state is not None and not state.committed and outermost else None


def move_balances(deltas: dict[int, Decimal]) -> None:
    """Move account balances under row locks, taken in one order (by id) so two postings never wait
    on each other in a cycle. Business services call this last, just before their transaction
    commits, so the locks on contended accounts (cash) are held as briefly as possible; in a
    ``final_posting`` block on PostgreSQL it also commits (see there)."""
    ids = sorted(pk for pk, delta in deltas.items() if delta)
    if not ids:
        return
    if connection.vendor == "postgresql":
        # One statement whatever the number of accounts; PostgreSQL adds numerics exactly. The rows
        # are locked in id order by the sub-select; FOR NO KEY UPDATE (what an UPDATE itself takes)
        # still lets other transactions insert journal lines that refer to these accounts (their
        # foreign-key checks take KEY SHARE locks), so only the balance update itself is serial.
        sql = (
            "UPDATE cooperatives_account AS a SET balance = a.balance + d.delta"
            " FROM (SELECT id FROM cooperatives_account WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE) AS l,"
            " unnest(%s::bigint[], %s::numeric[]) AS d(id, delta)"
            " WHERE a.id = l.id AND a.id = d.id"
        )
        params: list[Any] = [ids, ids, [deltas[pk] for pk in ids]]
        final = _commits_here()
        with connection.cursor() as cursor:
            if final is not None:
                raw = connection.connection
                # A failed COMMIT (a deferred check) surfaces here, as Django's own error class.
                with connection.wrap_database_errors, raw.pipeline():
                    cursor.execute(sql, params)
                    raw.commit()
                final.committed = True
            else:
                cursor.execute(sql, params)
        return
    # SQLite would add in binary floating point: compute each new balance in Decimal under the lock
    # (SQLite's write lock is the whole database, taken when the transaction began).
    locked = Account.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", "balance")
    for account_id, current in locked:
        Account.objects.filter(pk=account_id).update(balance=current + deltas[account_id])


@transaction.atomic
def post_entry(
    *,
    cooperative: Cooperative,
    date: datetime.date,
    description: str,
    lines: Sequence[Line],
    actor: Any,
    source: str = "",
    reversal_of: JournalEntry | None = None,
    is_demo: bool = False,
) -> JournalEntry:
    """Post one balanced entry and move the balances of its accounts, under row locks."""
    entry, deltas = prepare_entry(
        cooperative=cooperative,
        date=date,
        description=description,
        lines=lines,
        actor=actor,
        source=source,
        reversal_of=reversal_of,
        is_demo=is_demo,
    )
    move_balances(deltas)
    return entry


@transaction.atomic
def reverse_entry(*, entry: JournalEntry, date: datetime.date, reason: str, actor: Any) -> JournalEntry:
    """Correct a posted entry by posting its mirror image (entries are never edited)."""
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reversal_of_id is not None:
        raise ValidationError(REVERSAL_OF_REVERSAL)
    if JournalEntry.objects.filter(reversal_of=entry).exists():
        raise ValidationError(REVERSAL_TWICE)
    lines = [Line(line.account, debit=line.credit, credit=line.debit) for line in entry.lines.select_related("account")]
    return post_entry(
        cooperative=entry.cooperative,
        date=date,
        description=_("Reversal of entry %(number)s: %(reason)s") % {"number": entry.pk, "reason": reason},
        lines=lines,
        actor=actor,
        source="reversal",
        reversal_of=entry,
        is_demo=entry.is_demo,
    )
