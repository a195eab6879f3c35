"""Make the national-scale demo data set for the benchmarks (PostgreSQL; dev only)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from desmigratif.devdata.national import VACANCY_PEOPLE, check_books, seed_national


class Command(BaseCommand):
    help = (
        "Fill the database with a national-scale demo data set: programme villages (real ones, then demo "
        "designations), people, migration cases, a cooperative per village with members, a savings "
        "journal written with COPY, placement agencies (P3MI) with their job orders (some cases opened "
        "from them); then the indicator rollups. PostgreSQL only; for benchmarks "
        "(bench/pages.py), never on a production database. Prints the time of each phase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--villages", type=int, default=500)
        parser.add_argument("--people", type=int, default=1_000_000)
        parser.add_argument("--cases", type=int, default=200_000)
        parser.add_argument("--journal-lines", type=int, default=10_000_000)
        parser.add_argument("--members-per-village", type=int, default=200)
        parser.add_argument(
            "--vacancies",
            type=int,
            default=None,
            help=f"job orders (default: one per {VACANCY_PEOPLE} people asked for)",
        )
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
                vacancies=options["vacancies"],
                months=options["months"],
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        for phase, seconds in result.seconds.items():
            self.stdout.write(f"{phase:26} {seconds:8.1f} s")
        self.stdout.write(
            f"{result.villages} programme villages, {result.people} people made, {result.cases} cases, "
            f"{result.cooperatives} cooperatives with {result.members} members, {result.journal_lines} journal "
            f"lines, {result.agencies} agencies with {result.vacancies} vacancies ({result.cases_from_vacancies} "
            f"cases opened from one), {result.rollup_values} indicator values in {time.perf_counter() - started:.1f} s."
        )
        problems = check_books()
        self.stdout.write("books: " + ("balanced" if not problems else "; ".join(problems)))
        if problems:
            raise CommandError("The books do not balance.")
