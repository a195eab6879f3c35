"""The ``date`` filter of every template (core/templatetags/dates.py) writes what Django's does."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Engine, engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from desmigratif.core.templatetags.dates import _compiled, date

TEMPLATES = Path(__file__).resolve().parents[2]
# Every format a template of the project gives the filter, as written ("j M Y", 'Y-m', …).
USED = sorted(
    {
        match.group(2)
        for path in TEMPLATES.rglob("*.html")
        for match in re.finditer(r"\|date:([\"'])(.*?)\1", path.read_text(encoding="utf-8"))
    }
)
# Formats it hands to Django's filter (other characters, escapes, a format setting's name).
OTHERS = ["SHORT_DATETIME_FORMAT", "DATE_FORMAT", "c", r"j \d\e M", "D, d M Y P", "W o", "U"]

JAKARTA = ZoneInfo("Asia/Jakarta")
VALUES = [
    *(datetime.date(2026, month, 1 + month * 2) for month in range(1, 13)),  # every month, weekdays
    datetime.date(1999, 12, 31),
    datetime.date(2, 3, 4),  # years and days with leading zeros
    *(datetime.datetime(2026, 12, 5, hour, hour * 2, hour, tzinfo=JAKARTA) for hour in (0, 9, 13, 23)),
    datetime.datetime(2026, 1, 31, 20, 5, 9, tzinfo=datetime.UTC),  # the next day in Jakarta
    datetime.datetime(2026, 6, 7, 8, 9, 10),  # naive
]


def test_the_templates_formats_are_found_and_written_here():
    assert "j M Y" in USED and len(USED) >= 10
    assert [fmt for fmt in USED if _compiled(fmt) is None] == ["SHORT_DATETIME_FORMAT"]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("fmt", [*USED, *OTHERS])
def test_the_filter_writes_what_djangos_writes(language, fmt):
    with translation.override(language):
        for value in VALUES:
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                value = timezone.localtime(value)  # what the template engine passes (expects_localtime)
            try:
                expected = django_date(value, fmt)
            except TypeError:  # Django refuses time characters for a date: so must we
                with pytest.raises(TypeError):
                    date(value, fmt)
                continue
            assert date(value, fmt) == expected, (value, fmt)


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "1 Feb 2026 03:05 · 1 Februari"), ("en", "1 Feb 2026 03:05 · 1 February")]
)
def test_templates_use_it_with_the_readers_language_and_time_zone(language, expected):
    template = engines["django"].from_string('{{ at|date:"j M Y H:i" }} · {{ at|date:"j F" }}')
    at = datetime.datetime(2026, 1, 31, 20, 5, tzinfo=datetime.UTC)  # 1 Feb, 03:05 in Jakarta
    with translation.override(language):
        assert template.render({"at": at}) == expected


@pytest.mark.parametrize("value", [None, "", "not a date", 17])
def test_what_is_not_a_date_is_left_to_djangos_filter(value):
    assert date(value, "j M Y") == django_date(value, "j M Y")


def test_every_template_gets_this_filter_without_loading_it():
    filters = {}
    for library in Engine.get_default().template_builtins:  # in order: a later one wins
        filters.update(library.filters)
    assert filters["date"] is date
