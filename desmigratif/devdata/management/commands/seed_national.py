"""Make the national-scale demo data set for the benchmarks (PostgreSQL; dev only)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from desmigratif.devdata.national import check_books, seed_national


class Command(BaseCommand):
    help = (
        "Fill the database with a national-scale demo data set: programme villages (real ones, then demo "
        "designations), people, migration cases, a cooperative per village with members, and a savings "
        "journal written with COPY; then the indicator rollups. PostgreSQL only; for benchmarks "
        "(bench/pages.py), never on a production database. Prints the time of each phase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--villages", type=int, default=500)
        parser.add_argument("--people", type=int, default=1_000_000)
        parser.add_argument("--cases", type=int, default=200_000)
        parser.add_argument("--journal-lines", type=int, default=10_000_000)
        parser.add_argument("--members-per-village", type=int, default=200)
        parser.add_argument("--months", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = seed_national(
                villages=options["villages"],
                people=options["people"],
                cases=options["cases"],
                journal_lines=options["journal_lines"],
                members_per_village=options["members_per_village"],
                months=options["months"],
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        for phase, seconds in result.seconds.items():
            self.stdout.write(f"{phase:26} {seconds:8.1f} s")
        self.stdout.write(
            f"{result.villages} programme villages, {result.people} people made, {result.cases} cases, "
            f"{result.cooperatives} cooperatives with {result.members} members, {result.journal_lines} journal "
            f"lines, {result.rollup_values} indicator values in {time.perf_counter() - started:.1f} s."
        )
        problems = check_books()
        self.stdout.write("books: " + ("balanced" if not problems else "; ".join(problems)))
        if problems:
            raise CommandError("The books do not balance.")
