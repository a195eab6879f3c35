"""Signing in with a username and password, and finding the signed-in user on every request."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError

from desmigratif.accounts.models import RoleAssignment, User
from desmigratif.accounts.scope import remember_role_assignments

# The role columns read beside the user's, under names no field of the user has.
_ROLE_COLUMNS = (("id", "ra_id"), ("role", "ra_role"), ("region_code", "ra_region_code"))


@cache
def _user_with_roles_sql() -> str:
    """The user's row once per active role (once, with NULL roles, when they have none).

    Written from the models' metadata, once per process: it runs on every signed-in request, and
    compiling the same query through the ORM (a join with both models' columns) cost more than
    running it (0.43 against 0.14 ms of CPU, bench/README.md, sixth session)."""
    user, roles = User._meta, RoleAssignment._meta
    user_columns = ", ".join(f'u."{field.column}"' for field in user.concrete_fields)
    role_columns = ", ".join(f'ra."{column}" AS {alias}' for column, alias in _ROLE_COLUMNS)
    # Only table and column names of our own models are written in; the values are parameters.
    return (
        f'SELECT {user_columns}, {role_columns} FROM "{user.db_table}" u '  # noqa: S608
        f'LEFT JOIN "{roles.db_table}" ra ON ra."{roles.get_field("user").column}" = u."{user.pk.column}" '
        f'AND ra."{roles.get_field("is_active").column}" = %s '
        f'WHERE u."{user.pk.column}" = %s'
    )


class ModelBackend(DjangoModelBackend):
    """Django's, except that a request reads its signed-in user and their active roles in one query.

    Every page needs both: the roles decide what the user may see (``accounts.scope``). Django reads
    the user, then the roles in a second query; here one query returns the user's row with each
    active role (``_user_with_roles_sql``), and the roles become ``RoleAssignment`` instances of
    that user, sorted by role and region code. Their other fields (``created_at``) are read only if
    something asks for them.
    """

    def get_user(self, user_id: Any) -> Any:
        try:
            pk = User._meta.pk.to_python(user_id)  # the session keeps the id as a string
        except ValidationError:
            return None
        rows: list[Any] = list(User._default_manager.raw(_user_with_roles_sql(), [True, pk]))
        if not rows:
            return None
        user = rows[0]
        assignments = []
        for row in rows:
            if row.ra_id is None:
                continue
            assignment = RoleAssignment.from_db(
                user._state.db,
                ["id", "user_id", "role", "region_code"],
                [row.ra_id, user.pk, row.ra_role, row.ra_region_code],
            )
            assignment.user = user
            assignment.is_active = True
            assignments.append(assignment)
        assignments.sort(key=lambda a: (a.role, a.region_code))
        remember_role_assignments(user, assignments)
        return user if self.user_can_authenticate(user) else None
