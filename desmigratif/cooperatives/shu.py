"""Year-end SHU (sisa hasil usaha): close the year, split it by the AD/ART, share it among members.

DOMAIN-RULES B6-B9. The steps, each posted to the ledger in one transaction:

1. The year's income and expense accounts are closed into "SHU belum dibagi" (undistributed
   surplus): SHU = income − expenses of the fiscal year (B6).
2. The SHU is split into the cooperative's pools by its AD/ART percentages (B7, B8).
3. The two member pools are shared out (B9): jasa modal in proportion to each member's savings
   at year end (principal + mandatory, plus voluntary when the AD/ART says so), jasa usaha in
   proportion to each member's transactions with the cooperative in the year — for a savings and
   loan cooperative, the loan interest and penalties the member paid.

Rounding rule: pool amounts and member shares are rounded down to whole rupiah; every rupiah left
over by rounding (and a member pool with no base to share it by) goes to the reserve fund, so the
distribution entry balances exactly.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.cooperatives.ledger import CENT, Line, post_entry
from desmigratif.cooperatives.loans import add_months
from desmigratif.cooperatives.models import (
    SHU_CLOSING_SOURCE,
    ZERO,
    Account,
    AccountType,
    Cooperative,
    JournalLine,
    Member,
    Repayment,
    SavingsKind,
    SavingsTransaction,
    ShuAllocation,
    ShuDistribution,
    ShuMemberShare,
    ShuPoolAmount,
)

SHU_YEAR_NOT_OVER = _("The fiscal year has not ended yet.")
SHU_ALREADY = _("The SHU of this fiscal year has already been distributed.")

POOL_ACCOUNT = {
    ShuAllocation.Pool.RESERVE: "reserve",
    ShuAllocation.Pool.MANAGEMENT: "shu_management_fund",
    ShuAllocation.Pool.EMPLOYEES: "shu_employees_fund",
    ShuAllocation.Pool.EDUCATION: "shu_education_fund",
    ShuAllocation.Pool.SOCIAL: "shu_social_fund",
    ShuAllocation.Pool.REGIONAL: "shu_regional_fund",
}
MEMBER_POOLS = (ShuAllocation.Pool.JASA_MODAL, ShuAllocation.Pool.JASA_USAHA)


def _down(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_DOWN)


def _cents(value: Any) -> Decimal:
    # SQLite sums decimals in floating point; every aggregate is brought back to cents.
    return Decimal(str(value or 0)).quantize(CENT)


def fiscal_year(cooperative: Cooperative, year: int) -> tuple[datetime.date, datetime.date]:
    """The fiscal year that starts in ``year`` (in the cooperative's starting month)."""
    start = datetime.date(year, cooperative.fiscal_year_start_month, 1)
    return start, add_months(start, 12) - datetime.timedelta(days=1)


def year_result(cooperative: Cooperative, start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Net credit (credit − debit) of each income and expense account over the period: one query."""
    rows = (
        JournalLine.objects.filter(
            entry__cooperative=cooperative,
            entry__date__range=(start, end),
            account__type__in=[AccountType.INCOME, AccountType.EXPENSE],
        )
        .exclude(entry__source=SHU_CLOSING_SOURCE)
        .values("account_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    return {row["account_id"]: _cents(row["credit"]) - _cents(row["debit"]) for row in rows}


def member_bases(
    cooperative: Cooperative, start: datetime.date, end: datetime.date
) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Per member: savings counted for jasa modal at year end, transactions counted for jasa usaha."""
    kinds = [SavingsKind.PRINCIPAL, SavingsKind.MANDATORY]
    if cooperative.jasa_modal_counts_voluntary:
        kinds.append(SavingsKind.VOLUNTARY)
    members = Member.objects.filter(cooperative=cooperative, joined_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=end)
    )
    savings: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in (
        SavingsTransaction.objects.filter(account__member__in=members, account__kind__in=kinds, date__lte=end)
        .values("account__member_id", "kind")
        .annotate(total=Sum("amount"))
    ):
        sign = 1 if row["kind"] == SavingsTransaction.Kind.DEPOSIT else -1
        savings[row["account__member_id"]] += sign * _cents(row["total"])
    transactions: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in (
        Repayment.objects.filter(loan__member__in=members, date__range=(start, end))
        .values("loan__member_id")
        .annotate(interest=Sum("interest"), penalty=Sum("penalty"))
    ):
        transactions[row["loan__member_id"]] += _cents(row["interest"]) + _cents(row["penalty"])
    member_ids = set(members.values_list("pk", flat=True))
    return (
        {m: savings[m] for m in member_ids if savings[m] > 0},
        {m: transactions[m] for m in member_ids if transactions[m] > 0},
    )


def _share(pool: Decimal, bases: dict[int, Decimal]) -> dict[int, Decimal]:
    total = sum(bases.values(), ZERO)
    if total <= 0:
        return {}
    return {member: _down(pool * base / total) for member, base in bases.items()}


@transaction.atomic
def shu_distribute(*, cooperative: Cooperative, year: int, actor: Any) -> ShuDistribution:
    if not scope_for(actor, Perm.COOPERATIVES_CHANGE).contains(cooperative.village_id):
        raise PermissionDenied
    start, end = fiscal_year(cooperative, year)
    if end >= timezone.localdate():
        raise ValidationError(SHU_YEAR_NOT_OVER)
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).exists()
    if ShuDistribution.objects.filter(cooperative=cooperative, year_end=end).exists():
        raise ValidationError(SHU_ALREADY)

    # 1. Close the year's income and expenses into undistributed surplus.
    result = year_result(cooperative, start, end)
    surplus = sum(result.values(), ZERO)
    closing = None
    lines = [
        Line(account_id_obj, debit=net) if net > 0 else Line(account_id_obj, credit=-net)
        for account_id_obj, net in _accounts(result)
        if net != 0
    ]
    if surplus > 0:
        lines.append(Line("retained_surplus", credit=surplus))
    elif surplus < 0:
        lines.append(Line("retained_surplus", debit=-surplus))
    if len(lines) >= 2:
        closing = post_entry(
            cooperative=cooperative,
            date=end,
            description=_("Closing of the fiscal year %(start)s – %(end)s") % {"start": start, "end": end},
            lines=lines,
            actor=actor,
            source=SHU_CLOSING_SOURCE,
        )

    savings, transactions = member_bases(cooperative, start, end)
    distribution = ShuDistribution.objects.create(
        cooperative=cooperative,
        year_start=start,
        year_end=end,
        surplus=surplus,
        member_transactions_total=sum(transactions.values(), ZERO),
        member_savings_total=sum(savings.values(), ZERO),
        closing_entry=closing,
        created_by=actor,
    )
    if surplus <= 0:
        return distribution  # a loss stays in undistributed surplus for the members' meeting (RAT)

    # 2. Pools by the AD/ART percentages, rounded down; 3. member shares, rounded down.
    allocations = {a.pool: a.percent for a in cooperative.shu_allocations.all()}
    pools = {pool: _down(surplus * percent / 100) for pool, percent in allocations.items()}
    jasa_modal = _share(pools.get(ShuAllocation.Pool.JASA_MODAL, ZERO), savings)
    jasa_usaha = _share(pools.get(ShuAllocation.Pool.JASA_USAHA, ZERO), transactions)
    members_total = sum(jasa_modal.values(), ZERO) + sum(jasa_usaha.values(), ZERO)
    leftover = surplus - sum(pools.values(), ZERO)
    leftover += sum((pools.get(p, ZERO) for p in MEMBER_POOLS), ZERO) - members_total
    pools[ShuAllocation.Pool.RESERVE] = pools.get(ShuAllocation.Pool.RESERVE, ZERO) + leftover

    ShuPoolAmount.objects.bulk_create(
        ShuPoolAmount(distribution=distribution, pool=pool, percent=allocations.get(pool, ZERO), amount=amount)
        for pool, amount in sorted(pools.items())
    )
    ShuMemberShare.objects.bulk_create(
        ShuMemberShare(
            distribution=distribution,
            member_id=member,
            savings=savings.get(member, ZERO),
            transactions=transactions.get(member, ZERO),
            jasa_modal=jasa_modal.get(member, ZERO),
            jasa_usaha=jasa_usaha.get(member, ZERO),
        )
        for member in sorted(set(savings) | set(transactions))
    )
    lines = [Line("retained_surplus", debit=surplus)]
    for pool, role in POOL_ACCOUNT.items():
        if pools.get(pool, ZERO) > 0:
            lines.append(Line(role, credit=pools[pool]))
    if members_total > 0:
        lines.append(Line("shu_members_payable", credit=members_total))
    distribution.distribution_entry = post_entry(
        cooperative=cooperative,
        date=end,
        description=_("SHU distribution for %(year)s") % {"year": f"{start:%Y-%m} – {end:%Y-%m}"},
        lines=lines,
        actor=actor,
        source="shu.distribution",
    )
    distribution.save(update_fields=["distribution_entry"])
    return distribution


def _accounts(result: dict[int, Decimal]) -> list[tuple[Account, Decimal]]:
    accounts = Account.objects.in_bulk(list(result))
    return [(accounts[pk], net) for pk, net in sorted(result.items())]
