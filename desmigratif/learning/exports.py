"""XLSX and CSV downloads of the learning house's lists (core.exports: rows stream through).

The children's export carries no names, NIKs or birth dates: a record id, the village, the birth
year, sex and schooling are what a report needs (children's data is specific data, UU 27/2022)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _

from desmigratif.core.exports import CHUNK, table_response
from desmigratif.learning.models import Child, Session

__all__ = ["CHUNK", "children", "sessions"]


def children(fmt: str, rows: Iterable[Child]) -> HttpResponse:
    header = [
        _("Record ID"),
        _("Village code"),
        _("Village"),
        _("Learning house"),
        _("Birth year"),
        _("Sex"),
        _("School level"),
        _("School status"),
        _("Caregiver's relation"),
        _("Parents abroad"),
        _("Sessions attended"),
        _("Registered on"),
        _("Left on"),
        _("Demo data"),
    ]
    lines = (
        [
            c.pk,
            c.village_id,
            c.village.name,
            c.house.name,
            c.person.birth_date.year,
            c.person.get_sex_display(),
            c.get_school_level_display(),
            c.get_school_status_display(),
            c.get_caregiver_relation_display(),
            getattr(c, "parent_count", 0),
            getattr(c, "attendance_count", 0),
            c.registered_on,
            c.left_on,
            _("yes") if c.is_demo else "",
        ]
        for c in rows
    )
    return table_response(
        fmt,
        filename="anak-rumah-belajar",
        title=_("Children"),
        preamble=[[_("Children of the learning houses (no names)")]],
        header=header,
        rows=lines,
    )


def sessions(fmt: str, rows: Iterable[Session]) -> HttpResponse:
    header = [
        _("ID"),
        _("Village code"),
        _("Learning house"),
        _("Date"),
        _("Kind"),
        _("Topic"),
        _("Led by"),
        _("Attendees"),
    ]
    lines = (
        [
            s.pk,
            s.village_id,
            s.house.name,
            s.held_on,
            s.get_kind_display(),
            s.topic,
            s.led_by.full_name,
            getattr(s, "attendee_count", 0),
        ]
        for s in rows
    )
    return table_response(
        fmt,
        filename="sesi-rumah-belajar",
        title=_("Sessions"),
        preamble=[[_("Sessions of the learning houses")]],
        header=header,
        rows=lines,
    )
