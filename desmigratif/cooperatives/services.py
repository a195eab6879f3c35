"""Writes of the cooperatives pillar: setup, members, savings, manual entries, period close.

Each service checks the actor's scope, validates, and writes its business rows and their journal
entry (through ``ledger.post_entry``) in one transaction. Savings balances change only here,
under a row lock on the savings account, so concurrent deposits never lose an update. On
PostgreSQL a savings movement is one statement plus the ledger balance update (``_MOVE_SQL``), both
prepared on the connection: the posting path that runs most often costs four round trips, not
twelve, and no planning (bench/ledger.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record
from desmigratif.cooperatives.ledger import (
    Line,
    final_posting,
    money,
    move_balances,
    post_entry,
    prepare_entry,
)
from desmigratif.cooperatives.models import (
    COLLECTIBILITY_DEFAULTS,
    SAVINGS_ACCOUNT_ROLE,
    ZERO,
    Account,
    AccountTemplate,
    ClosedPeriod,
    CollectibilityClass,
    Cooperative,
    JournalEntry,
    LoanStatus,
    Member,
    MemberStatus,
    SavingsAccount,
    SavingsKind,
    SavingsTransaction,
    ShuAllocation,
)
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

# Defaults from AD/ART practice (DOMAIN-RULES B8: reserve 40, members 40, the rest 5 each); the
# split of the members' 40 into jasa modal and jasa usaha is ours (half each). Each cooperative
# sets its own in its AD/ART; these only pre-fill the form.
DEFAULT_SHU: dict[str, Decimal] = {
    ShuAllocation.Pool.RESERVE: Decimal("40"),
    ShuAllocation.Pool.JASA_MODAL: Decimal("20"),
    ShuAllocation.Pool.JASA_USAHA: Decimal("20"),
    ShuAllocation.Pool.MANAGEMENT: Decimal("5"),
    ShuAllocation.Pool.EMPLOYEES: Decimal("5"),
    ShuAllocation.Pool.EDUCATION: Decimal("5"),
    ShuAllocation.Pool.SOCIAL: Decimal("5"),
}

SHU_NOT_100 = _("The SHU shares must add up to 100%% (now %(total)s%%).")
NOT_A_MEMBER = _("%(name)s is not an active member.")
ALREADY_MEMBER = _("This person is already a member of this cooperative.")
PERSON_OUT_OF_SCOPE = _("You cannot register this person.")
AMOUNT_POSITIVE = _("The amount must be more than zero.")
NOT_WITHDRAWABLE = _("Principal and mandatory savings cannot be withdrawn while the person is a member (UU 25/1992).")
INSUFFICIENT = _("The balance is %(balance)s; you cannot withdraw %(amount)s.")
PERIOD_ALREADY_CLOSED = _("This month is already closed.")
PERIOD_NOT_OVER = _("A month can be closed only after it has ended.")
FUTURE_DATE = _("The date cannot be in the future.")
LOANS_OPEN = _("The member still has a loan or an application; clear it before leaving.")


def _require_change(actor: Any, village_code: str) -> None:
    if not scope_for(actor, Perm.COOPERATIVES_CHANGE).contains(village_code):
        raise PermissionDenied


def _not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": [FUTURE_DATE]})


def _adart_check(
    *,
    name: str,
    principal_savings_amount: Decimal,
    mandatory_savings_amount: Decimal,
    shu: Mapping[str, Decimal],
    fiscal_year_start_month: int = 1,
) -> dict[str, Decimal]:
    """The AD/ART parameters' rules, for setup and for later changes: the SHU shares by pool."""
    shares = {pool: Decimal(str(percent)) for pool, percent in shu.items()}
    total = sum(shares.values(), Decimal(0))
    errors: dict[str, list[Any]] = {}
    if total != 100:
        errors["shu"] = [ValidationError(SHU_NOT_100 % {"total": total})]
    if set(shares) - set(ShuAllocation.Pool.values):
        errors["shu"] = [ValidationError(_("Unknown SHU pool."))]
    if any(percent < 0 for percent in shares.values()):
        errors["shu"] = [ValidationError(_("An SHU share cannot be negative."))]
    if not name.strip():
        errors["name"] = [ValidationError(_("Give the cooperative's name."))]
    if not 1 <= fiscal_year_start_month <= 12:
        errors["fiscal_year_start_month"] = [ValidationError(_("Choose a month from 1 to 12."))]
    for field, amount in (
        ("principal_savings_amount", principal_savings_amount),
        ("mandatory_savings_amount", mandatory_savings_amount),
    ):
        if money(amount) < 0:
            errors[field] = [ValidationError(_("The amount cannot be negative."))]
    if errors:
        raise ValidationError(errors)
    return {pool: percent for pool, percent in shares.items() if percent}


@transaction.atomic
def cooperative_create(
    *,
    village: Village,
    name: str,
    founded_on: datetime.date,
    principal_savings_amount: Decimal,
    mandatory_savings_amount: Decimal,
    actor: Any,
    legal_entity_number: str = "",
    fiscal_year_start_month: int = 1,
    mandatory_savings_period_months: int = 1,
    jasa_modal_counts_voluntary: bool = False,
    shu: Mapping[str, Decimal] | None = None,
    is_demo: bool = False,
) -> Cooperative:
    """A cooperative with its AD/ART parameters and the standard chart of accounts."""
    _require_change(actor, village.code)
    shares = _adart_check(
        name=name,
        principal_savings_amount=principal_savings_amount,
        mandatory_savings_amount=mandatory_savings_amount,
        shu=shu or DEFAULT_SHU,
        fiscal_year_start_month=fiscal_year_start_month,
    )
    cooperative = Cooperative.objects.create(
        village=village,
        name=name.strip(),
        legal_entity_number=legal_entity_number.strip(),
        founded_on=founded_on,
        fiscal_year_start_month=fiscal_year_start_month,
        principal_savings_amount=money(principal_savings_amount),
        mandatory_savings_amount=money(mandatory_savings_amount),
        mandatory_savings_period_months=mandatory_savings_period_months,
        jasa_modal_counts_voluntary=jasa_modal_counts_voluntary,
        created_by=actor,
        is_demo=is_demo,
    )
    Account.objects.bulk_create(
        Account(
            cooperative=cooperative,
            code=t.code,
            name_id=t.name_id,
            name_en=t.name_en,
            type=t.type,
            role=t.role,
            contra=t.contra,
        )
        for t in AccountTemplate.objects.all()
    )
    ShuAllocation.objects.bulk_create(
        ShuAllocation(cooperative=cooperative, pool=pool, percent=percent) for pool, percent in shares.items()
    )
    CollectibilityClass.objects.bulk_create(
        CollectibilityClass(
            cooperative=cooperative,
            scheme=scheme,
            rank=rank,
            code=code,
            name=class_name,
            min_days_past_due=days,
            non_performing=non_performing,
            basis=basis,
        )
        for scheme, rank, code, class_name, days, non_performing, basis in COLLECTIBILITY_DEFAULTS
    )
    return cooperative


ADART_FIELDS = (
    "name",
    "legal_entity_number",
    "principal_savings_amount",
    "mandatory_savings_amount",
    "mandatory_savings_period_months",
    "jasa_modal_counts_voluntary",
)


@transaction.atomic
def cooperative_update(
    *,
    cooperative: Cooperative,
    name: str,
    legal_entity_number: str,
    principal_savings_amount: Decimal,
    mandatory_savings_amount: Decimal,
    mandatory_savings_period_months: int,
    jasa_modal_counts_voluntary: bool,
    shu: Mapping[str, Decimal],
    actor: Any,
) -> Cooperative:
    """A change of the AD/ART parameters decided by the members' meeting.

    New amounts apply from now on: savings already paid stay as they are, and an SHU already
    distributed keeps the shares it was split by (they are stored with it). The fiscal year and the
    founding date are not changed here: the closed years and their SHU depend on them.
    """
    _require_change(actor, cooperative.village_id)
    shares = _adart_check(
        name=name,
        principal_savings_amount=principal_savings_amount,
        mandatory_savings_amount=mandatory_savings_amount,
        shu=shu,
    )
    if not 1 <= mandatory_savings_period_months <= 12:
        raise ValidationError({"mandatory_savings_period_months": [_("Choose a month from 1 to 12.")]})
    locked = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    new = {
        "name": name.strip(),
        "legal_entity_number": legal_entity_number.strip(),
        "principal_savings_amount": money(principal_savings_amount),
        "mandatory_savings_amount": money(mandatory_savings_amount),
        "mandatory_savings_period_months": mandatory_savings_period_months,
        "jasa_modal_counts_voluntary": jasa_modal_counts_voluntary,
    }
    changes: dict[str, list[Any]] = {
        field: [str(getattr(locked, field)), str(value)]
        for field, value in new.items()
        if getattr(locked, field) != value
    }
    for field, value in new.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(ADART_FIELDS))
    old_shares = {a.pool: a.percent for a in locked.shu_allocations.all()}
    if old_shares != shares:
        changes["shu"] = [
            {pool: str(percent) for pool, percent in sorted(old_shares.items())},
            {pool: str(percent) for pool, percent in sorted(shares.items())},
        ]
        ShuAllocation.objects.filter(cooperative=locked).delete()
        ShuAllocation.objects.bulk_create(
            ShuAllocation(cooperative=locked, pool=pool, percent=percent) for pool, percent in shares.items()
        )
    if changes:
        audit_record(
            actor=actor,
            event=AuditEvent.COOPERATIVE_SETTINGS_CHANGED,
            subject=locked,
            region_code=locked.village_id,
            changes=changes,
            label=locked.name,
        )
    return locked


COLLECTIBILITY_FIRST_CLASS = _("The first class starts at 0 days past due.")
COLLECTIBILITY_ORDER = _("Each class must start later than the one before it (%(name)s).")


@transaction.atomic
def collectibility_update(
    *,
    cooperative: Cooperative,
    scheme: str,
    classes: Mapping[int, tuple[int, bool]],
    actor: Any,
) -> list[CollectibilityClass]:
    """The cooperative's own thresholds for a collectibility scheme (DOMAIN-RULES B13, B14).

    ``classes`` maps each class rank to (from days past due, counts as non-performing). The first
    class starts at 0 days and each later one strictly after the one before, so every number of
    days past due falls in exactly one class. Loans are classed by the thresholds in force when
    they are looked at; nothing stored changes with them.
    """
    _require_change(actor, cooperative.village_id)
    rows = list(
        CollectibilityClass.objects.select_for_update().filter(cooperative=cooperative, scheme=scheme).order_by("rank")
    )
    if not rows or set(classes) != {row.rank for row in rows}:
        raise ValidationError(_("Give a threshold for every class of the scheme."))
    previous: CollectibilityClass | None = None
    for row in rows:
        days, _non_performing = classes[row.rank]
        if previous is None and days != 0:
            raise ValidationError(COLLECTIBILITY_FIRST_CLASS)
        if previous is not None and days <= classes[previous.rank][0]:
            raise ValidationError(COLLECTIBILITY_ORDER % {"name": row.name})
        previous = row
    changes: dict[str, list[Any]] = {}
    for row in rows:
        days, non_performing = classes[row.rank]
        if (row.min_days_past_due, row.non_performing) != (days, non_performing):
            changes[f"{scheme}.{row.code}"] = [
                [row.min_days_past_due, row.non_performing],
                [days, non_performing],
            ]
            row.min_days_past_due, row.non_performing = days, non_performing
            row.save(update_fields=["min_days_past_due", "non_performing"])
    if changes:
        audit_record(
            actor=actor,
            event=AuditEvent.COLLECTIBILITY_CHANGED,
            subject=cooperative,
            region_code=cooperative.village_id,
            changes=changes,
            label=cooperative.name,
        )
    return rows


@transaction.atomic
def passbook_read(*, member: Member, actor: Any, via: str = "web") -> Member:
    """Record that ``actor`` takes a copy of the member's passbook (personal financial data, UU 27/2022
    Pasal 4); the caller has checked the scope."""
    audit_record(
        actor=actor,
        event=AuditEvent.PASSBOOK_DOWNLOADED,
        subject=member,
        region_code=member.cooperative.village_id,
        label=member.number,
        via=via,
    )
    return member


@transaction.atomic
def manual_entry(
    *,
    cooperative: Cooperative,
    date: datetime.date,
    description: str,
    lines: Sequence[Line],
    actor: Any,
) -> JournalEntry:
    """Other income and expenses, entered by the cooperative officer."""
    _require_change(actor, cooperative.village_id)
    _not_future(date)
    return post_entry(
        cooperative=cooperative, date=date, description=description, lines=lines, actor=actor, source="manual"
    )


@transaction.atomic
def period_close(*, cooperative: Cooperative, year: int, month: int, actor: Any) -> ClosedPeriod:
    _require_change(actor, cooperative.village_id)
    today = timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise ValidationError(PERIOD_NOT_OVER)
    try:
        with transaction.atomic():
            return ClosedPeriod.objects.create(cooperative=cooperative, year=year, month=month, closed_by=actor)
    except IntegrityError:
        raise ValidationError(PERIOD_ALREADY_CLOSED) from None


def _next_member_number(cooperative: Cooperative) -> str:
    # The cooperative row lock serialises joins (rare) so numbers are unique and gap-free.
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).exists()
    return f"{Member.objects.filter(cooperative=cooperative).count() + 1:05d}"


@transaction.atomic
def member_join(
    *,
    cooperative: Cooperative,
    person: Person,
    date: datetime.date,
    actor: Any,
    cash_role: str = "cash",
    is_demo: bool = False,
) -> Member:
    """A person joins and pays the simpanan pokok (DOMAIN-RULES B2)."""
    _require_change(actor, cooperative.village_id)
    if not scope_for(actor, Perm.PEOPLE_VIEW).contains(person.domicile_village_id):
        raise ValidationError({"person": [PERSON_OUT_OF_SCOPE]})
    _not_future(date)
    if Member.objects.filter(cooperative=cooperative, person=person, status=MemberStatus.ACTIVE).exists():
        raise ValidationError({"person": [ALREADY_MEMBER]})
    member = Member.objects.create(
        cooperative=cooperative,
        person=person,
        number=_next_member_number(cooperative),
        joined_on=date,
        is_demo=is_demo,
    )
    SavingsAccount.objects.bulk_create(SavingsAccount(member=member, kind=kind) for kind in SavingsKind.values)
    if cooperative.principal_savings_amount > 0:
        principal = SavingsAccount.objects.get(member=member, kind=SavingsKind.PRINCIPAL)
        _move(
            principal,
            SavingsTransaction.Kind.DEPOSIT,
            cooperative.principal_savings_amount,
            date,
            actor,
            cash_role,
            _("Principal savings of member %(number)s") % {"number": member.number},
            is_demo,
        )
    return member


# PostgreSQL: a savings movement in one statement. The savings balance moves under its row lock
# (UPDATE) only when it stays >= 0, the month is open and the cooperative's chart has both ledger
# accounts; only then are the entry, its lines and the savings transaction inserted. No row back
# means one of those checks failed, and the general path below runs to raise the precise error.
# It writes exactly what the general path writes (tests run both: PostgreSQL and SQLite).
_MOVE_SQL = """
WITH legs AS (
    SELECT a.id, l.debit, l.credit, l.n
    FROM unnest(%(roles)s::text[], %(debits)s::numeric[], %(credits)s::numeric[])
        WITH ORDINALITY AS l(role, debit, credit, n)
    JOIN cooperatives_account AS a ON a.cooperative_id = %(cooperative)s AND a.role = l.role
), moved AS (
    UPDATE cooperatives_savingsaccount AS s SET balance = s.balance + %(delta)s
    WHERE s.id = %(account)s AND s.balance + %(delta)s >= 0
      AND (SELECT count(*) FROM legs) = 2
      AND NOT EXISTS (
          SELECT 1 FROM cooperatives_closedperiod AS p
          WHERE p.cooperative_id = %(cooperative)s AND p.year = %(year)s AND p.month = %(month)s
      )
    RETURNING s.id, s.balance
), entry AS (
    INSERT INTO cooperatives_journalentry
        (cooperative_id, date, description, source, reversal_of_id, posted_at, posted_by_id, is_demo)
    SELECT %(cooperative)s, %(date)s, %(description)s, %(source)s, NULL, %(now)s, %(actor)s, %(is_demo)s FROM moved
    RETURNING id
), lines AS (
    INSERT INTO cooperatives_journalline (entry_id, account_id, debit, credit)
    SELECT entry.id, legs.id, legs.debit, legs.credit FROM entry, legs ORDER BY legs.n
), tx AS (
    INSERT INTO cooperatives_savingstransaction
        (account_id, date, kind, amount, balance_after, entry_id, note, created_at, created_by_id)
    SELECT moved.id, %(date)s, %(kind)s, %(amount)s, moved.balance, entry.id, %(note)s, %(now)s, %(actor)s
    FROM moved, entry
    RETURNING id
)
SELECT entry.id, tx.id, moved.balance, ARRAY(SELECT legs.id FROM legs ORDER BY legs.n) FROM moved, entry, tx
"""


def _move_in_one_statement(
    account: SavingsAccount,
    cooperative: Cooperative,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    actor: Any,
    lines: list[Line],
    description: str,
    is_demo: bool,
    note: str,
) -> SavingsTransaction | None:
    delta = amount if kind == SavingsTransaction.Kind.DEPOSIT else -amount
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _MOVE_SQL,
            {
                "roles": [line.account for line in lines],
                "debits": [line.debit for line in lines],
                "credits": [line.credit for line in lines],
                "cooperative": cooperative.pk,
                "account": account.pk,
                "delta": delta,
                "year": date.year,
                "month": date.month,
                "date": date,
                "description": description.strip()[:300],
                "source": f"savings.{kind}",
                "now": now,
                "actor": actor.pk,
                "is_demo": is_demo,
                "kind": kind,
                "amount": amount,
                "note": note,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    entry_id, transaction_id, balance, account_ids = row
    move_balances({account_ids[0]: amount, account_ids[1]: -amount})
    account.balance = balance
    # As if read back: the caller gets the stored row without another round trip.
    return SavingsTransaction.from_db(
        connection.alias,
        [
            "id",
            "account_id",
            "date",
            "kind",
            "amount",
            "balance_after",
            "entry_id",
            "note",
            "created_at",
            "created_by_id",
        ],
        [transaction_id, account.pk, date, kind, amount, balance, entry_id, note, now, actor.pk],
    )


def _move(
    account: SavingsAccount,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    actor: Any,
    cash_role: str,
    description: str,
    is_demo: bool = False,
    note: str = "",
) -> SavingsTransaction:
    """Move a savings balance under its row lock and post the matching entry (one transaction).
    Its last statement moves the ledger balances (``ledger.final_posting``)."""
    role = SAVINGS_ACCOUNT_ROLE[SavingsKind(account.kind)]
    if kind == SavingsTransaction.Kind.DEPOSIT:
        lines = [Line(cash_role, debit=amount), Line(role, credit=amount)]
    else:
        lines = [Line(role, debit=amount), Line(cash_role, credit=amount)]
    if connection.vendor == "postgresql":
        moved = _move_in_one_statement(
            account, account.member.cooperative, kind, amount, date, actor, lines, description, is_demo, note
        )
        if moved is not None:
            return moved
    locked = SavingsAccount.objects.select_for_update().select_related("member__cooperative").get(pk=account.pk)
    delta = amount if kind == SavingsTransaction.Kind.DEPOSIT else -amount
    if locked.balance + delta < 0:
        raise ValidationError({"amount": [INSUFFICIENT % {"balance": locked.balance, "amount": amount}]})
    cooperative = locked.member.cooperative
    entry, deltas = prepare_entry(
        cooperative=cooperative,
        date=date,
        description=description,
        lines=lines,
        actor=actor,
        source=f"savings.{kind}",
        is_demo=is_demo,
    )
    # The new balance is computed in Decimal under the row lock (SQLite would add in floating point).
    SavingsAccount.objects.filter(pk=locked.pk).update(balance=locked.balance + delta)
    transaction_row = SavingsTransaction.objects.create(
        account=locked,
        date=date,
        kind=kind,
        amount=amount,
        balance_after=locked.balance + delta,
        entry=entry,
        note=note,
        created_by=actor,
    )
    # Last: the contended ledger accounts (cash, the savings account) are locked until commit.
    move_balances(deltas)
    return transaction_row


def _active_member_account(account: SavingsAccount) -> SavingsAccount:
    member = account.member
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(NOT_A_MEMBER % {"name": member.number})
    return account


@final_posting()
def savings_deposit(
    *,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    actor: Any,
    cash_role: str = "cash",
    note: str = "",
    is_demo: bool = False,
) -> SavingsTransaction:
    cooperative = account.member.cooperative
    _require_change(actor, cooperative.village_id)
    _not_future(date)
    amount = money(amount)
    if amount <= ZERO:
        raise ValidationError({"amount": [AMOUNT_POSITIVE]})
    _active_member_account(account)
    label = SavingsKind(account.kind).label
    description = _("%(kind)s deposit, member %(number)s") % {"kind": label, "number": account.member.number}
    return _move(account, SavingsTransaction.Kind.DEPOSIT, amount, date, actor, cash_role, description, is_demo, note)


@final_posting()
def savings_withdraw(
    *,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    actor: Any,
    cash_role: str = "cash",
    note: str = "",
    is_demo: bool = False,
) -> SavingsTransaction:
    """Withdraw voluntary savings; never below zero (B4). Pokok and wajib stay while a member (B2, B3)."""
    cooperative = account.member.cooperative
    _require_change(actor, cooperative.village_id)
    _not_future(date)
    amount = money(amount)
    if amount <= ZERO:
        raise ValidationError({"amount": [AMOUNT_POSITIVE]})
    _active_member_account(account)
    if account.kind != SavingsKind.VOLUNTARY:
        raise ValidationError({"amount": [NOT_WITHDRAWABLE]})
    description = _("Withdrawal, member %(number)s") % {"number": account.member.number}
    return _move(
        account,
        SavingsTransaction.Kind.WITHDRAWAL,
        amount,
        date,
        actor,
        cash_role,
        description,
        is_demo,
        note,
    )


@transaction.atomic
def member_leave(*, member: Member, date: datetime.date, actor: Any, cash_role: str = "cash") -> Member:
    """A member leaves: every savings balance is paid back (B2, B3), after loans are cleared."""
    _require_change(actor, member.cooperative.village_id)
    _not_future(date)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(NOT_A_MEMBER % {"name": member.number})
    if member.loans.filter(status__in=[LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.DISBURSED]).exists():
        raise ValidationError(LOANS_OPEN)
    for account in member.savings_accounts.select_for_update().order_by("pk"):
        if account.balance > 0:
            description = _("Savings returned to leaving member %(number)s") % {"number": member.number}
            _move(account, SavingsTransaction.Kind.WITHDRAWAL, account.balance, date, actor, cash_role, description)
    member.status = MemberStatus.LEFT
    member.left_on = date
    member.save(update_fields=["status", "left_on"])
    return member


# --- Pages and API (helper "coop"): corrections of posted entries -------------------------------


@transaction.atomic
def entry_reverse(*, entry: JournalEntry, date: datetime.date, reason: str, actor: Any) -> JournalEntry:
    """Reverse a posted entry with a reason (the cooperative officer of the village only)."""
    from desmigratif.cooperatives.ledger import reverse_entry

    _require_change(actor, entry.cooperative.village_id)
    _not_future(date)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason of the reversal.")]})
    return reverse_entry(entry=entry, date=date, reason=reason.strip(), actor=actor)
