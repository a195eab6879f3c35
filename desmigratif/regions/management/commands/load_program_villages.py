from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from desmigratif.regions.services import program_villages_load


class Command(BaseCommand):
    help = (
        "Load the Desmigratif villages named in public sources (regions/data/desmigratif-villages) "
        "as programme villages with their cohort year, status and source. Run after load_regions; "
        "idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = program_villages_load()
        self.stdout.write(f"Loaded {count} programme villages from public sources.")
