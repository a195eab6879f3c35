"""Start the daily expiry-reminder task: ``manage.py schedule_reminders`` once after deploying.

It enqueues a run now (``--at`` for another time) that, on the database backend, enqueues the next
day's run each time it finishes; running the command again adds no second chain. With a backend
that cannot defer (the immediate backend), the task simply runs once, now.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from desmigratif.migration import services
from desmigratif.migration.tasks import schedule_next, send_document_expiry_reminders


class Command(BaseCommand):
    help = "Enqueue the daily task that creates document expiry reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Also run the task once now, in this process.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            created = services.expiry_reminders_create()
            self.stdout.write(f"Expiry reminders created now: {created}.")
        if schedule_next(run_after=timezone.now()):
            self.stdout.write("The daily expiry-reminder task is queued; run `manage.py db_worker` to process it.")
        else:
            result = send_document_expiry_reminders.enqueue(reschedule=False)
            self.stdout.write(f"This task backend cannot schedule; the task ran once now: {result.return_value} new.")
