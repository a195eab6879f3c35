"""XLSX and CSV downloads of the partner lists and figures (core.exports: Decimal amounts stay
Decimal). The referral list carries names and villages only: no NIK, no reason, which stay on the
referral's own page. The figures hide exactly what their page hides from the same user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from desmigratif.core.exports import CHUNK, table_response
from desmigratif.partners.models import Programme, Referral, VillageSupport
from desmigratif.partners.selectors import AggregateRow, Count_

__all__ = ["CHUNK", "figures", "programmes", "referrals", "supports"]


def _response(fmt: str, name: str, title: str, header: list[str], rows: Iterable[list[object]]) -> HttpResponse:
    today = timezone.localdate()
    return table_response(
        fmt,
        filename=f"{name}-{today.isoformat()}",
        title=title,
        preamble=[[title], [_("Downloaded on %(date)s") % {"date": today.isoformat()}]],
        header=header,
        rows=rows,
    )


def programmes(fmt: str, rows: Iterable[Programme]) -> HttpResponse:
    header = [
        _("ID"),
        _("Programme"),
        _("Organisation"),
        _("Pillar"),
        _("Starts on"),
        _("Ends on"),
        _("Active"),
        _("Villages supported"),
        _("Demo data"),
    ]
    return _response(
        fmt,
        "program-mitra",
        _("Partner programmes"),
        header,
        (
            [
                p.pk,
                p.name,
                p.organisation.name,
                p.get_pillar_display(),
                p.starts_on,
                p.ends_on,
                _("yes") if p.is_active else _("no"),
                getattr(p, "village_count", 0),
                _("yes") if p.is_demo else "",
            ]
            for p in rows
        ),
    )


def supports(fmt: str, rows: Iterable[VillageSupport]) -> HttpResponse:
    header = [
        _("Village code"),
        _("Village"),
        _("Programme"),
        _("Organisation"),
        _("What is given"),
        _("Amount (Rp)"),
        _("Since"),
        _("Until"),
        _("Demo data"),
    ]
    return _response(
        fmt,
        "dukungan-desa",
        _("Village support"),
        header,
        (
            [
                s.village_id,
                s.village.name,
                s.programme.name,
                s.programme.organisation.name,
                s.what,
                s.amount,
                s.since,
                s.until,
                _("yes") if s.is_demo else "",
            ]
            for s in rows
        ),
    )


def referrals(fmt: str, rows: Iterable[Referral]) -> HttpResponse:
    header = [
        _("ID"),
        _("Name"),
        _("Village"),
        _("Programme"),
        _("Referred on"),
        _("Status"),
        _("Status since"),
        _("Demo data"),
    ]
    return _response(
        fmt,
        "rujukan-mitra",
        _("Referrals to partner programmes"),
        header,
        (
            [
                r.pk,
                r.person.full_name,
                r.village.name,
                r.programme.name,
                r.referred_on,
                r.get_status_display(),
                r.status_on,
                _("yes") if r.is_demo else "",
            ]
            for r in rows
        ),
    )


def _count(count: Count_) -> Any:
    # As the page shows it (partners/_figure_row.html): "< 5" for 1–4, "hidden" when it would give
    # a small count away.
    if count.suppressed:
        return "< 5"
    if count.withheld:
        return _("hidden")
    return count.value


def figures(
    fmt: str, programmes: list[AggregateRow], regions: list[AggregateRow], *, suppress: bool, region: str
) -> HttpResponse:
    """The figures page's two tables, one after the other under their titles."""
    title = _("Partner programmes in figures")
    preamble: list[list[Any]] = [
        [title],
        [_("Region"), region or _("Indonesia")],
        [_("Downloaded on %(date)s") % {"date": timezone.localdate().isoformat()}],
    ]
    if suppress:
        preamble.append(
            [
                _(
                    "Counts from 1 to 4 are shown as “< 5”, and a count that would give one of them away (taken "
                    "up, when 1 to 4 referrals were not) is hidden, so that nobody can be recognised."
                )
            ]
        )
    header = [_("Code"), _("Name"), _("Villages"), _("Referrals"), _("Taken up"), _("Uptake (%)")]
    rows: list[list[Any]] = []
    for section, found in ((_("Per programme"), programmes), (_("Per region"), regions)):
        if found:
            rows.append([section])
            rows.extend(
                [r.key, r.label, r.villages.value, _count(r.referrals), _count(r.taken_up), r.uptake] for r in found
            )
    return table_response(
        fmt,
        filename=f"angka-mitra-{region or 'indonesia'}-{timezone.localdate().isoformat()}",
        title=title,
        preamble=preamble,
        header=header,
        rows=rows,
    )
