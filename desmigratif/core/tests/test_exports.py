"""Downloads: every export is an attachment that no cache keeps, its Decimals written exactly."""

import csv as csv_module
import io
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404
from django.template import RequestContext, Template
from openpyxl import load_workbook  # type: ignore[import-untyped]

from desmigratif.core.exports import FORMATS, NUMBER_FORMAT, XLSX, attachment, requested_format, table_response


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


def test_a_page_is_asked_for_a_known_format_or_none(rf):
    assert requested_format(rf.get("/", {"village": "35.07.33.2006"})) is None
    assert requested_format(rf.get("/", {"format": "csv"})) == "csv"
    assert requested_format(rf.get("/", {"format": "pdf"}), ("pdf", *FORMATS)) == "pdf"
    for bad in ("pdf", "", "XLSX", "../x"):
        with pytest.raises(Http404):
            requested_format(rf.get("/", {"format": bad}))


def test_the_links_keep_the_filters_but_not_the_page_or_format(rf):
    links = Template("{% load exports %}{% export_links %}")
    request = rf.get("/", {"village": "35.07.33.2006", "q": "Siti Aminah", "page": "3", "format": "csv"})
    html = links.render(RequestContext(request))
    assert 'href="?village=35.07.33.2006&amp;q=Siti+Aminah&amp;format=xlsx"' in html and ">XLSX</a>" in html
    assert 'href="?village=35.07.33.2006&amp;q=Siti+Aminah&amp;format=csv"' in html and ">CSV</a>" in html
    assert "page=" not in html
    bare = links.render(RequestContext(rf.get("/")))
    assert 'href="?format=xlsx"' in bare and 'href="?format=csv"' in bare


def test_a_table_without_preamble_starts_with_its_header():
    response = table_response("xlsx", filename="t", title="T", header=["A"], rows=[[Decimal("2.50")]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "A" and sheet["A2"].number_format == NUMBER_FORMAT


FORMULAS = ['=HYPERLINK("http://example.com","Klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_text_that_would_start_a_formula_stays_text_in_both_formats():
    rows: list[list[Any]] = [[text, Decimal("-5.00"), -7] for text in FORMULAS]
    xlsx = table_response("xlsx", filename="t", title="T", header=["Name", "Amount", "Count"], rows=rows)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    for index, text in enumerate(FORMULAS, start=2):
        name, amount, count = sheet[index]
        # The text as typed, never a formula (XML reads a carriage return back as a line feed).
        assert (name.value, name.data_type) == (text.replace("\r", "\n"), "s")
        assert Decimal(str(amount.value)) == Decimal("-5") and count.value == -7  # numbers stay numbers
    csv = table_response("csv", filename="t", title="T", header=["Name", "Amount", "Count"], rows=rows)
    lines = list(csv_module.reader(io.StringIO(csv.content.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["'" + text for text in FORMULAS]
    assert {tuple(line[1:]) for line in lines[1:]} == {("-5.00", "-7")}
