"""XLSX and CSV downloads of the statements, the SHU distribution, the simpanan wajib due and the
loans (core.exports: amounts stay Decimal, never floats). Column headers follow the active language
(Indonesian by default). A statement is a table of sections: a section's title is a row of its own,
its total the row after its lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from desmigratif.cooperatives.models import (
    Cooperative,
    Loan,
    LoanStatus,
    ShuDistribution,
    ShuMemberShare,
    ShuPoolAmount,
)
from desmigratif.cooperatives.selectors import BalanceSheet, IncomeStatement, StatementSection, TrialBalance, WajibDue
from desmigratif.core.exports import CHUNK, table_response

__all__ = [
    "CHUNK",
    "balance_sheet",
    "income_statement",
    "loans",
    "mandatory_due",
    "shu",
    "trial_balance",
]


def _statement(
    fmt: str, name: str, title: str, cooperative: Cooperative, period: str, header: list[str], rows: Iterable[list[Any]]
) -> HttpResponse:
    return table_response(
        fmt, filename=name, title=title, preamble=[[cooperative.name], [title], [period]], header=header, rows=rows
    )


def trial_balance(fmt: str, cooperative: Cooperative, tb: TrialBalance) -> HttpResponse:
    header = [
        _("Code"),
        _("Account"),
        _("Opening debit"),
        _("Opening credit"),
        _("Debit"),
        _("Credit"),
        _("Closing debit"),
        _("Closing credit"),
    ]
    rows = [
        [
            r.account.code,
            r.account.name,
            r.opening_debit,
            r.opening_credit,
            r.debits,
            r.credits,
            r.closing_debit,
            r.closing_credit,
        ]
        for r in tb.rows
    ]
    t = tb.totals
    rows.append(
        [
            "",
            _("Total"),
            t["opening_debit"],
            t["opening_credit"],
            t["debits"],
            t["credits"],
            t["closing_debit"],
            t["closing_credit"],
        ]
    )
    period = f"{tb.start.isoformat()} – {tb.end.isoformat()}"
    name = f"neraca-saldo-{tb.start}-{tb.end}"
    return _statement(fmt, name, _("Trial balance"), cooperative, period, header, rows)


def _sections(sections: Iterable[StatementSection]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for section in sections:
        rows.append([section.title])
        rows.extend([line.label, line.amount] for line in section.lines)
        rows.append([_("Total %(section)s") % {"section": section.title.lower()}, section.total])
    return rows


def balance_sheet(fmt: str, cooperative: Cooperative, bs: BalanceSheet) -> HttpResponse:
    rows = _sections((bs.assets, bs.liabilities, bs.equity))
    rows.append([_("Total liabilities and equity"), bs.liabilities_and_equity])
    header = [_("Account"), _("Amount")]
    return _statement(fmt, f"neraca-{bs.date}", _("Balance sheet"), cooperative, bs.date.isoformat(), header, rows)


def income_statement(fmt: str, cooperative: Cooperative, st: IncomeStatement) -> HttpResponse:
    rows = _sections((st.income, st.expenses))
    rows.append([_("Surplus (SHU)"), st.surplus])
    period = f"{st.start.isoformat()} – {st.end.isoformat()}"
    name = f"hasil-usaha-{st.start}-{st.end}"
    return _statement(fmt, name, _("Income statement"), cooperative, period, [_("Account"), _("Amount")], rows)


def shu(
    fmt: str,
    cooperative: Cooperative,
    distribution: ShuDistribution,
    pools: list[ShuPoolAmount],
    shares: list[ShuMemberShare],
) -> HttpResponse:
    """The year's SHU and its pools above, the member shares as the table."""
    period = f"{distribution.year_start} – {distribution.year_end}"
    preamble: list[list[Any]] = [
        [cooperative.name],
        [_("SHU distribution"), period],
        [_("SHU for the year"), distribution.surplus],
        [],
        [_("Pool"), _("Percent"), _("Amount")],
        *([pool.get_pool_display(), pool.percent, pool.amount] for pool in pools),
    ]
    header = [
        _("Member number"),
        _("Name"),
        _("Savings counted"),
        _("Transactions counted"),
        "Jasa modal",
        "Jasa usaha",
        _("Total"),
    ]
    rows = (
        [
            s.member.number,
            s.member.person.full_name,
            s.savings,
            s.transactions,
            s.jasa_modal,
            s.jasa_usaha,
            s.jasa_modal + s.jasa_usaha,
        ]
        for s in shares
    )
    name = f"shu-{distribution.year_start:%Y%m}-{distribution.year_end:%Y%m}"
    return table_response(fmt, filename=name, title="SHU", preamble=preamble, header=header, rows=rows)


def mandatory_due(fmt: str, cooperative: Cooperative, due: list[WajibDue], *, today: str) -> HttpResponse:
    title = _("Simpanan wajib due but unpaid")
    header = [_("Member number"), _("Name"), _("Periods"), _("Due"), _("Paid"), _("Unpaid")]
    rows = ([r.member.number, r.member.person.full_name, r.periods, r.expected, r.paid, r.due] for r in due)
    return table_response(
        fmt,
        filename=f"simpanan-wajib-tertunggak-{today}",
        title=title,
        preamble=[[cooperative.name], [title], [today]],
        header=header,
        rows=rows,
    )


def loans(fmt: str, cooperative: Cooperative, found: Iterable[Loan], *, today: str) -> HttpResponse:
    """The loans of the list page (its status filter), every page of them."""
    header = [
        _("ID"),
        _("Member number"),
        _("Name"),
        _("Product"),
        _("Amount"),
        _("Term (months)"),
        _("Applied on"),
        _("Status"),
        _("Outstanding principal"),
        _("Demo data"),
    ]
    rows = (
        [
            loan.pk,
            loan.member.number,
            loan.member.person.full_name,
            loan.product.name,
            loan.principal,
            loan.term_months,
            loan.applied_on,
            loan.get_status_display(),
            # As on the page: a balance only while the loan is out.
            loan.outstanding_principal if loan.status == LoanStatus.DISBURSED else None,
            _("yes") if loan.is_demo else "",
        ]
        for loan in found
    )
    return table_response(
        fmt,
        filename=f"pinjaman-{today}",
        title=_("Loans"),
        preamble=[[cooperative.name], [_("Loans")], [today]],
        header=header,
        rows=rows,
    )
