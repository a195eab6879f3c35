import datetime

import pytest

from desmigratif.lib.months import month_end, month_start, months_between, parse_month, previous_month

D = datetime.date


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (D(2026, 1, 15), D(2026, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2026, 2, 28), D(2026, 2, 28)),
        (D(2026, 12, 31), D(2026, 12, 31)),
        (D(2026, 4, 1), D(2026, 4, 30)),
    ],
)
def test_a_months_end(day, end):
    assert month_end(day) == end
    assert month_start(day) == D(day.year, day.month, 1)


def test_previous_month_and_months_between_cross_the_year():
    assert previous_month(D(2026, 1, 31)) == D(2025, 12, 1)
    assert previous_month(D(2026, 3, 31)) == D(2026, 2, 1)
    assert months_between(D(2025, 11, 20), D(2026, 2, 3)) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert months_between(D(2026, 3, 2), D(2026, 2, 1)) == []


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", D(2026, 3, 1)),
        (" 2026-12 ", D(2026, 12, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("9999-12", None),
        ("0001-01", None),
        ("2026-3", None),
        ("maret", None),
        ("", None),
    ],
)
def test_parse_month(text, month):
    assert parse_month(text) == month
