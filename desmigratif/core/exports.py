"""Tables as XLSX or CSV downloads: a few lines of context, a header, the rows.

A page offers its table as ``?format=xlsx`` or ``?format=csv`` on its own URL, with its filters:
the view that shows the page writes the download from the same scoped selector call, so a
download can hold no row the page would not show the same user. ``requested_format`` reads the
choice, ``table_response`` writes it, and the ``export_links`` template tag
(core/templatetags/exports.py) shows the two links.

Decimals stay Decimals (openpyxl writes their exact text; CSV gets ``str``), never floats. CSV is
UTF-8 with a byte-order mark so that spreadsheet programs on Windows read Indonesian names right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
NUMBER_FORMAT = "#,##0.00"
FORMATS = ("xlsx", "csv")
# Rows a queryset export reads from the database at a time (``.iterator(chunk_size=CHUNK)``).
CHUNK = 2000


def requested_format(request: HttpRequest, formats: Sequence[str] = FORMATS) -> str | None:
    """The download a page is asked for (``?format=csv``), or None for the page itself. An unknown
    format is a page that does not exist (404), not the HTML page under a download's URL."""
    fmt = request.GET.get("format")
    if fmt is None:
        return None
    if fmt not in formats:
        raise Http404
    return fmt


def moved_to_page(pattern: str) -> Callable[..., HttpResponsePermanentRedirect]:
    """The view of an export's former URL (``…/export.xlsx``): a permanent redirect to the page
    ``pattern`` (given the URL's own arguments) with ``format=xlsx`` and the same filters, so that
    saved links keep working. The page checks access, as it does for the page itself."""

    @require_GET
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponsePermanentRedirect:
        query = request.GET.copy()
        query["format"] = "xlsx"
        return HttpResponsePermanentRedirect(f"{reverse(pattern, kwargs=kwargs)}?{query.urlencode()}")

    return view


# Text a spreadsheet program reads as a formula when a cell starts with it (OWASP "CSV injection"):
# a name typed as =HYPERLINK(…) into the public complaint form must stay text in a download.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(sheet: Any, row: Sequence[Any]) -> list[Any]:
    cells = []
    for value in row:
        if isinstance(value, Decimal):
            cell = WriteOnlyCell(sheet, value=value)  # openpyxl writes a Decimal as its exact text
            cell.number_format = NUMBER_FORMAT
            cells.append(cell)
        elif isinstance(value, str) and value.startswith(FORMULA_START):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl takes a str starting with = for a formula: keep it text
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def table_xlsx(
    title: str, preamble: Sequence[Sequence[Any]], header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> bytes:
    """One sheet (write-only, so rows stream through): the preamble and an empty line when there is
    a preamble, then the header and the rows. A row may be shorter than the header: a section's
    title in a statement, say."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for line in preamble:
        sheet.append(_cells(sheet, line))
    if preamble:
        sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(_cells(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> Any:
    """A CSV cell: Decimals as their exact text, and text that would start a formula behind an
    apostrophe, which spreadsheet programs read as "this is text" (numbers are not text: -5 stays)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_csv(preamble: Sequence[Sequence[Any]], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in preamble:
        writer.writerow([_text(v) for v in line])
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_response(
    fmt: str,
    *,
    filename: str,
    title: str,
    preamble: Sequence[Sequence[Any]] = (),
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse:
    """The download ``filename.fmt``; ``fmt`` is one of ``FORMATS`` (``requested_format`` has checked)."""
    if fmt == "xlsx":
        return attachment(table_xlsx(title, preamble, header, rows), filename, fmt)
    return attachment(table_csv(preamble, header, rows), filename, fmt)


def attachment(content: bytes, name: str, fmt: str) -> HttpResponse:
    """A download (``fmt`` a key of ``CONTENT_TYPES``) of data from the user's area: kept by no cache,
    neither a shared one nor the browser's."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
