"""The one rule of access: what a user may see is a set of region-code prefixes.

Every selector in every app calls ``scope_for(user, perm)`` and applies the result with
``Scope.apply``; no view or API endpoint filters by village itself. A facilitator's scope is
their village code, a regency officer's their regency code, national staff's the empty prefix
(everything); a role that does not grant the permission contributes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Expression, F, Model, Q, QuerySet
from django.db.models.lookups import Exact, StartsWith

from desmigratif.accounts.roles import role_grants, roles_grant

if TYPE_CHECKING:
    from desmigratif.accounts.models import RoleAssignment

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_desmigratif_role_assignments"
_SCOPES_ATTR = "_desmigratif_scopes"  # perm → Scope, derived from the kept assignments
# Kemendagri codes: province "35", regency "35.07", district "35.07.33", village "35.07.33.2006".
_AREA_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}){0,2}")
_REGENCY_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}")
_VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


class _CodeInSql:
    """A lookup whose right-hand side, a well-formed region code, is written into the SQL.

    Sent as a parameter, the code made every scoped statement one prepared statement for all
    regencies, and PostgreSQL either planned it again on every execution (its custom plans: 2.5 ms
    for the API case list's five-table join at 1M people) or used one generic plan that cannot read
    a ``LIKE $1`` prefix through the index. Written in, each area's statement is prepared and planned
    once per connection, with the code known. Only digits and dots are ever written (checked here).
    """

    suffix = ""
    prepare_rhs = False  # the code stays a str: no Value, no parameter

    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        code = self.rhs  # type: ignore[attr-defined]
        if not isinstance(code, str) or not (_AREA_CODE.fullmatch(code) or _VILLAGE_CODE.fullmatch(code)):
            raise ValueError(f"not a region code: {code!r}")
        return f"'{code}{self.suffix}'", []


class _CodeExact(_CodeInSql, Exact):  # type: ignore[type-arg]
    pass


class _CodeStartsWith(_CodeInSql, StartsWith):
    suffix = "%%"  # a literal % in SQL that is still formatted with its parameters


@dataclass(frozen=True)
class Scope:
    """A minimal set of code prefixes; ``("",)`` is the whole country, ``()`` is nothing."""

    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, codes: list[str] | set[str] | tuple[str, ...]) -> Scope:
        kept: list[str] = []
        for code in sorted(set(codes), key=len):
            # Drop a code already covered by a shorter one ("35.07" covers "35.07.33.2006").
            if not any(code == p or code.startswith(p + ".") or p == "" for p in kept):
                kept.append(code)
        return cls(tuple(sorted(kept)))

    @property
    def is_empty(self) -> bool:
        return not self.prefixes

    @property
    def is_national(self) -> bool:
        return "" in self.prefixes

    @property
    def is_within_regencies(self) -> bool:
        """Whether the scope is some regencies, districts or villages: no province, not the country."""
        return not self.is_empty and all(len(p) >= len("35.07") for p in self.prefixes)

    def contains(self, code: str | None) -> bool:
        if code is None:
            return False
        return any(p == "" or code == p or code.startswith(p + ".") for p in self.prefixes)

    def q(self, field: str, *, regency_key: Expression | None = None) -> Q:
        """A filter on a field holding a region code, e.g. ``domicile_village__code`` (not the FK ``_id``).

        ``regency_key``: the field's regency part (``regions.models.regency_key``), where an index
        leads with it. A regency's codes are then matched as ``regency_key = '35.07'``, that index's
        key, instead of as a range of the code (same rows: codes are fixed width per level).
        """
        if self.is_empty:
            # An empty Q() would match every row; an empty scope must match none.
            return Q(pk__in=[])
        query = Q()
        for prefix in self.prefixes:
            if prefix == "":
                return Q()
            # Well-formed codes are written into the SQL (_CodeInSql).
            if _VILLAGE_CODE.fullmatch(prefix):
                # The common single-village case: an index equality lookup.
                query |= Q(_CodeExact(F(field), prefix))
            elif regency_key is not None and _REGENCY_CODE.fullmatch(prefix):
                query |= Q(_CodeExact(regency_key, prefix))
            elif _AREA_CODE.fullmatch(prefix):
                # Codes are fixed width per level, so "35.07" starts only "35.07" and "35.07.…": one
                # LIKE 'prefix%', which PostgreSQL serves as a range of the pattern index. (Written as
                # "= prefix OR LIKE 'prefix.%'" it scanned the whole index: a regency officer's count
                # cost as much as the national one, bench/people_list.py.)
                query |= Q(_CodeStartsWith(F(field), prefix))
            else:
                # Not a well-formed code: only an exact match, or codes under it, ever qualify.
                query |= Q(**{field: prefix}) | Q(**{f"{field}__startswith": prefix + "."})
        return query

    def apply(self, queryset: QuerySet[M], field: str, *, regency_key: Expression | None = None) -> QuerySet[M]:
        if self.is_empty:
            return queryset.none()
        if self.is_national:
            return queryset
        return queryset.filter(self.q(field, regency_key=regency_key))


def role_assignments(user: Any) -> list[RoleAssignment]:
    """The user's active role assignments, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[RoleAssignment] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(user.role_assignments.filter(is_active=True).order_by("role", "region_code"))
        remember_role_assignments(user, cached)
    return cached


def remember_role_assignments(user: Any, assignments: list[RoleAssignment]) -> None:
    """Keep ``assignments`` (the user's active ones, in role and region order) as loaded for this request."""
    setattr(user, _CACHE_ATTR, assignments)
    setattr(user, _SCOPES_ATTR, {})


def forget_role_assignments(user: Any) -> None:
    for attr in (_CACHE_ATTR, _SCOPES_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def scope_for(user: Any, perm: str) -> Scope:
    """The user's scope for ``perm``, worked out once per request and permission (a page asks for
    the same few permissions many times: the navigation alone asks for fifteen)."""
    assignments = role_assignments(user)
    scopes: dict[str, Scope] | None = getattr(user, _SCOPES_ATTR, None)
    if scopes is None:  # not signed in: nothing is kept on the user
        return Scope.of([a.region_code for a in assignments if role_grants(a.role, perm)])
    scope = scopes.get(perm)
    if scope is None:
        scope = scopes[perm] = Scope.of([a.region_code for a in assignments if role_grants(a.role, perm)])
    return scope


def has_perm(user: Any, perm: str) -> bool:
    """Whether some role of the user grants ``perm`` anywhere: ``scope_for(user, perm)`` is not
    empty, without working the scope out (the navigation asks this fifteen times a page)."""
    return roles_grant((a.role for a in role_assignments(user)), perm)
