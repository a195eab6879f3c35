"""Cooperative endpoints of the JSON API: members, savings and the statements.

Amounts are strings in JSON ("1500000.00"): Decimal rupiah with two decimals, never floats.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.cooperatives import selectors, services
from desmigratif.cooperatives.forms import PERIOD_ORDER
from desmigratif.cooperatives.models import Cooperative, Member, MemberStatus, SavingsKind, SavingsTransaction
from desmigratif.cooperatives.selectors import StatementSection

MONEY_NOTE = "Amounts are strings holding a decimal number of rupiah with two decimals (never floats)."

router = Router(tags=["cooperatives"])

Money = Field(..., description='Rupiah as a decimal string, e.g. "1500000.00"', examples=["1500000.00"])


def _m(value: Decimal) -> str:
    return f"{value:.2f}"


class CooperativeOut(Schema):
    id: int
    name: str
    village: str
    legal_entity_number: str
    founded_on: datetime.date
    principal_savings_amount: str = Money
    mandatory_savings_amount: str = Money
    mandatory_savings_period_months: int


class CooperativePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CooperativeOut]


class MemberOut(Schema):
    id: int
    number: str
    person_id: int
    person_name: str
    status: MemberStatus
    joined_on: datetime.date
    left_on: datetime.date | None
    principal: str = Money
    mandatory: str = Money
    voluntary: str = Money


class MemberPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[MemberOut]


class MembersQuery(PageQuery):
    q: str = Field("", max_length=100)
    status: MemberStatus | None = None


class JoinIn(InputSchema):
    person_id: int
    date: datetime.date


class TransactionOut(Schema):
    id: int
    date: datetime.date
    savings: SavingsKind
    kind: SavingsTransaction.Kind
    amount: str = Money
    balance_after: str = Money
    note: str
    entry_id: int


class TransactionPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[TransactionOut]


class SavingsIn(InputSchema):
    kind: SavingsTransaction.Kind = Field(..., description="deposit or withdrawal")
    savings: SavingsKind
    amount: Decimal = Field(..., gt=0, max_digits=18, decimal_places=2, description="Rupiah; send it as a string")
    date: datetime.date
    note: str = Field("", max_length=200)


class PeriodQuery(InputSchema):
    start: datetime.date
    end: datetime.date

    @model_validator(mode="after")
    def _ordered(self) -> PeriodQuery:
        if self.start > self.end:
            raise ValueError(str(PERIOD_ORDER))
        return self


class AsOfQuery(InputSchema):
    date: datetime.date


class TrialBalanceRowOut(Schema):
    code: str
    account: str
    type: str
    opening: str = Field(..., description="Debit minus credit before the period")
    debits: str
    credits: str
    closing: str = Field(..., description="Debit minus credit at the end of the period")


class TrialBalanceOut(Schema):
    start: datetime.date
    end: datetime.date
    rows: list[TrialBalanceRowOut]
    total_debits: str
    total_credits: str
    balanced: bool


class LineOut(Schema):
    label: str
    code: str | None
    amount: str


class SectionOut(Schema):
    title: str
    lines: list[LineOut]
    total: str


class BalanceSheetOut(Schema):
    date: datetime.date
    assets: SectionOut
    liabilities: SectionOut
    equity: SectionOut
    liabilities_and_equity: str
    balanced: bool


class IncomeStatementOut(Schema):
    start: datetime.date
    end: datetime.date
    income: SectionOut
    expenses: SectionOut
    surplus: str


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _cooperative(c: Cooperative) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "village": c.village_id,
        "legal_entity_number": c.legal_entity_number,
        "founded_on": c.founded_on,
        "principal_savings_amount": _m(c.principal_savings_amount),
        "mandatory_savings_amount": _m(c.mandatory_savings_amount),
        "mandatory_savings_period_months": c.mandatory_savings_period_months,
    }


def _member(m: Member) -> dict[str, Any]:
    return {
        "id": m.pk,
        "number": m.number,
        "person_id": m.person_id,
        "person_name": m.person.full_name,
        "status": m.status,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
        **{k: _m(selectors.cents(getattr(m, k))) for k in ("principal", "mandatory", "voluntary")},
    }


def _tx(t: SavingsTransaction) -> dict[str, Any]:
    return {
        "id": t.pk,
        "date": t.date,
        "savings": t.account.kind,
        "kind": t.kind,
        "amount": _m(t.amount),
        "balance_after": _m(t.balance_after),
        "note": t.note,
        "entry_id": t.entry_id,
    }


def _section(s: StatementSection) -> dict[str, Any]:
    return {
        "title": s.title,
        "lines": [
            {"label": line.label, "code": line.account.code if line.account else None, "amount": _m(line.amount)}
            for line in s.lines
        ],
        "total": _m(s.total),
    }


@router.get("/", response=CooperativePage, summary="List cooperatives in your area", description=MONEY_NOTE)
def list_cooperatives(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = _user(request)
    if not has_perm(user, Perm.COOPERATIVES_VIEW):
        raise PermissionDenied
    return paged(selectors.cooperatives_for_user(user), query, _cooperative)


@router.get(
    "/{int:cooperative_id}/members/", response=MemberPage, summary="Members with their savings", description=MONEY_NOTE
)
def list_members(request: HttpRequest, cooperative_id: int, query: Query[MembersQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    qs = selectors.members(cooperative, search=query.q, status=query.status or "")
    return paged(qs, query, _member)


@router.post(
    "/{int:cooperative_id}/members/",
    response={201: MemberOut},
    summary="A person joins (pays simpanan pokok)",
    description=MONEY_NOTE,
)
def join(request: HttpRequest, cooperative_id: int, payload: JoinIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    cooperative = selectors.get_cooperative_for_user(user, cooperative_id, for_write=True)
    person = selectors.get_person_to_register(user, cooperative, payload.person_id)
    member = services.member_join(cooperative=cooperative, person=person, date=payload.date, actor=user)
    return Status(201, _member(selectors.members(cooperative).get(pk=member.pk)))


@router.get(
    "/{int:cooperative_id}/members/{int:member_id}/savings/",
    response=TransactionPage,
    summary="A member's savings transactions, newest first",
    description=MONEY_NOTE,
)
def list_savings(request: HttpRequest, cooperative_id: int, member_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    member = selectors.get_member(cooperative, member_id)
    return paged(selectors.passbook(member), query, _tx)


@router.post(
    "/{int:cooperative_id}/members/{int:member_id}/savings/",
    response={201: TransactionOut},
    summary="Deposit into or withdraw from a member's savings",
    description=MONEY_NOTE + ' Send `amount` as a string, e.g. "150000.00".',
)
def post_savings(
    request: HttpRequest, cooperative_id: int, member_id: int, payload: SavingsIn
) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    cooperative = selectors.get_cooperative_for_user(user, cooperative_id, for_write=True)
    member = selectors.get_member(cooperative, member_id)
    member.cooperative = cooperative
    account = selectors.savings_accounts(member)[payload.savings]
    account.member = member
    service = services.savings_deposit if payload.kind == SavingsTransaction.Kind.DEPOSIT else services.savings_withdraw
    tx = service(account=account, amount=payload.amount, date=payload.date, note=payload.note, actor=user)
    return Status(201, _tx(tx))


@router.get(
    "/{int:cooperative_id}/reports/trial-balance",
    response=TrialBalanceOut,
    summary="Trial balance for a period",
    description=MONEY_NOTE,
)
def trial_balance(request: HttpRequest, cooperative_id: int, query: Query[PeriodQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    tb = selectors.trial_balance(cooperative, query.start, query.end)
    return {
        "start": tb.start,
        "end": tb.end,
        "rows": [
            {
                "code": r.account.code,
                "account": r.account.name,
                "type": r.account.type,
                "opening": _m(r.opening),
                "debits": _m(r.debits),
                "credits": _m(r.credits),
                "closing": _m(r.closing),
            }
            for r in tb.rows
        ],
        "total_debits": _m(tb.total("debits")),
        "total_credits": _m(tb.total("credits")),
        "balanced": tb.balanced,
    }


@router.get(
    "/{int:cooperative_id}/reports/balance-sheet",
    response=BalanceSheetOut,
    summary="Balance sheet (neraca) as of a date",
    description=MONEY_NOTE,
)
def balance_sheet(request: HttpRequest, cooperative_id: int, query: Query[AsOfQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    bs = selectors.balance_sheet(cooperative, query.date)
    return {
        "date": bs.date,
        "assets": _section(bs.assets),
        "liabilities": _section(bs.liabilities),
        "equity": _section(bs.equity),
        "liabilities_and_equity": _m(bs.liabilities_and_equity),
        "balanced": bs.balanced,
    }


@router.get(
    "/{int:cooperative_id}/reports/income-statement",
    response=IncomeStatementOut,
    summary="Income statement (perhitungan hasil usaha) for a period",
    description=MONEY_NOTE,
)
def income_statement(request: HttpRequest, cooperative_id: int, query: Query[PeriodQuery]) -> dict[str, Any]:
    cooperative = selectors.get_cooperative_for_user(_user(request), cooperative_id)
    st = selectors.income_statement(cooperative, query.start, query.end)
    return {
        "start": st.start,
        "end": st.end,
        "income": _section(st.income),
        "expenses": _section(st.expenses),
        "surplus": _m(st.surplus),
    }
