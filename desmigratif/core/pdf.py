"""Printable PDF building blocks (fpdf2 with its core fonts: no font files to ship or load).

The core fonts are Latin-1, so every string goes through :func:`latin1`; amounts through
:func:`rupiah`. :class:`Report` is an A4 document with a title line and page numbers in the footer.
"""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF

from desmigratif.core.templatetags.money import format_rupiah


def latin1(value: str) -> str:
    """The text as the core fonts can draw it (anything outside Latin-1 becomes "?")."""
    return value.replace("–", "-").replace("—", "-").replace("·", "-").encode("latin-1", "replace").decode("latin-1")


def rupiah(amount: Decimal) -> str:
    # The core PDF fonts are Latin-1: write the minus sign as a hyphen.
    return format_rupiah(amount).replace("−", "-")


class Report(FPDF):
    """An A4 report with ``title_line`` and the page number on every page."""

    title_line = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, latin1(f"{self.title_line} - {self.page_no()}"), align="C")


def heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)


def line(pdf: FPDF, text: str, *, bold: bool = False, size: int = 10) -> None:
    """One line of text across the page."""
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")


def row(pdf: FPDF, widths: tuple[int, ...], values: tuple[str, ...], *, bold: bool = False) -> None:
    """A table row: the first column text (left), the others figures (right); long text is cut."""
    pdf.set_font("Helvetica", "B" if bold else "", 9)
    for index, (width, value) in enumerate(zip(widths, values, strict=True)):
        pdf.cell(width, 6, latin1(value)[: width // 2], border=1, align="L" if index == 0 else "R")
    pdf.ln()
