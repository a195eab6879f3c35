"""The member's passbook (buku simpanan) as a PDF, printable on any printer (fpdf2, core fonts)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from desmigratif.cooperatives.models import Cooperative, Member, SavingsKind, SavingsTransaction
from desmigratif.cooperatives.selectors import AnnualReport, StatementSection
from desmigratif.core.pdf import Report, heading, latin1, line, row, rupiah


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
    pdf.set_title(latin1(f"{cooperative.name} - {member.number}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(cooperative.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, latin1(_("Member's passbook")), new_x="LMARGIN", new_y="NEXT")
    line(pdf, _("Member %(number)s: %(name)s") % {"number": member.number, "name": member.person.full_name})
    line(pdf, _("Printed: %(date)s") % {"date": f"{timezone.localdate():%d-%m-%Y}"})
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10)
    for kind in SavingsKind:
        pdf.cell(90, 6, latin1(str(kind.label)))
        pdf.cell(50, 6, rupiah(balances.get(kind.value, Decimal(0))), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (25, 60, 30, 35, 35)
    headers = (_("Date"), _("Savings"), _("Transaction"), _("Amount"), _("Balance"))
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, latin1(header), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for tx in transactions:
        row = (
            f"{tx.date:%d-%m-%Y}",
            str(SavingsKind(tx.account.kind).label),
            str(tx.get_kind_display()),
            rupiah(tx.amount),
            rupiah(tx.balance_after),
        )
        for index, (width, value) in enumerate(zip(widths, row, strict=True)):
            pdf.cell(width, 6, latin1(value)[:40], border=1, align="R" if index >= 3 else "L")
        pdf.ln()
    return bytes(pdf.output())


def _section(pdf: FPDF, section: StatementSection) -> None:
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 6, latin1(section.title), new_x="LMARGIN", new_y="NEXT")
    for entry in section.lines:
        row(pdf, (130, 50), (entry.label, rupiah(entry.amount)))
    row(pdf, (130, 50), (_("Total: %(section)s") % {"section": section.title}, rupiah(section.total)), bold=True)


def rat_pdf(report: AnnualReport, *, compress: bool = True) -> bytes:
    """The annual report for the members' meeting (RAT): UU 25/1992 Pasal 35, DOMAIN-RULES B10."""
    cooperative = report.cooperative
    period = f"{report.start:%d-%m-%Y} - {report.end:%d-%m-%Y}"
    pdf = Report(format="A4")
    pdf.title_line = _("%(cooperative)s - Annual report %(period)s") % {
        "cooperative": cooperative.name,
        "period": period,
    }
    pdf.set_compression(compress)
    pdf.set_title(latin1(pdf.title_line))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(cooperative.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, latin1(_("Annual report for the members' annual meeting (RAT)")), new_x="LMARGIN", new_y="NEXT")
    line(pdf, _("Fiscal year: %(year)s") % {"year": period})
    if cooperative.legal_entity_number:
        line(pdf, _("Legal entity number: %(number)s") % {"number": cooperative.legal_entity_number})
    line(pdf, _("Village: %(name)s") % {"name": cooperative.village.name})
    line(pdf, _("Printed: %(date)s") % {"date": f"{timezone.localdate():%d-%m-%Y}"})
    if cooperative.is_demo:
        line(pdf, _("Demo data: not a real cooperative's figures."), bold=True)

    heading(pdf, _("1. The state of the cooperative"))
    widths = (130, 50)
    row(pdf, widths, (_("Members at the end of the year"), str(report.members_at_end)))
    row(pdf, widths, (_("Members who joined during the year"), str(report.members_joined)))
    row(pdf, widths, (_("Members who left during the year"), str(report.members_left)))
    for kind in SavingsKind:
        row(
            pdf,
            widths,
            (_("%(savings)s (end of year)") % {"savings": kind.label}, rupiah(report.savings_at_end[kind.value])),
        )
    row(pdf, widths, (_("Loans paid out during the year"), str(report.loans_disbursed)))
    row(pdf, widths, (_("Amount paid out in loans"), rupiah(report.loans_disbursed_amount)))

    sheet = report.balance_sheet
    heading(pdf, _("2. Balance sheet (neraca) at %(date)s") % {"date": f"{sheet.date:%d-%m-%Y}"})
    _section(pdf, sheet.assets)
    _section(pdf, sheet.liabilities)
    _section(pdf, sheet.equity)
    row(pdf, widths, (_("Liabilities and equity"), rupiah(sheet.liabilities_and_equity)), bold=True)

    statement = report.income_statement
    heading(pdf, _("3. Income statement (perhitungan hasil usaha) %(period)s") % {"period": period})
    _section(pdf, statement.income)
    _section(pdf, statement.expenses)
    row(pdf, widths, (_("SHU for the year"), rupiah(statement.surplus)), bold=True)

    heading(pdf, _("4. Distribution of the SHU"))
    row(pdf, (110, 20, 50), (_("Pool"), "%", _("Amount")), bold=True)
    for pool in report.pools:
        row(pdf, (110, 20, 50), (str(pool.get_pool_display()), f"{pool.percent:g}", rupiah(pool.amount)))
    row(pdf, (110, 20, 50), (_("SHU for the year"), "", rupiah(report.distribution.surplus)), bold=True)

    heading(pdf, _("5. Members' shares"))
    columns = (70, 37, 37, 36)
    row(pdf, columns, (_("Member"), "Jasa modal", "Jasa usaha", _("Total")), bold=True)
    for share in report.shares:
        label = f"{share.member.number} {share.member.person.full_name}"
        row(pdf, columns, (label, rupiah(share.jasa_modal), rupiah(share.jasa_usaha), rupiah(share.total)))
    row(pdf, columns, (_("Total"), "", "", rupiah(report.shares_total)), bold=True)
    return bytes(pdf.output())
