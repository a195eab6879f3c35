"""XLSX downloads of the partner lists (core.exports: Decimal amounts stay Decimal). The referral
list carries names and villages only: no NIK, no reason, which stay on the referral's own page."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from desmigratif.core.exports import table_response
from desmigratif.partners.models import Programme, Referral, VillageSupport

CHUNK = 2000


def _response(name: str, title: str, header: list[str], rows: Iterable[list[object]]) -> HttpResponse:
    today = timezone.localdate()
    return table_response(
        "xlsx",
        filename=f"{name}-{today.isoformat()}",
        title=title,
        preamble=[[title], [_("Downloaded on %(date)s") % {"date": today.isoformat()}]],
        header=header,
        rows=rows,
    )


def programmes(rows: Iterable[Programme]) -> HttpResponse:
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


def supports(rows: Iterable[VillageSupport]) -> HttpResponse:
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


def referrals(rows: Iterable[Referral]) -> HttpResponse:
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
