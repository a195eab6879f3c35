"""Reads of the reference-rule tables: counts for the index, every row (history included) for a table.

Rules are national data, not personal data: no village scope applies, only the permission to read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.core.models import Rule
from desmigratif.core.selectors import one
from desmigratif.rules.registry import TABLES, RuleTable


def may_read(user: Any) -> bool:
    """Everyone who works with cases reads the rules they apply; editors read what they edit."""
    return has_perm(user, Perm.MIGRATION_VIEW) or may_change(user)


def may_change(user: Any) -> bool:
    # The rules are national: only a national scope may change them.
    return scope_for(user, Perm.RULES_CHANGE).is_national


@dataclass(frozen=True)
class TableSummary:
    table: RuleTable
    count: int
    in_force: int


def table_summaries(today: datetime.date | None = None) -> list[TableSummary]:
    """Each table with its number of rows and of rows in force today (one query per table)."""
    day = today or timezone.localdate()
    summaries = []
    for table in TABLES:
        if table.is_rule:
            in_force_q: Q = table.model.in_force_q(day)  # type: ignore[attr-defined]
        else:
            in_force_q = Q(is_active=True)
        counts = table.model._default_manager.aggregate(total=Count("pk"), in_force=Count("pk", filter=in_force_q))
        summaries.append(TableSummary(table=table, count=counts["total"], in_force=counts["in_force"]))
    return summaries


def table_rows(table: RuleTable) -> list[Any]:
    """Every row of a table, ended and future ones included: the history stays visible."""
    return list(table.rows())


def get_row(table: RuleTable, row_id: int, *, for_update: bool = False) -> Any:
    qs = table.model._default_manager.all()
    if for_update:
        qs = qs.select_for_update()
    row = one(qs.filter(pk=row_id))
    if row is None:
        raise Http404
    return row


def validity(row: Any, today: datetime.date | None = None) -> str:
    """``in_force``, ``ended`` or ``future`` for a rule row; ``active``/``inactive`` for a job."""
    day = today or timezone.localdate()
    if not isinstance(row, Rule):
        return "active" if getattr(row, "is_active", True) else "inactive"
    if row.valid_from > day:
        return "future"
    if row.valid_to is not None and row.valid_to < day:
        return "ended"
    return "in_force"
