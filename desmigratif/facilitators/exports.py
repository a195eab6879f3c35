"""XLSX exports of the facilitator, visit and report lists (openpyxl write-only, rows streamed from
an iterator). Column headers follow the active language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from desmigratif.core.exports import XLSX, table_xlsx
from desmigratif.facilitators.models import Appointment, MonthlyReport, Visit

__all__ = ["CHUNK", "XLSX", "facilitators_xlsx", "reports_xlsx", "visits_xlsx"]

CHUNK = 2000


def facilitators_xlsx(rows: Iterable[Appointment]) -> bytes:
    def lines() -> Iterator[list[Any]]:
        for a in rows:
            yield [
                a.pk,
                a.person.full_name,
                a.village_id,
                a.village.name,
                a.slot,
                a.starts_on,
                a.ended_on,
                a.end_reason,
                a.deliberation.minutes_number,
                a.user.username if a.user else "",
                getattr(a, "visit_count", 0),
                _("yes") if a.is_demo else "",
            ]

    header = [
        _("ID"),
        _("Name"),
        _("Village code"),
        _("Village"),
        _("Slot"),
        _("Starts on"),
        _("Ended on"),
        _("Reason for ending"),
        _("Minutes reference (berita acara)"),
        _("Username"),
        _("Visits"),
        _("Demo data"),
    ]
    return table_xlsx(_("Facilitators"), [], header, lines())


def visits_xlsx(rows: Iterable[Visit]) -> bytes:
    def lines() -> Iterator[list[Any]]:
        for v in rows:
            yield [
                v.pk,
                v.on,
                v.get_kind_display(),
                v.village_id,
                v.village.name,
                v.appointment.person.full_name,
                ", ".join(p.full_name for p in v.people.all()),
                v.attendees,
                v.notes,
                _("yes") if v.is_demo else "",
            ]

    header = [
        _("ID"),
        _("Date"),
        _("Type"),
        _("Village code"),
        _("Village"),
        _("Facilitator"),
        _("People met"),
        _("Attendees"),
        _("Notes"),
        _("Demo data"),
    ]
    return table_xlsx(_("Visits"), [], header, lines())


def reports_xlsx(rows: Iterable[MonthlyReport]) -> bytes:
    def lines() -> Iterator[list[Any]]:
        for r in rows:
            yield [
                r.pk,
                r.month.strftime("%Y-%m"),
                r.village_id,
                r.village.name,
                r.get_status_display(),
                timezone.localdate(r.first_submitted_at) if r.first_submitted_at else None,
                timezone.localdate(r.decided_at) if r.decided_at else None,
                _("yes") if r.is_demo else "",
            ]

    header = [
        _("ID"),
        _("Month"),
        _("Village code"),
        _("Village"),
        _("Status"),
        _("First submitted"),
        _("Decided"),
        _("Demo data"),
    ]
    return table_xlsx(_("Monthly reports"), [], header, lines())
