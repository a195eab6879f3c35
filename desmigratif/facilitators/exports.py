"""XLSX and CSV downloads of the facilitator, visit and overdue-report lists and of the monthly
reports (core.exports; rows streamed from an iterator). Column headers follow the active language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from desmigratif.core.exports import CHUNK, table_response
from desmigratif.facilitators.models import Appointment, MonthlyReport, Visit
from desmigratif.facilitators.selectors import Overdue, RegencyOverdue

__all__ = ["CHUNK", "facilitators", "overdue", "overdue_regencies", "reports", "visits"]


def _today() -> str:
    return timezone.localdate().isoformat()


def facilitators(fmt: str, rows: Iterable[Appointment]) -> HttpResponse:
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
    return table_response(fmt, filename=f"pendamping-{_today()}", title=_("Facilitators"), header=header, rows=lines())


def visits(fmt: str, rows: Iterable[Visit]) -> HttpResponse:
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
    return table_response(fmt, filename=f"kunjungan-{_today()}", title=_("Visits"), header=header, rows=lines())


def reports(fmt: str, rows: Iterable[MonthlyReport]) -> HttpResponse:
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
    return table_response(
        fmt, filename=f"laporan-bulanan-{_today()}", title=_("Monthly reports"), header=header, rows=lines()
    )


def _overdue_preamble(title: str, due_days: int) -> list[list[Any]]:
    return [
        [title],
        [
            ngettext(
                "A month's report is due %(counter)s day after the month ends.",
                "A month's report is due %(counter)s days after the month ends.",
                due_days,
            )
            % {"counter": due_days}
        ],
        [_("Downloaded on %(date)s") % {"date": _today()}],
    ]


def overdue(fmt: str, rows: Iterable[Overdue], *, due_days: int, regency: str = "") -> HttpResponse:
    """The overdue reports, one line each: the page's list, every page of it."""
    header = [_("Village code"), _("Village"), _("Month"), _("Due on"), _("Status"), _("Report ID")]
    lines = (
        [
            o.village.code,
            o.village.name,
            o.month.strftime("%Y-%m"),
            o.due_on,
            o.report.get_status_display() if o.report else _("not started"),
            o.report.pk if o.report else None,
        ]
        for o in rows
    )
    title = _("Overdue reports")
    name = f"laporan-terlambat-{regency}-{_today()}" if regency else f"laporan-terlambat-{_today()}"
    return table_response(
        fmt, filename=name, title=title, preamble=_overdue_preamble(title, due_days), header=header, rows=lines
    )


def overdue_regencies(fmt: str, groups: Iterable[RegencyOverdue], *, due_days: int) -> HttpResponse:
    """The overdue reports counted per regency: the page's table when the area holds several."""
    header = [_("Regency code"), _("Regency"), _("Overdue reports"), _("Villages"), _("Oldest due on")]
    lines = ([g.code, g.name, g.reports, g.villages, g.oldest_due] for g in groups)
    title = _("Overdue reports per regency")
    return table_response(
        fmt,
        filename=f"laporan-terlambat-kabupaten-{_today()}",
        title=title,
        preamble=_overdue_preamble(title, due_days),
        header=header,
        rows=lines,
    )
