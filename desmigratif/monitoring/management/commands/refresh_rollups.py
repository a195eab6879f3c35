"""Recompute the indicator rollup table for a range of months, or start the scheduled refresh."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from desmigratif.lib.months import months_between, parse_month
from desmigratif.monitoring.services import rollup_refresh
from desmigratif.monitoring.tasks import schedule_next


def _month(value: str) -> datetime.date:
    month = parse_month(value)
    if month is None:
        raise CommandError(f"Give a month as YYYY-MM, not {value!r}.")
    return month


class Command(BaseCommand):
    help = (
        "Recompute the monitoring indicators of every village for the months --from to --to (YYYY-MM; "
        "default: the current month), after a bulk import or a correction of old records. "
        "With --schedule, enqueue the recurring refresh instead (run `manage.py db_worker` to work it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=_month)
        parser.add_argument("--to", dest="end", type=_month)
        parser.add_argument("--schedule", action="store_true")

    def handle(
        self, *args: Any, start: datetime.date | None, end: datetime.date | None, schedule: bool, **options: Any
    ) -> None:
        if schedule:
            if not schedule_next():
                raise CommandError("The task backend cannot defer tasks; set TASKS_BACKEND to the database one.")
            self.stdout.write("The recurring refresh of the indicators is enqueued.")
            return
        today = timezone.localdate()
        start, end = start or today, end or today
        if start > end:
            raise CommandError("--from must not come after --to.")
        for month in months_between(start, end):
            began = time.perf_counter()
            rows = rollup_refresh(month=month)
            self.stdout.write(f"{month:%Y-%m}: {rows} values in {time.perf_counter() - began:.2f} s")
