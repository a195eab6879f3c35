"""Loans: schedules, the application → approval → disbursement → repayment flow, arrears.

Rounding rule (stated once, tested): instalments are computed in Decimal and rounded half-up to
whole rupiah; every instalment but the last follows the formula, and the last one takes whatever
principal is left, so the principal column always sums to the loan amount exactly.

- Annuity (declining balance): payment A = P·r / (1 − (1 + r)^−n) with r = annual rate / 12;
  each month's interest = remaining balance × r, principal = A − interest.
- Flat: interest each month = P × annual rate / 12; principal each month = P / n.

Days past due count from the oldest instalment not fully paid; collectibility classes and their
thresholds are the cooperative's configuration (``CollectibilityClass``); PAR counts outstanding
balances, not numbers of loans (DOMAIN-RULES B15).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.cooperatives.ledger import Line, money, post_entry
from desmigratif.cooperatives.models import (
    ZERO,
    CollectibilityClass,
    Instalment,
    InterestMethod,
    Loan,
    LoanProduct,
    LoanStatus,
    Member,
    MemberStatus,
    Repayment,
)

RUPIAH = Decimal("1")

LOAN_NOT_MEMBER = _("Only an active member can borrow.")
LOAN_TERM = _("The term must be between %(min)s and %(max)s months.")
LOAN_AMOUNT = _("The amount must be more than zero.")
LOAN_PURPOSE = _("Give the purpose of the loan.")
LOAN_PRODUCT = _("This loan product is not offered.")
LOAN_SELF_APPROVAL = _("The officer who entered the application cannot decide on it; another officer must.")
LOAN_NOT_APPLIED = _("Only an application waiting for a decision can be decided.")
LOAN_NOT_APPROVED = _("Only an approved loan can be disbursed.")
LOAN_NOT_DISBURSED = _("Only a disbursed loan can be repaid.")
LOAN_OVERPAID = _("The repayment (%(amount)s) is more than what is owed (%(owed)s).")
LOAN_DECISION = _("Choose approve or reject.")

# NPL ratio health bands for savings-and-loan cooperatives (DOMAIN-RULES B12: Juknis Deputi Bidang
# Perkoperasian 15/2021): ratio up to (inclusive) → band.
NPL_BANDS = [
    (Decimal("5"), "sehat", _("Healthy")),
    (Decimal("10"), "cukup_sehat", _("Fairly healthy")),
    (Decimal("15"), "kurang_sehat", _("Less healthy")),
    (None, "tidak_sehat", _("Unhealthy")),
]


@dataclass(frozen=True)
class ScheduleRow:
    number: int
    due_on: datetime.date
    principal: Decimal
    interest: Decimal

    @property
    def payment(self) -> Decimal:
        return self.principal + self.interest


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def annuity_payment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """The closed-form level payment, unrounded (r = 0 gives P / n)."""
    with localcontext() as context:
        context.prec = 34
        rate = annual_rate / Decimal(1200)
        if rate == 0:
            return principal / months
        return principal * rate / (1 - (1 + rate) ** -months)


def schedule(
    principal: Decimal, annual_rate: Decimal, months: int, method: str, start: datetime.date
) -> list[ScheduleRow]:
    principal = money(principal)
    rate = annual_rate / Decimal(1200)
    rows: list[ScheduleRow] = []
    remaining = principal
    if method == InterestMethod.ANNUITY:
        payment = _whole(annuity_payment(principal, annual_rate, months))
        for number in range(1, months + 1):
            interest = _whole(remaining * rate)
            part = remaining if number == months else min(payment - interest, remaining)
            rows.append(ScheduleRow(number, add_months(start, number), part, interest))
            remaining -= part
    else:
        interest = _whole(principal * rate)
        part = _whole(principal / months)
        for number in range(1, months + 1):
            this = remaining if number == months else min(part, remaining)
            rows.append(ScheduleRow(number, add_months(start, number), this, interest))
            remaining -= this
    return rows


def _require_change(actor: Any, loan_or_member: Loan | Member) -> None:
    if not scope_for(actor, Perm.COOPERATIVES_CHANGE).contains(loan_or_member.cooperative.village_id):
        raise PermissionDenied


@transaction.atomic
def loan_apply(
    *,
    member: Member,
    product: LoanProduct,
    principal: Decimal,
    term_months: int,
    purpose: str,
    date: datetime.date,
    actor: Any,
    is_demo: bool = False,
) -> Loan:
    _require_change(actor, member)
    errors: dict[str, list[Any]] = {}
    if member.status != MemberStatus.ACTIVE:
        errors["member"] = [ValidationError(LOAN_NOT_MEMBER)]
    if not product.is_active or product.cooperative_id != member.cooperative_id:
        errors["product"] = [ValidationError(LOAN_PRODUCT)]
    amount = money(principal)
    if amount <= 0:
        errors["principal"] = [ValidationError(LOAN_AMOUNT)]
    if not product.min_term_months <= term_months <= product.max_term_months:
        errors["term_months"] = [
            ValidationError(LOAN_TERM % {"min": product.min_term_months, "max": product.max_term_months})
        ]
    if not purpose.strip():
        errors["purpose"] = [ValidationError(LOAN_PURPOSE)]
    if errors:
        raise ValidationError(errors)
    return Loan.objects.create(
        cooperative_id=member.cooperative_id,
        member=member,
        product=product,
        principal=amount,
        method=product.method,
        annual_rate=product.annual_rate,
        term_months=term_months,
        fee=_whole(amount * product.fee_percent / 100),
        purpose=purpose.strip(),
        applied_on=date,
        applied_by=actor,
        is_demo=is_demo,
    )


@transaction.atomic
def loan_decide(*, loan: Loan, approve: bool, date: datetime.date, actor: Any, note: str = "") -> Loan:
    """Approve or reject; never by the officer who entered the application (four eyes)."""
    loan = Loan.objects.select_for_update().select_related("cooperative").get(pk=loan.pk)
    _require_change(actor, loan)
    if loan.status != LoanStatus.APPLIED:
        raise ValidationError(LOAN_NOT_APPLIED)
    if loan.applied_by_id == actor.pk:
        raise ValidationError(LOAN_SELF_APPROVAL)
    loan.status = LoanStatus.APPROVED if approve else LoanStatus.REJECTED
    loan.decided_on, loan.decided_by, loan.decision_note = date, actor, note.strip()[:300]
    loan.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
    return loan


@transaction.atomic
def loan_disburse(*, loan: Loan, date: datetime.date, actor: Any, cash_role: str = "cash") -> Loan:
    """Pay the loan out (less its fee) and fix its schedule from the disbursement date."""
    loan = Loan.objects.select_for_update().select_related("cooperative", "member").get(pk=loan.pk)
    _require_change(actor, loan)
    if loan.status != LoanStatus.APPROVED:
        raise ValidationError(LOAN_NOT_APPROVED)
    lines = [Line("loans_receivable", debit=loan.principal), Line(cash_role, credit=loan.principal - loan.fee)]
    if loan.fee > 0:
        lines.append(Line("fee_income", credit=loan.fee))
    post_entry(
        cooperative=loan.cooperative,
        date=date,
        description=_("Loan %(number)s paid out to member %(member)s")
        % {"number": loan.pk, "member": loan.member.number},
        lines=lines,
        actor=actor,
        source="loan.disbursement",
        is_demo=loan.is_demo,
    )
    Instalment.objects.bulk_create(
        Instalment(loan=loan, number=r.number, due_on=r.due_on, principal_due=r.principal, interest_due=r.interest)
        for r in schedule(loan.principal, loan.annual_rate, loan.term_months, loan.method, date)
    )
    loan.status, loan.disbursed_on, loan.outstanding_principal = LoanStatus.DISBURSED, date, loan.principal
    loan.save(update_fields=["status", "disbursed_on", "outstanding_principal"])
    return loan


def penalty_due(instalments: Iterable[Instalment], product: LoanProduct, on: datetime.date) -> Decimal:
    """Penalty on what is overdue: the monthly percentage, pro rata per day late (30-day month)."""
    total = ZERO
    for instalment in instalments:
        if instalment.due_on < on and instalment.unpaid > 0:
            days = (on - instalment.due_on).days
            total += instalment.unpaid * product.penalty_percent_per_month / 100 * days / 30
    return _whole(total) if total else ZERO


@dataclass
class Allocation:
    penalty: Decimal = ZERO
    interest: Decimal = ZERO
    principal: Decimal = ZERO
    per_instalment: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.penalty + self.interest + self.principal


def allocate(amount: Decimal, groups: list[list[Instalment]], penalty: Decimal, order: str) -> Allocation:
    """Split a repayment group by group: first what is due (penalty, interest and principal of every
    instalment due, in the product's order, oldest instalment first within each part), then the
    current instalment in the same order, then principal of later instalments (prepayment)."""
    result = Allocation()
    left = amount
    parts = [p.strip() for p in order.split(",")]
    for index, group in enumerate(groups):
        for part in parts:
            if part == "penalty":
                if index == 0:
                    take = min(left, penalty)
                    result.penalty += take
                    left -= take
                continue
            for instalment in group:
                interest_paid, principal_paid = result.per_instalment.get(instalment.pk, (ZERO, ZERO))
                if part == "interest":
                    take = min(left, instalment.interest_due - instalment.interest_paid - interest_paid)
                    interest_paid += take
                    result.interest += take
                else:
                    take = min(left, instalment.principal_due - instalment.principal_paid - principal_paid)
                    principal_paid += take
                    result.principal += take
                left -= take
                result.per_instalment[instalment.pk] = (interest_paid, principal_paid)
    return result


@transaction.atomic
def loan_repay(*, loan: Loan, amount: Decimal, date: datetime.date, actor: Any, cash_role: str = "cash") -> Repayment:
    loan = Loan.objects.select_for_update().select_related("cooperative", "member", "product").get(pk=loan.pk)
    _require_change(actor, loan)
    if loan.status != LoanStatus.DISBURSED:
        raise ValidationError(LOAN_NOT_DISBURSED)
    if date > timezone.localdate():
        raise ValidationError({"date": [_("The date cannot be in the future.")]})
    amount = money(amount)
    if amount <= 0:
        raise ValidationError({"amount": [LOAN_AMOUNT]})
    # Interest is owed for every instalment due by the repayment date and for the current period
    # (the first instalment not yet due), so an instalment paid early is paid whole; interest of
    # later periods is never charged early. Principal may always be prepaid.
    open_instalments = list(loan.instalments.filter(paid_on__isnull=True).order_by("number"))
    due_now = [i for i in open_instalments if i.due_on <= date]
    current = next((i for i in open_instalments if i.due_on > date), None)
    interest_bearing = {i.pk for i in due_now} | ({current.pk} if current else set())
    penalty = penalty_due(due_now, loan.product, date)
    owed = (
        penalty
        + sum((i.interest_due - i.interest_paid for i in open_instalments if i.pk in interest_bearing), ZERO)
        + loan.outstanding_principal
    )
    if amount > owed:
        raise ValidationError({"amount": [LOAN_OVERPAID % {"amount": amount, "owed": owed}]})
    later = [_without_interest(i) for i in open_instalments if i.pk not in interest_bearing]
    groups = [due_now, [current] if current else [], later]
    split = allocate(amount, groups, penalty, loan.product.allocation_order)
    lines = [Line(cash_role, debit=amount)]
    if split.penalty:
        lines.append(Line("penalty_income", credit=split.penalty))
    if split.interest:
        lines.append(Line("interest_income", credit=split.interest))
    if split.principal:
        lines.append(Line("loans_receivable", credit=split.principal))
    entry = post_entry(
        cooperative=loan.cooperative,
        date=date,
        description=_("Repayment of loan %(number)s, member %(member)s")
        % {"number": loan.pk, "member": loan.member.number},
        lines=lines,
        actor=actor,
        source="loan.repayment",
        is_demo=loan.is_demo,
    )
    for instalment in open_instalments:
        interest_paid, principal_paid = split.per_instalment.get(instalment.pk, (ZERO, ZERO))
        if not (interest_paid or principal_paid):
            continue
        instalment.interest_paid += interest_paid
        instalment.principal_paid += principal_paid
        if instalment.unpaid == 0:
            instalment.paid_on = date
        instalment.save(update_fields=["interest_paid", "principal_paid", "paid_on"])
    loan.outstanding_principal -= split.principal
    update = ["outstanding_principal"]
    if loan.outstanding_principal == 0:
        # Interest of later periods is not owed once the principal is repaid early.
        loan.instalments.filter(paid_on__isnull=True).update(paid_on=date)
        loan.status, loan.closed_on = LoanStatus.CLOSED, date
        update += ["status", "closed_on"]
    loan.save(update_fields=update)
    return Repayment.objects.create(
        loan=loan,
        date=date,
        amount=amount,
        principal=split.principal,
        interest=split.interest,
        penalty=split.penalty,
        entry=entry,
        created_by=actor,
    )


def _without_interest(instalment: Instalment) -> Instalment:
    copy = Instalment(
        pk=instalment.pk,
        loan_id=instalment.loan_id,
        number=instalment.number,
        due_on=instalment.due_on,
        principal_due=instalment.principal_due,
        interest_due=instalment.interest_paid,
        principal_paid=instalment.principal_paid,
        interest_paid=instalment.interest_paid,
    )
    return copy


# --- Arrears, collectibility, portfolio at risk ------------------------------------------------------


def days_past_due(loan: Loan, on: datetime.date, oldest_unpaid_due: datetime.date | None = None) -> int:
    """Days since the oldest instalment not fully paid fell due (0 when none is overdue)."""
    if loan.status != LoanStatus.DISBURSED:
        return 0
    due = oldest_unpaid_due
    if due is None:
        first = loan.instalments.filter(paid_on__isnull=True).order_by("due_on").values_list("due_on", flat=True)
        due = first.first()
    return max((on - due).days, 0) if due else 0


def collectibility(days: int, classes: list[CollectibilityClass]) -> CollectibilityClass:
    """The class of a loan ``days`` past due: the highest class whose threshold it reached."""
    reached = [c for c in classes if days >= c.min_days_past_due]
    return max(reached, key=lambda c: c.min_days_past_due)


def npl_band(ratio_percent: Decimal) -> tuple[str, Any]:
    for limit, code, label in NPL_BANDS:
        if limit is None or ratio_percent <= limit:
            return code, label
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class PortfolioQuality:
    on: datetime.date
    outstanding: Decimal
    par: dict[int, Decimal]  # X → % of the outstanding balance more than X days late
    by_class: list[tuple[CollectibilityClass, int, Decimal]]  # class, loans, outstanding
    npl_percent: Decimal
    npl_band: tuple[str, Any]


PAR_DAYS = (1, 30, 60, 90)


def portfolio_quality(cooperative_id: int, on: datetime.date, scheme: str) -> PortfolioQuality:
    """PAR1/30/60/90 by outstanding balance, loans per collectibility class, NPL ratio: two queries."""
    from django.db.models import Min, Q

    classes = list(CollectibilityClass.objects.filter(cooperative_id=cooperative_id, scheme=scheme).order_by("rank"))
    loans = (
        Loan.objects.filter(cooperative_id=cooperative_id, status=LoanStatus.DISBURSED)
        .annotate(oldest_due=Min("instalments__due_on", filter=Q(instalments__paid_on__isnull=True)))
        .values_list("outstanding_principal", "oldest_due")
    )
    total = ZERO
    late = dict.fromkeys(PAR_DAYS, ZERO)
    per_class: dict[int, tuple[int, Decimal]] = {c.rank: (0, ZERO) for c in classes}
    for outstanding, oldest_due in loans:
        days = max((on - oldest_due).days, 0) if oldest_due else 0
        total += outstanding
        for x in PAR_DAYS:
            if days > x:
                late[x] += outstanding
        cls = collectibility(days, classes)
        count, amount = per_class[cls.rank]
        per_class[cls.rank] = (count + 1, amount + outstanding)

    def percent(part: Decimal) -> Decimal:
        return (part * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if total else ZERO

    non_performing = sum((per_class[c.rank][1] for c in classes if c.non_performing), ZERO)
    npl = percent(non_performing)
    return PortfolioQuality(
        on=on,
        outstanding=total,
        par={x: percent(late[x]) for x in PAR_DAYS},
        by_class=[(c, *per_class[c.rank]) for c in classes],
        npl_percent=npl,
        npl_band=npl_band(npl),
    )


ORDER_PARTS = {"penalty", "interest", "principal"}
ORDER_INVALID = _("The order must name penalty, interest and principal once each.")


@transaction.atomic
def loan_product_create(
    *,
    cooperative: Any,
    name: str,
    method: str,
    annual_rate: Decimal,
    actor: Any,
    min_term_months: int = 1,
    max_term_months: int = 36,
    fee_percent: Decimal = Decimal(0),
    penalty_percent_per_month: Decimal = Decimal(0),
    allocation_order: str = "penalty,interest,principal",
) -> LoanProduct:
    if not scope_for(actor, Perm.COOPERATIVES_CHANGE).contains(cooperative.village_id):
        raise PermissionDenied
    errors: dict[str, list[Any]] = {}
    if not name.strip():
        errors["name"] = [ValidationError(_("Give the product's name."))]
    if method not in InterestMethod.values:
        errors["method"] = [ValidationError(_("Choose flat or annuity interest."))]
    if not Decimal(0) <= annual_rate <= Decimal(100):
        errors["annual_rate"] = [ValidationError(_("The yearly interest rate must be between 0 and 100 percent."))]
    if not 1 <= min_term_months <= max_term_months:
        errors["max_term_months"] = [ValidationError(_("The longest term must be at least the shortest."))]
    parts = [p.strip() for p in allocation_order.split(",")]
    if sorted(parts) != sorted(ORDER_PARTS):
        errors["allocation_order"] = [
            ValidationError(_("The order must name penalty, interest and principal once each."))
        ]
    if errors:
        raise ValidationError(errors)
    return LoanProduct.objects.create(
        cooperative=cooperative,
        name=name.strip(),
        method=method,
        annual_rate=annual_rate,
        min_term_months=min_term_months,
        max_term_months=max_term_months,
        fee_percent=fee_percent,
        penalty_percent_per_month=penalty_percent_per_month,
        allocation_order=",".join(parts),
    )
