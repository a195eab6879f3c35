"""XLSX exports (openpyxl, write-only so a long list streams through bounded memory). Column
headers follow the active language; amounts are written as numbers from Decimal, never floats."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

from desmigratif.enterprises.models import Enterprise, Participant, Training

NUMBER_FORMAT = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def _cells(sheet: Any, values: list[Any]) -> list[Any]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, Decimal):
            cell.number_format = NUMBER_FORMAT  # openpyxl writes a Decimal as its exact text
        cells.append(cell)
    return cells


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def enterprises_xlsx(enterprises: Iterable[Enterprise]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Enterprises")[:31])
    sheet.append(
        [
            _("ID"),
            _("Name"),
            _("Village code"),
            _("Village"),
            _("Sector"),
            _("Status"),
            _("Owners"),
            _("Started on"),
            _("Start-up capital"),
            _("Source of the capital"),
            _("Progress reports"),
            _("Revenue reported"),
            _("Demo data"),
        ]
    )
    for e in enterprises:
        sheet.append(
            _cells(
                sheet,
                [
                    e.pk,
                    e.name,
                    e.village_id,
                    e.village.name,
                    e.sector.name,
                    e.get_status_display(),
                    ", ".join(o.full_name for o in e.owners.all()),
                    e.started_on,
                    e.capital,
                    e.get_capital_source_display(),
                    getattr(e, "report_count", 0),
                    getattr(e, "revenue_total", None) or Decimal("0.00"),
                    _("yes") if e.is_demo else "",
                ],
            )
        )
    return _save(book)


def participants_xlsx(training: Training, participants: Iterable[Participant]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Participants")[:31])
    sheet.append([training.title])
    sheet.append([f"{training.starts_on.isoformat()} – {training.ends_on.isoformat()} · {training.place}"])
    sheet.append([])
    sheet.append(
        [
            _("Name"),
            _("Village"),
            _("Days present"),
            _("Completed on"),
            _("Certificate number"),
            _("Started a business after the training"),
        ]
    )
    for p in participants:
        sheet.append(
            _cells(
                sheet,
                [
                    p.person.full_name,
                    p.person.domicile_village.name,
                    getattr(p, "days_present", 0),
                    p.completed_on,
                    p.certificate_number,
                    _("yes") if getattr(p, "started_business", False) else _("no"),
                ],
            )
        )
    return _save(book)
