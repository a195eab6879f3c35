"""Downloads: every export is an attachment that no cache keeps, its Decimals written exactly."""

import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from desmigratif.core.exports import XLSX, attachment, table_response


def test_an_attachment_is_named_typed_and_never_cached():
    response = attachment(b"%PDF-1.4", "buku-simpanan-7", "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="buku-simpanan-7.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_table_downloads_as_xlsx_or_csv_with_exact_amounts():
    args: dict[str, Any] = {"filename": "t", "title": "Table", "preamble": [["Kop"]], "header": ["Name", "Amount"]}
    rows: list[list[Any]] = [["Siti", Decimal("1500000.50")], ["Budi", None]]
    xlsx = table_response("xlsx", rows=rows, **args)
    assert xlsx["Content-Type"] == XLSX and xlsx["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet[4][0].value == "Siti" and Decimal(str(sheet[4][1].value)) == Decimal("1500000.5")
    csv = table_response("csv", rows=rows, **args)
    assert csv["Content-Disposition"] == 'attachment; filename="t.csv"'
    assert csv.content.decode("utf-8-sig").splitlines() == ["Kop", "Name,Amount", "Siti,1500000.50", "Budi,"]
