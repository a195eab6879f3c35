"""Loan endpoints of the JSON API: the same services as the loan pages.

Amounts are strings in JSON ("1500000.00"): Decimal rupiah with two decimals, never floats.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.cooperatives import loans, selectors
from desmigratif.cooperatives.models import CollectibilityScheme, Loan, LoanProduct, LoanStatus, Member

router = Router(tags=["cooperative loans"])

Money = Field(..., description='Rupiah as a decimal string, e.g. "1500000.00"')


def _m(value: Decimal) -> str:
    return f"{value:.2f}"


class LoanOut(Schema):
    id: int
    member_id: int
    member_number: str
    product: str
    principal: str = Money
    method: str
    annual_rate: str
    term_months: int
    fee: str = Money
    purpose: str
    status: LoanStatus
    applied_on: datetime.date
    decided_on: datetime.date | None
    disbursed_on: datetime.date | None
    closed_on: datetime.date | None
    outstanding_principal: str = Money


class InstalmentOut(Schema):
    number: int
    due_on: datetime.date
    principal_due: str = Money
    interest_due: str = Money
    principal_paid: str = Money
    interest_paid: str = Money
    paid_on: datetime.date | None


class RepaymentOut(Schema):
    id: int
    date: datetime.date
    amount: str = Money
    penalty: str = Money
    interest: str = Money
    principal: str = Money


class LoanDetailOut(LoanOut):
    days_past_due: int
    instalments: list[InstalmentOut]
    repayments: list[RepaymentOut]


class LoanPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[LoanOut]


class ClassOut(Schema):
    rank: int
    code: str
    name: str
    non_performing: bool
    loans: int
    outstanding: str = Money


class PortfolioOut(Schema):
    on: datetime.date
    scheme: str
    outstanding: str = Money
    par: dict[str, str] = Field(..., description="PAR1/30/60/90: percent of the outstanding balance")
    npl_percent: str
    npl_band: str
    classes: list[ClassOut]


class LoansQuery(PageQuery):
    status: LoanStatus | None = None


class PortfolioQuery(InputSchema):
    scheme: CollectibilityScheme = CollectibilityScheme.COOPERATIVE


class ApplyIn(InputSchema):
    member_id: int
    product_id: int
    principal: Decimal = Field(..., gt=0, max_digits=18, decimal_places=2)
    term_months: int = Field(..., ge=1, le=360)
    purpose: str = Field(..., min_length=1, max_length=200)
    date: datetime.date | None = None


class DecideIn(InputSchema):
    approve: bool
    note: str = Field("", max_length=300)


class DateIn(InputSchema):
    date: datetime.date | None = None


class RepayIn(DateIn):
    amount: Decimal = Field(..., gt=0, max_digits=18, decimal_places=2)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _loan_out(loan: Loan) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "member_id": loan.member_id,
        "member_number": loan.member.number,
        "product": loan.product.name,
        "principal": _m(loan.principal),
        "method": loan.method,
        "annual_rate": f"{loan.annual_rate:.3f}",
        "term_months": loan.term_months,
        "fee": _m(loan.fee),
        "purpose": loan.purpose,
        "status": loan.status,
        "applied_on": loan.applied_on,
        "decided_on": loan.decided_on,
        "disbursed_on": loan.disbursed_on,
        "closed_on": loan.closed_on,
        "outstanding_principal": _m(loan.outstanding_principal),
    }


def _detail(loan: Loan) -> dict[str, Any]:
    instalments = list(loan.instalments.order_by("number"))
    oldest = next((i.due_on for i in instalments if i.paid_on is None), None)
    return {
        **_loan_out(loan),
        "days_past_due": loans.days_past_due(loan, timezone.localdate(), oldest_unpaid_due=oldest) if oldest else 0,
        "instalments": [
            {
                "number": i.number,
                "due_on": i.due_on,
                "principal_due": _m(i.principal_due),
                "interest_due": _m(i.interest_due),
                "principal_paid": _m(i.principal_paid),
                "interest_paid": _m(i.interest_paid),
                "paid_on": i.paid_on,
            }
            for i in instalments
        ],
        "repayments": [
            {
                "id": r.pk,
                "date": r.date,
                "amount": _m(r.amount),
                "penalty": _m(r.penalty),
                "interest": _m(r.interest),
                "principal": _m(r.principal),
            }
            for r in loan.repayments.order_by("date", "id")
        ],
    }


def _get(user: Any, cooperative_id: int, loan_id: int, *, for_write: bool = False) -> Loan:
    cooperative = selectors.get_cooperative_for_user(user, cooperative_id, for_write=for_write)
    return get_object_or_404(
        Loan.objects.select_related("member", "product", "cooperative"), cooperative=cooperative, pk=loan_id
    )


@router.get("/{int:cooperative_id}/loans/", response=LoanPage, summary="Loans of a cooperative")
def list_loans(request: HttpRequest, cooperative_id: int, query: Query[LoansQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    qs = Loan.objects.filter(cooperative=cooperative).select_related("member", "product").order_by("-applied_on", "-id")
    if query.status:
        qs = qs.filter(status=query.status)
    return paged(qs, query, _loan_out)


@router.get("/{int:cooperative_id}/loans/portfolio", response=PortfolioOut, summary="PAR, NPL and collectibility")
def portfolio(request: HttpRequest, cooperative_id: int, query: Query[PortfolioQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    quality = loans.portfolio_quality(cooperative.pk, timezone.localdate(), query.scheme)
    return {
        "on": quality.on,
        "scheme": query.scheme,
        "outstanding": _m(quality.outstanding),
        "par": {f"PAR{x}": f"{pct:.2f}" for x, pct in quality.par.items()},
        "npl_percent": f"{quality.npl_percent:.2f}",
        "npl_band": quality.npl_band[0],
        "classes": [
            {
                "rank": c.rank,
                "code": c.code,
                "name": c.name,
                "non_performing": c.non_performing,
                "loans": count,
                "outstanding": _m(amount),
            }
            for c, count, amount in quality.by_class
        ],
    }


@router.get("/{int:cooperative_id}/loans/{int:loan_id}", response=LoanDetailOut, summary="One loan with its schedule")
def get_loan(request: HttpRequest, cooperative_id: int, loan_id: int) -> dict[str, Any]:
    return _detail(_get(_user(request), cooperative_id, loan_id))


@router.post("/{int:cooperative_id}/loans/", response={201: LoanDetailOut}, summary="Apply for a loan")
def apply(request: HttpRequest, cooperative_id: int, payload: ApplyIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    cooperative = selectors.get_cooperative_for_user(user, cooperative_id, for_write=True)
    member = get_object_or_404(Member, cooperative=cooperative, pk=payload.member_id)
    product = get_object_or_404(LoanProduct, cooperative=cooperative, pk=payload.product_id)
    loan = loans.loan_apply(
        member=member,
        product=product,
        principal=payload.principal,
        term_months=payload.term_months,
        purpose=payload.purpose,
        date=payload.date or timezone.localdate(),
        actor=user,
    )
    return Status(201, _detail(_get(user, cooperative_id, loan.pk)))


@router.post("/{int:cooperative_id}/loans/{int:loan_id}/decide", response=LoanDetailOut, summary="Approve or reject")
def decide(request: HttpRequest, cooperative_id: int, loan_id: int, payload: DecideIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    loan = _get(user, cooperative_id, loan_id, for_write=True)
    loans.loan_decide(loan=loan, approve=payload.approve, date=timezone.localdate(), note=payload.note, actor=user)
    return _detail(_get(user, cooperative_id, loan_id))


@router.post("/{int:cooperative_id}/loans/{int:loan_id}/disburse", response=LoanDetailOut, summary="Pay the loan out")
def disburse(request: HttpRequest, cooperative_id: int, loan_id: int, payload: DateIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    loan = _get(user, cooperative_id, loan_id, for_write=True)
    loans.loan_disburse(loan=loan, date=payload.date or timezone.localdate(), actor=user)
    return _detail(_get(user, cooperative_id, loan_id))


@router.post("/{int:cooperative_id}/loans/{int:loan_id}/repay", response=LoanDetailOut, summary="Record a repayment")
def repay(request: HttpRequest, cooperative_id: int, loan_id: int, payload: RepayIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    loan = _get(user, cooperative_id, loan_id, for_write=True)
    loans.loan_repay(loan=loan, amount=payload.amount, date=payload.date or timezone.localdate(), actor=user)
    return _detail(_get(user, cooperative_id, loan_id))
