"""XLSX exports of the learning house (openpyxl write-only, streaming through bounded memory).

The children's export carries no names, NIKs or birth dates: a record id, the village, the birth
year, sex and schooling are what a report needs (children's data is specific data, UU 27/2022)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from desmigratif.core.exports import table_xlsx
from desmigratif.learning.models import Child, Session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def children_xlsx(children: Iterable[Child]) -> bytes:
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
    rows = (
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
        for c in children
    )
    return table_xlsx(_("Children"), [[_("Children of the learning houses (no names)")]], header, rows)


def sessions_xlsx(sessions: Iterable[Session]) -> bytes:
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
    rows = (
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
        for s in sessions
    )
    return table_xlsx(_("Sessions"), [[_("Sessions of the learning houses")]], header, rows)
