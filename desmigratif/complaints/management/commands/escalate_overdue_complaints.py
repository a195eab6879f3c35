from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from desmigratif.complaints.services import escalate_overdue


class Command(BaseCommand):
    help = (
        "Escalate every complaint whose response deadline at its current level has passed to the next "
        "level of the chain (facilitator → Disnaker → BP3MI → embassy/consulate), recording the automatic "
        "escalation in its timeline. Run it regularly, e.g. hourly from cron: complaints at the last level "
        "stay on the overdue list."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"{count} complaint(s) escalated.")
