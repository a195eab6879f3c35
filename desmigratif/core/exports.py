"""Flat tables as XLSX or CSV downloads: a few lines of context, a header, the rows.

Decimals stay Decimals (openpyxl writes their exact text; CSV gets ``str``), never floats. CSV is
UTF-8 with a byte-order mark so that spreadsheet programs on Windows read Indonesian names right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook  # type: ignore[import-untyped]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
NUMBER_FORMAT = "#,##0.##"
FORMATS = ("xlsx", "csv")


def table_xlsx(
    title: str, preamble: Sequence[Sequence[Any]], header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for line in preamble:
        sheet.append(list(line))
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_csv(preamble: Sequence[Sequence[Any]], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in preamble:
        writer.writerow(line)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else str(v) if isinstance(v, Decimal) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_response(
    fmt: str,
    *,
    filename: str,
    title: str,
    preamble: Sequence[Sequence[Any]],
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse:
    """``fmt`` is one of ``FORMATS`` (the caller has checked)."""
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
