from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desmigratif.regions.services import WILAYAH_DIR, regions_load


class Command(BaseCommand):
    help = (
        "Load every Kemendagri province, regency, district and village (codes, names, coordinates). "
        "Run it after migrating, and again whenever a newer edition of the region list is copied in "
        "(pass --data-dir). It is idempotent: existing rows are updated in place, codes missing from "
        "the new edition are marked inactive, never deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=WILAYAH_DIR,
            help="Folder with provinces/regencies/districts/villages .csv or .csv.gz and EDITION.",
        )
        parser.add_argument("--edition", default=None, help="Edition label; defaults to the folder's EDITION file.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = regions_load(directory=options["data_dir"], edition=options["edition"])
        elapsed = time.perf_counter() - started
        counts = ", ".join(f"{n} {label}" for label, n in result.counts.items())
        self.stdout.write(f"Loaded {counts} ({result.edition}) in {elapsed:.1f} s.")
        retired = {label: n for label, n in result.retired.items() if n}
        if retired:
            self.stdout.write(f"Marked inactive (not in this edition): {retired}")
