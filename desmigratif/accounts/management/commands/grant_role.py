from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from desmigratif.accounts.models import User
from desmigratif.accounts.roles import Role
from desmigratif.accounts.services import role_assign


class Command(BaseCommand):
    help = (
        "Give an existing user a role for a region: a village code for facilitators and cooperative officers "
        "(e.g. 35.07.33.2006), a regency code for regency officers (35.07), nothing for national staff and "
        "system administrators. Use it to set up the first accounts of an installation; idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("region", nargs="?", default="", help="Kemendagri region code; omit for the country.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}; create it first (createsuperuser or admin).")
        try:
            assignment = role_assign(user=user, role=options["role"], region_code=options["region"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{user.username}: {assignment}")
