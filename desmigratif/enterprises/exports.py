"""XLSX and CSV downloads of the enterprise list and a training's participants (core.exports: rows
stream through, amounts stay Decimal, never floats). Column headers follow the active language."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from desmigratif.core.exports import CHUNK, table_response
from desmigratif.enterprises.models import Enterprise, Participant, Training

__all__ = ["CHUNK", "enterprises", "participants"]


def enterprises(fmt: str, rows: Iterable[Enterprise]) -> HttpResponse:
    header = [
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
    lines = (
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
        ]
        for e in rows
    )
    return table_response(
        fmt, filename=f"usaha-{timezone.localdate().isoformat()}", title=_("Enterprises"), header=header, rows=lines
    )


def participants(fmt: str, training: Training, rows: Iterable[Participant]) -> HttpResponse:
    header = [
        _("Name"),
        _("Village"),
        _("Days present"),
        _("Completed on"),
        _("Certificate number"),
        _("Started a business after the training"),
    ]
    lines = (
        [
            p.person.full_name,
            p.person.domicile_village.name,
            getattr(p, "days_present", 0),
            p.completed_on,
            p.certificate_number,
            _("yes") if getattr(p, "started_business", False) else _("no"),
        ]
        for p in rows
    )
    return table_response(
        fmt,
        filename=f"peserta-pelatihan-{training.pk}",
        title=_("Participants"),
        preamble=[
            [training.title],
            [f"{training.starts_on.isoformat()} – {training.ends_on.isoformat()} · {training.place}"],
        ],
        header=header,
        rows=lines,
    )
