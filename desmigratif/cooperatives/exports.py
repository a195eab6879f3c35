"""XLSX exports of the statements (openpyxl). Column headers follow the active language
(Indonesian by default); amounts are written as numbers with two decimals, from Decimal."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from desmigratif.cooperatives.models import Cooperative
from desmigratif.cooperatives.selectors import BalanceSheet, IncomeStatement, TrialBalance

NUMBER_FORMAT = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(title: str, cooperative: Cooperative, period: str) -> tuple[Workbook, Any]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([cooperative.name])
    sheet.append([title])
    sheet.append([period])
    sheet.append([])
    return book, sheet


def _row(sheet: Any, values: list[Any]) -> None:
    # openpyxl writes a Decimal as its exact decimal text: no float on the way.
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, Decimal):
            cell.number_format = NUMBER_FORMAT


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def trial_balance_xlsx(cooperative: Cooperative, tb: TrialBalance) -> bytes:
    book, sheet = _book(_("Trial balance"), cooperative, f"{tb.start.isoformat()} – {tb.end.isoformat()}")
    sheet.append(
        [
            _("Code"),
            _("Account"),
            _("Opening debit"),
            _("Opening credit"),
            _("Debit"),
            _("Credit"),
            _("Closing debit"),
            _("Closing credit"),
        ]
    )
    for r in tb.rows:
        _row(
            sheet,
            [
                r.account.code,
                r.account.name,
                r.opening_debit,
                r.opening_credit,
                r.debits,
                r.credits,
                r.closing_debit,
                r.closing_credit,
            ],
        )
    t = tb.totals
    _row(
        sheet,
        [
            "",
            _("Total"),
            t["opening_debit"],
            t["opening_credit"],
            t["debits"],
            t["credits"],
            t["closing_debit"],
            t["closing_credit"],
        ],
    )
    return _save(book)


def balance_sheet_xlsx(cooperative: Cooperative, bs: BalanceSheet) -> bytes:
    book, sheet = _book(_("Balance sheet"), cooperative, bs.date.isoformat())
    sheet.append([_("Account"), _("Amount")])
    for section in (bs.assets, bs.liabilities, bs.equity):
        sheet.append([section.title])
        for line in section.lines:
            _row(sheet, [line.label, line.amount])
        _row(sheet, [_("Total %(section)s") % {"section": section.title.lower()}, section.total])
    _row(sheet, [_("Total liabilities and equity"), bs.liabilities_and_equity])
    return _save(book)


def income_statement_xlsx(cooperative: Cooperative, st: IncomeStatement) -> bytes:
    book, sheet = _book(_("Income statement"), cooperative, f"{st.start.isoformat()} – {st.end.isoformat()}")
    sheet.append([_("Account"), _("Amount")])
    for section in (st.income, st.expenses):
        sheet.append([section.title])
        for line in section.lines:
            _row(sheet, [line.label, line.amount])
        _row(sheet, [_("Total %(section)s") % {"section": section.title.lower()}, section.total])
    _row(sheet, [_("Surplus (SHU)"), st.surplus])
    return _save(book)
