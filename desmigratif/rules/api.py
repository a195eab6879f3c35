"""Reference-rule endpoints of the JSON API (read only): the tables, and every row of one table.

Partners building apps read the same rules the system applies, each row with its legal basis,
validity dates and whether it is in force today. Foreign keys are given as the related row's code.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from desmigratif.rules import selectors
from desmigratif.rules.registry import RuleTable, get_table

router = Router(tags=["reference rules"])


class TableOut(Schema):
    table: str
    title: str
    description: str
    count: int
    in_force: int


class TableRowsOut(Schema):
    table: str
    title: str
    description: str
    rows: list[dict[str, Any]]


def _require_read(request: HttpRequest) -> None:
    if not selectors.may_read(request.auth):  # type: ignore[attr-defined]
        raise PermissionDenied


def _fields(table: RuleTable) -> list[str]:
    """Every field of the model worth publishing: its own concrete fields, not the primary key."""
    return [f.name for f in table.model._meta.concrete_fields if not f.primary_key]


def _value(row: models.Model, name: str) -> Any:
    field = row._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        related = getattr(row, name)
        return getattr(related, "code", None) if related is not None else None
    value = getattr(row, name)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _row(table: RuleTable, row: models.Model, today: datetime.date) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.pk, "status": selectors.validity(row, today)}
    out.update({name: _value(row, name) for name in _fields(table)})
    if table.countries is not None:
        spec = table.countries
        out[spec.related_name] = sorted(getattr(c, spec.country_field) for c in getattr(row, spec.related_name).all())
    return out


@router.get("/", response=list[TableOut], summary="The reference-rule tables")
def list_tables(request: HttpRequest) -> list[dict[str, Any]]:
    _require_read(request)
    return [
        {
            "table": s.table.slug,
            "title": str(s.table.title),
            "description": str(s.table.description),
            "count": s.count,
            "in_force": s.in_force,
        }
        for s in selectors.table_summaries()
    ]


@router.get("/{slug}/", response=TableRowsOut, summary="Every row of a table, ended rows included")
def table_rows(request: HttpRequest, slug: str) -> dict[str, Any]:
    _require_read(request)
    table = get_table(slug)
    today = timezone.localdate()
    return {
        "table": table.slug,
        "title": str(table.title),
        "description": str(table.description),
        "rows": [_row(table, row, today) for row in selectors.table_rows(table)],
    }
