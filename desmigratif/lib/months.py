"""Calendar months: reports, rollups and dashboards count by month, named by their first day."""

from __future__ import annotations

import datetime
import re

# Records are of this century; a month near year 9999 would overflow the date type when its end or
# a due day after it is computed (a 500 on ?month=9999-12).
MONTH_YEARS = range(1900, 3000)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s month."""
    following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def previous_month(day: datetime.date) -> datetime.date:
    """The first day of the month before ``day``'s."""
    return month_start(month_start(day) - datetime.timedelta(days=1))


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the months from ``start``'s to ``end``'s, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = month_end(month) + datetime.timedelta(days=1)
    return months


def parse_month(text: str) -> datetime.date | None:
    """``"2026-03"`` → 1 March 2026; None for anything else, or a year outside ``MONTH_YEARS``."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) not in MONTH_YEARS:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)
