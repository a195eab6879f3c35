"""Reads of the cooperatives pillar, always through the user's scope.

The statements (trial balance, neraca, perhitungan hasil usaha) are each ONE aggregate query over
the journal lines (sums with CASE WHEN on the entry date), never a query per account. SQLite sums
decimals in binary floating point, so every aggregated amount goes through ``cents``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.cooperatives.models import (
    SHU_CLOSING_SOURCE,
    ZERO,
    Account,
    AccountType,
    CollectibilityClass,
    CollectibilityScheme,
    Cooperative,
    JournalEntry,
    JournalLine,
    Loan,
    Member,
    MemberStatus,
    SavingsAccount,
    SavingsKind,
    SavingsTransaction,
    ShuDistribution,
    ShuMemberShare,
    ShuPoolAmount,
)
from desmigratif.core.selectors import one
from desmigratif.people.models import Person

CENT = Decimal("0.01")
NOT_FOUND = _("No such cooperative.")
CANNOT_CHANGE = _("You can see this cooperative but not run it.")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)


def cents(value: Any) -> Decimal:
    """An aggregated amount as exact rupiah and sen (SQLite hands sums back via floating point)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- cooperatives -------------------------------------------------------------------------------


def _visible(user: Any) -> QuerySet[Cooperative]:
    """The one place the cooperatives-view scope is applied."""
    return scope_for(user, Perm.COOPERATIVES_VIEW).apply(Cooperative.objects.all(), "village__code")


def cooperatives_for_user(user: Any) -> QuerySet[Cooperative]:
    return _visible(user).select_related("village").order_by("name", "id")


def get_cooperative_for_user(user: Any, cooperative_id: int, *, for_write: bool = False) -> Cooperative:
    cooperative = one(_visible(user).select_related("village").filter(pk=cooperative_id))
    if cooperative is None:
        raise Http404(NOT_FOUND)
    if for_write and not can_change(user, cooperative):
        raise PermissionDenied(CANNOT_CHANGE)
    return cooperative


def can_change(user: Any, cooperative: Cooperative) -> bool:
    return scope_for(user, Perm.COOPERATIVES_CHANGE).contains(cooperative.village_id)


def collectibility_classes(cooperative: Cooperative, scheme: str) -> list[CollectibilityClass]:
    """The classes of one scheme, lowest first; an unknown scheme is not found."""
    if scheme not in CollectibilityScheme.values:
        raise Http404(NOT_FOUND)
    return list(CollectibilityClass.objects.filter(cooperative=cooperative, scheme=scheme).order_by("rank"))


def collectibility_schemes(cooperative: Cooperative) -> list[tuple[CollectibilityScheme, list[CollectibilityClass]]]:
    """Every scheme with its classes: one query."""
    by_scheme: dict[str, list[CollectibilityClass]] = {scheme: [] for scheme in CollectibilityScheme.values}
    for cls in CollectibilityClass.objects.filter(cooperative=cooperative).order_by("scheme", "rank"):
        by_scheme[cls.scheme].append(cls)
    return [(CollectibilityScheme(scheme), classes) for scheme, classes in by_scheme.items()]


def villages_for_setup(user: Any) -> QuerySet[Any]:
    from desmigratif.regions.models import Village

    return scope_for(user, Perm.COOPERATIVES_CHANGE).apply(Village.objects.all(), "code").order_by("name", "code")


@dataclass(frozen=True)
class Overview:
    members: int
    principal: Decimal
    mandatory: Decimal
    voluntary: Decimal
    cash: Decimal

    @property
    def savings(self) -> Decimal:
        return self.principal + self.mandatory + self.voluntary


def overview(cooperative: Cooperative) -> Overview:
    """Members and the savings and cash totals, read from the ledger's cached balances (one query)."""
    accounts = dict(
        Account.objects.filter(
            cooperative=cooperative, role__in=["cash", "savings_principal", "savings_mandatory", "savings_voluntary"]
        ).values_list("role", "balance")
    )
    members = Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE).count()
    return Overview(
        members=members,
        principal=-accounts.get("savings_principal", ZERO),
        mandatory=-accounts.get("savings_mandatory", ZERO),
        voluntary=-accounts.get("savings_voluntary", ZERO),
        cash=accounts.get("cash", ZERO),
    )


# --- members and savings ------------------------------------------------------------------------


def _kind_balance(kind: str) -> Subquery:
    """The balance of the member's savings account of ``kind`` (one at most), or None without one."""
    accounts = SavingsAccount.objects.filter(member=OuterRef("pk"), kind=kind).order_by()
    return Subquery(accounts.values("balance")[:1], output_field=MONEY)


def members(cooperative: Cooperative, *, search: str = "", status: str = "") -> QuerySet[Member]:
    """Members with their three savings balances, in one query (no query per member).

    The balances are subqueries, not sums over a join: PostgreSQL then reads a page's members in
    number order from the index and looks up three balances for each of them, where grouping read
    and sorted every member of the cooperative with their accounts for each page (2.6 ms for 200
    members at 1M people, bench/pages.py), and the count needs no join.
    """
    qs = Member.objects.filter(cooperative=cooperative)
    if status:
        qs = qs.filter(status=status)
    search = search.strip()
    if search:
        qs = qs.filter(Q(number__startswith=search) | Q(person__full_name__icontains=search))
    return (
        qs.select_related("person")
        .annotate(
            principal=_kind_balance(SavingsKind.PRINCIPAL),
            mandatory=_kind_balance(SavingsKind.MANDATORY),
            voluntary=_kind_balance(SavingsKind.VOLUNTARY),
        )
        .order_by("number")
    )


def get_member(cooperative: Cooperative, member_id: int) -> Member:
    member = one(Member.objects.select_related("person").filter(cooperative=cooperative, pk=member_id))
    if member is None:
        raise Http404(NOT_FOUND)
    return member


def savings_accounts(member: Member) -> dict[str, SavingsAccount]:
    return {a.kind: a for a in SavingsAccount.objects.filter(member=member)}


def passbook(member: Member) -> QuerySet[SavingsTransaction]:
    """The member's savings transactions, newest first."""
    return SavingsTransaction.objects.filter(account__member=member).select_related("account").order_by("-date", "-id")


def people_to_register(user: Any, cooperative: Cooperative, search: str, limit: int = 20) -> list[Person]:
    """People of the cooperative's village the user may see, by name, who are not active members."""
    search = search.strip()
    if len(search) < 2:
        return []
    qs = scope_for(user, Perm.PEOPLE_VIEW).apply(Person.objects.all(), "domicile_village__code")
    return list(
        qs.filter(domicile_village_id=cooperative.village_id, full_name__icontains=search)
        .exclude(cooperative_memberships__cooperative=cooperative, cooperative_memberships__status=MemberStatus.ACTIVE)
        .order_by("full_name", "id")[:limit]
    )


def get_person_to_register(user: Any, cooperative: Cooperative, person_id: int) -> Person:
    qs = scope_for(user, Perm.PEOPLE_VIEW).apply(Person.objects.all(), "domicile_village__code")
    person = one(qs.filter(pk=person_id, domicile_village_id=cooperative.village_id))
    if person is None:
        raise Http404(NOT_FOUND)
    return person


@dataclass(frozen=True)
class WajibDue:
    member: Member
    periods: int
    expected: Decimal
    paid: Decimal

    @property
    def due(self) -> Decimal:
        return self.expected - self.paid


def periods_due(joined_on: datetime.date, today: datetime.date, every_months: int) -> int:
    """Simpanan wajib is due once per started period since joining, the joining month included."""
    months = (today.year - joined_on.year) * 12 + today.month - joined_on.month
    if months < 0:
        return 0
    return months // max(every_months, 1) + 1


def mandatory_savings_due(cooperative: Cooperative, today: datetime.date | None = None) -> list[WajibDue]:
    """Active members whose simpanan wajib is behind: periods since joining × amount − balance."""
    today = today or timezone.localdate()
    rows = members(cooperative, status=MemberStatus.ACTIVE)
    due = []
    for member in rows:
        periods = periods_due(member.joined_on, today, cooperative.mandatory_savings_period_months)
        expected = cooperative.mandatory_savings_amount * periods
        paid = cents(member.mandatory)  # type: ignore[attr-defined]
        if expected > paid:
            due.append(WajibDue(member=member, periods=periods, expected=expected, paid=paid))
    return due


# --- journal ------------------------------------------------------------------------------------


def journal(cooperative: Cooperative) -> QuerySet[JournalEntry]:
    """Entries newest first; paginate, then the lines come in one more query."""
    return (
        JournalEntry.objects.filter(cooperative=cooperative)
        .select_related("reversal_of")
        .prefetch_related(Prefetch("lines", queryset=JournalLine.objects.select_related("account")))
        .annotate(reversed_by_id=F("reversed_by__id"))
        .order_by("-date", "-id")
    )


def get_entry(cooperative: Cooperative, entry_id: int) -> JournalEntry:
    entry = one(JournalEntry.objects.filter(cooperative=cooperative, pk=entry_id))
    if entry is None:
        raise Http404(NOT_FOUND)
    return entry


def chart(cooperative: Cooperative) -> list[Account]:
    return list(Account.objects.filter(cooperative=cooperative).order_by("code"))


# --- statements ---------------------------------------------------------------------------------


def _sum_when(condition: Q, expression: Any) -> Sum:
    return Sum(Case(When(condition, then=expression), default=Value(ZERO), output_field=MONEY), output_field=MONEY)


@dataclass
class TrialBalanceRow:
    account: Account
    opening: Decimal  # debit − credit before the period
    debits: Decimal
    credits: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debits - self.credits

    @property
    def opening_debit(self) -> Decimal:
        return max(self.opening, ZERO)

    @property
    def opening_credit(self) -> Decimal:
        return max(-self.opening, ZERO)

    @property
    def closing_debit(self) -> Decimal:
        return max(self.closing, ZERO)

    @property
    def closing_credit(self) -> Decimal:
        return max(-self.closing, ZERO)


@dataclass
class TrialBalance:
    start: datetime.date
    end: datetime.date
    rows: list[TrialBalanceRow]

    def total(self, name: str) -> Decimal:
        return sum((getattr(r, name) for r in self.rows), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        names = ("opening_debit", "opening_credit", "debits", "credits", "closing_debit", "closing_credit")
        return {n: self.total(n) for n in names}

    @property
    def balanced(self) -> bool:
        t = self.totals
        return (
            t["opening_debit"] == t["opening_credit"]
            and t["debits"] == t["credits"]
            and t["closing_debit"] == t["closing_credit"]
        )


def trial_balance(cooperative: Cooperative, start: datetime.date, end: datetime.date) -> TrialBalance:
    """Opening, period debits and credits, closing per account: one query."""
    in_period = Q(lines__entry__date__gte=start, lines__entry__date__lte=end)
    accounts = (
        Account.objects.filter(cooperative=cooperative)
        .annotate(
            before=_sum_when(Q(lines__entry__date__lt=start), F("lines__debit") - F("lines__credit")),
            period_debits=_sum_when(in_period, F("lines__debit")),
            period_credits=_sum_when(in_period, F("lines__credit")),
        )
        .order_by("code")
    )
    rows = [
        TrialBalanceRow(
            account=a,
            opening=cents(a.before),
            debits=cents(a.period_debits),
            credits=cents(a.period_credits),
        )
        for a in accounts
    ]
    return TrialBalance(start=start, end=end, rows=rows)


@dataclass
class StatementLine:
    label: str
    amount: Decimal
    account: Account | None = None


@dataclass
class StatementSection:
    title: str
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class BalanceSheet:
    date: datetime.date
    assets: StatementSection
    liabilities: StatementSection
    equity: StatementSection

    @property
    def liabilities_and_equity(self) -> Decimal:
        return self.liabilities.total + self.equity.total

    @property
    def balanced(self) -> bool:
        return self.assets.total == self.liabilities_and_equity


def balance_sheet(cooperative: Cooperative, date: datetime.date) -> BalanceSheet:
    """Neraca as of ``date``: one query. Income and expenses not yet closed into equity show as
    "SHU tahun berjalan" among equity, so that assets = liabilities + equity."""
    accounts = (
        Account.objects.filter(cooperative=cooperative)
        .annotate(to_date=_sum_when(Q(lines__entry__date__lte=date), F("lines__debit") - F("lines__credit")))
        .order_by("code")
    )
    assets = StatementSection(str(_("Assets")))
    liabilities = StatementSection(str(_("Liabilities")))
    equity = StatementSection(str(_("Equity")))
    surplus = ZERO
    sections = {AccountType.ASSET: assets, AccountType.LIABILITY: liabilities, AccountType.EQUITY: equity}
    for account in accounts:
        balance = cents(account.to_date)
        if account.type in (AccountType.INCOME, AccountType.EXPENSE):
            surplus -= balance
            continue
        # Assets on the debit side, liabilities and equity on the credit side; a contra account
        # shows as a negative amount in its section.
        amount = balance if account.type == AccountType.ASSET else -balance
        sections[AccountType(account.type)].lines.append(StatementLine(account.name, amount, account))
    equity.lines.append(StatementLine(str(_("SHU for the current year (not yet closed)")), surplus))
    return BalanceSheet(date=date, assets=assets, liabilities=liabilities, equity=equity)


@dataclass
class IncomeStatement:
    start: datetime.date
    end: datetime.date
    income: StatementSection
    expenses: StatementSection

    @property
    def surplus(self) -> Decimal:
        return self.income.total - self.expenses.total


def income_statement(cooperative: Cooperative, start: datetime.date, end: datetime.date) -> IncomeStatement:
    """Perhitungan hasil usaha for [start, end], before the year-end closing entry: one query."""
    in_period = Q(lines__entry__date__gte=start, lines__entry__date__lte=end) & ~Q(
        lines__entry__source=SHU_CLOSING_SOURCE
    )
    accounts = (
        Account.objects.filter(cooperative=cooperative, type__in=[AccountType.INCOME, AccountType.EXPENSE])
        .annotate(net=_sum_when(in_period, F("lines__credit") - F("lines__debit")))
        .order_by("code")
    )
    income = StatementSection(str(_("Income")))
    expenses = StatementSection(str(_("Expenses")))
    for account in accounts:
        net = cents(account.net)
        if account.type == AccountType.INCOME:
            income.lines.append(StatementLine(account.name, net, account))
        else:
            expenses.lines.append(StatementLine(account.name, -net, account))
    return IncomeStatement(start=start, end=end, income=income, expenses=expenses)


# --- the annual report for the members' meeting (RAT) -------------------------------------------


@dataclass
class AnnualReport:
    """What UU 25/1992 Pasal 35 asks of the annual report (DOMAIN-RULES B10): the state of the
    cooperative, the closing balance sheet and the year's income statement; with the SHU split."""

    cooperative: Cooperative
    distribution: ShuDistribution
    members_at_end: int
    members_joined: int
    members_left: int
    savings_at_end: dict[str, Decimal]
    loans_disbursed: int
    loans_disbursed_amount: Decimal
    balance_sheet: BalanceSheet
    income_statement: IncomeStatement
    pools: list[ShuPoolAmount]
    shares: list[ShuMemberShare]

    @property
    def start(self) -> datetime.date:
        return self.distribution.year_start

    @property
    def end(self) -> datetime.date:
        return self.distribution.year_end

    @property
    def shares_total(self) -> Decimal:
        return sum((s.total for s in self.shares), ZERO)


def annual_report(cooperative: Cooperative, distribution: ShuDistribution) -> AnnualReport:
    """The RAT report of a distributed fiscal year: seven queries, whatever the size of the books."""
    start, end = distribution.year_start, distribution.year_end
    counts = Member.objects.filter(cooperative=cooperative).aggregate(
        at_end=Count("pk", filter=Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))),
        joined=Count("pk", filter=Q(joined_on__range=(start, end))),
        left=Count("pk", filter=Q(left_on__range=(start, end))),
    )
    savings = {kind.value: ZERO for kind in SavingsKind}
    for row in (
        SavingsTransaction.objects.filter(account__member__cooperative=cooperative, date__lte=end)
        .values("account__kind", "kind")
        .annotate(total=Sum("amount"))
    ):
        sign = 1 if row["kind"] == SavingsTransaction.Kind.DEPOSIT else -1
        savings[row["account__kind"]] += sign * cents(row["total"])
    loans = Loan.objects.filter(cooperative=cooperative, disbursed_on__range=(start, end)).aggregate(
        count=Count("pk"), amount=Sum("principal")
    )
    return AnnualReport(
        cooperative=cooperative,
        distribution=distribution,
        members_at_end=counts["at_end"],
        members_joined=counts["joined"],
        members_left=counts["left"],
        savings_at_end=savings,
        loans_disbursed=loans["count"],
        loans_disbursed_amount=cents(loans["amount"]),
        balance_sheet=balance_sheet(cooperative, end),
        income_statement=income_statement(cooperative, start, end),
        pools=list(distribution.pools.order_by("pool")),
        shares=list(distribution.member_shares.select_related("member__person").order_by("member__number")),
    )
