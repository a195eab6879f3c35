"""The member's passbook (buku simpanan) as a PDF, printable on any printer (fpdf2, core fonts)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from desmigratif.cooperatives.models import Cooperative, Member, SavingsKind, SavingsTransaction
from desmigratif.cooperatives.selectors import AnnualReport, StatementSection
from desmigratif.core.templatetags.money import format_rupiah


def _rp(amount: Decimal) -> str:
    # The core PDF fonts are Latin-1: write the minus sign as a hyphen.
    return format_rupiah(amount).replace("−", "-")


def _text(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1")


def passbook_pdf(
    cooperative: Cooperative,
    member: Member,
    balances: dict[str, Decimal],
    transactions: Iterable[SavingsTransaction],
    *,
    compress: bool = True,
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_text(f"{cooperative.name} - {member.number}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _text(cooperative.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, _text(_("Member's passbook")), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0,
        6,
        _text(f"{_('Member number')}: {member.number}   {member.person.full_name}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, _text(f"{_('Printed')}: {timezone.localdate():%d-%m-%Y}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10)
    for kind in SavingsKind:
        pdf.cell(90, 6, _text(str(kind.label)))
        pdf.cell(50, 6, _rp(balances.get(kind.value, Decimal(0))), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (25, 60, 30, 35, 35)
    headers = (_("Date"), _("Savings"), _("Transaction"), _("Amount"), _("Balance"))
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, _text(header), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for tx in transactions:
        row = (
            f"{tx.date:%d-%m-%Y}",
            str(SavingsKind(tx.account.kind).label),
            str(tx.get_kind_display()),
            _rp(tx.amount),
            _rp(tx.balance_after),
        )
        for index, (width, value) in enumerate(zip(widths, row, strict=True)):
            pdf.cell(width, 6, _text(value)[:40], border=1, align="R" if index >= 3 else "L")
        pdf.ln()
    return bytes(pdf.output())


class _Report(FPDF):
    """A4 report with the cooperative's name and page numbers on every page."""

    title_line = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, _text(f"{self.title_line} - {self.page_no()}"), align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)


def _row(pdf: FPDF, widths: tuple[int, ...], values: tuple[str, ...], *, bold: bool = False) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 9)
    for index, (width, value) in enumerate(zip(widths, values, strict=True)):
        # Text columns first, amounts right-aligned; long names are cut to the column.
        pdf.cell(width, 6, _text(value)[: width // 2], border=1, align="L" if index == 0 else "R")
    pdf.ln()


def _section(pdf: FPDF, section: StatementSection) -> None:
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, _text(section.title), new_x="LMARGIN", new_y="NEXT")
    for line in section.lines:
        _row(pdf, (130, 50), (line.label, _rp(line.amount)))
    _row(pdf, (130, 50), (_("Total: %(section)s") % {"section": section.title}, _rp(section.total)), bold=True)


def rat_pdf(report: AnnualReport, *, compress: bool = True) -> bytes:
    """The annual report for the members' meeting (RAT): UU 25/1992 Pasal 35, DOMAIN-RULES B10."""
    cooperative = report.cooperative
    period = f"{report.start:%d-%m-%Y} - {report.end:%d-%m-%Y}"
    pdf = _Report(format="A4")
    pdf.title_line = f"{cooperative.name} - {_('Annual report')} {period}"
    pdf.set_compression(compress)
    pdf.set_title(_text(pdf.title_line))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _text(cooperative.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, _text(_("Annual report for the members' annual meeting (RAT)")), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _text(f"{_('Fiscal year')}: {period}"), new_x="LMARGIN", new_y="NEXT")
    if cooperative.legal_entity_number:
        pdf.cell(
            0, 6, _text(f"{_('Legal entity number')}: {cooperative.legal_entity_number}"), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.cell(0, 6, _text(f"{_('Village')}: {cooperative.village.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _text(f"{_('Printed')}: {timezone.localdate():%d-%m-%Y}"), new_x="LMARGIN", new_y="NEXT")
    if cooperative.is_demo:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, _text(_("Demo data: not a real cooperative's figures.")), new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("1. The state of the cooperative"))
    widths = (130, 50)
    _row(pdf, widths, (_("Members at the end of the year"), str(report.members_at_end)))
    _row(pdf, widths, (_("Members who joined during the year"), str(report.members_joined)))
    _row(pdf, widths, (_("Members who left during the year"), str(report.members_left)))
    for kind in SavingsKind:
        _row(pdf, widths, (f"{kind.label} ({_('end of year')})", _rp(report.savings_at_end[kind.value])))
    _row(pdf, widths, (_("Loans paid out during the year"), str(report.loans_disbursed)))
    _row(pdf, widths, (_("Amount paid out in loans"), _rp(report.loans_disbursed_amount)))

    sheet = report.balance_sheet
    _heading(pdf, _("2. Balance sheet (neraca) at %(date)s") % {"date": f"{sheet.date:%d-%m-%Y}"})
    _section(pdf, sheet.assets)
    _section(pdf, sheet.liabilities)
    _section(pdf, sheet.equity)
    _row(pdf, widths, (_("Liabilities and equity"), _rp(sheet.liabilities_and_equity)), bold=True)

    statement = report.income_statement
    _heading(pdf, _("3. Income statement (perhitungan hasil usaha) %(period)s") % {"period": period})
    _section(pdf, statement.income)
    _section(pdf, statement.expenses)
    _row(pdf, widths, (_("SHU for the year"), _rp(statement.surplus)), bold=True)

    _heading(pdf, _("4. Distribution of the SHU"))
    _row(pdf, (110, 20, 50), (_("Pool"), "%", _("Amount")), bold=True)
    for pool in report.pools:
        _row(pdf, (110, 20, 50), (str(pool.get_pool_display()), f"{pool.percent:g}", _rp(pool.amount)))
    _row(pdf, (110, 20, 50), (_("SHU for the year"), "", _rp(report.distribution.surplus)), bold=True)

    _heading(pdf, _("5. Members' shares"))
    columns = (70, 37, 37, 36)
    _row(pdf, columns, (_("Member"), "Jasa modal", "Jasa usaha", _("Total")), bold=True)
    for share in report.shares:
        label = f"{share.member.number} {share.member.person.full_name}"
        _row(pdf, columns, (label, _rp(share.jasa_modal), _rp(share.jasa_usaha), _rp(share.total)))
    _row(pdf, columns, (_("Total"), "", "", _rp(report.shares_total)), bold=True)
    return bytes(pdf.output())
