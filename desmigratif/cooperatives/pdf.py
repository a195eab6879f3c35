"""The member's passbook (buku simpanan) as a PDF, printable on any printer (fpdf2, core fonts)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from desmigratif.cooperatives.models import Cooperative, Member, SavingsKind, SavingsTransaction
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
