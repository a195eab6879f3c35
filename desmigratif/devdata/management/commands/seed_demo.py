from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desmigratif.devdata.generator import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Dev only. Create the demo: load regions and programme villages if missing, one demo account per "
        "role, demo programme villages across cohorts, and a synthetic population (households, people with "
        "valid NIKs, consent records), all marked as demo data. Idempotent: running it again tops up to the "
        "requested size and creates nothing twice. For a national-scale data set: --people 1000000 --spread."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=1200, help="Demo people in total (default 1200).")
        parser.add_argument(
            "--demo-villages",
            type=int,
            default=40,
            help="Demo programme villages to designate beside the real ones (default 40).",
        )
        parser.add_argument(
            "--spread",
            action="store_true",
            help="Spread people over every programme village instead of the four pilots.",
        )
        parser.add_argument("--seed", type=int, default=2017, help="Random seed (same seed, same demo).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = seed_demo(
            people=options["people"],
            demo_villages=options["demo_villages"],
            spread=options["spread"],
            seed=options["seed"],
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo data: {result.people_created} people and {result.households_created} households created, "
            f"{result.demo_villages_created} demo programme villages, {result.cases_created} migration cases, "
            f"{result.agencies_created} agencies, {result.vacancies_created} vacancies, "
            f"{result.reminders_created} expiry reminders, {result.remittances_created} remittances, "
            f"{result.complaints_created} complaints, {result.broker_reports_created} broker reports, "
            f"{result.cooperatives_created} cooperatives, {result.loans_created} loans, "
            f"{result.enterprises_created} enterprises, {result.trainings_created} trainings, "
            f"{result.rollup_values} indicator values ({elapsed:.1f} s)."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(u) for u, _r, _g in result.accounts)
        for username, role, region in result.accounts:
            self.stdout.write(f"  {username.ljust(width)}  {role}  [{region}]")
