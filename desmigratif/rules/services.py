"""Writes to the reference-rule tables: add a row, edit a row, end a row. Never delete.

Every write is one transaction and one audit row with the before/after values of the changed
fields. Only national staff may write (``rules.change`` with a national scope).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record, diff
from desmigratif.lib.countries import is_country
from desmigratif.rules import selectors
from desmigratif.rules.registry import RuleTable

LEGAL_BASIS_REQUIRED = _("Give the legal basis of this rule (regulation and article).")
VALID_FROM_REQUIRED = _("Give the date from which this rule applies.")
DATES_ORDER = _("The end date cannot be before the start date.")
ALREADY_ENDS = _("This rule already ends on %(date)s; choose an earlier date.")
ROW_TAKEN = _("A row with these values already exists.")
COUNTRY_UNKNOWN = _("Choose countries from the list.")
COUNTRIES_REQUIRED = _("Choose at least one country.")


def _require_editor(actor: Any) -> None:
    if not selectors.may_change(actor):
        raise PermissionDenied


def _countries_of(table: RuleTable, row: models.Model) -> list[str]:
    assert table.countries is not None
    return sorted(getattr(row, table.countries.related_name).values_list(table.countries.country_field, flat=True))


def snapshot(table: RuleTable, row: models.Model) -> dict[str, Any]:
    """The audited values of a row: foreign keys as ids, countries as one sorted list."""
    values: dict[str, Any] = {}
    for name in table.audited_fields:
        if table.countries and name == table.countries.related_name:
            values[name] = ",".join(_countries_of(table, row)) if row.pk else ""
        else:
            field = row._meta.get_field(name)
            values[name] = getattr(row, getattr(field, "attname", name))
    return values


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check(table: RuleTable, row: models.Model, countries: list[str] | None) -> None:
    """All errors at once: legal basis, dates, countries, then the model's own field checks."""
    errors: dict[str, list[Any]] = {}
    if table.is_rule:
        if not (getattr(row, "legal_basis", "") or "").strip():
            errors.setdefault("legal_basis", []).append(ValidationError(LEGAL_BASIS_REQUIRED))
        valid_from, valid_to = getattr(row, "valid_from", None), getattr(row, "valid_to", None)
        if valid_from is None:
            errors.setdefault("valid_from", []).append(ValidationError(VALID_FROM_REQUIRED))
        elif valid_to is not None and valid_to < valid_from:
            errors.setdefault("valid_to", []).append(ValidationError(DATES_ORDER))
    for name in table.country_fields:
        code = getattr(row, name)
        if not is_country(code) or code == "ID":
            errors.setdefault(name, []).append(ValidationError(COUNTRY_UNKNOWN))
    if table.countries is not None and countries is not None:
        if not countries:
            errors.setdefault(table.countries.related_name, []).append(ValidationError(COUNTRIES_REQUIRED))
        elif any(not is_country(c) or c == "ID" for c in countries):
            errors.setdefault(table.countries.related_name, []).append(ValidationError(COUNTRY_UNKNOWN))
    try:
        row.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(table: RuleTable, row: models.Model, countries: list[str] | None) -> None:
    try:
        with transaction.atomic():
            row.save()
            if table.countries is not None and countries is not None:
                spec = table.countries
                current = set(_countries_of(table, row))
                wanted = set(countries)
                spec.model._default_manager.filter(
                    **{spec.parent_field: row, f"{spec.country_field}__in": current - wanted}
                ).delete()
                spec.model._default_manager.bulk_create(
                    [spec.model(**{spec.parent_field: row, spec.country_field: c}) for c in sorted(wanted - current)]
                )
    except IntegrityError as exc:
        raise ValidationError(ROW_TAKEN) from exc


def _values(table: RuleTable, values: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    allowed = set(allowed)
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"{table.slug}: not editable here: {sorted(unknown)}")
    return {name: _clean(value) for name, value in values.items()}


def _label(table: RuleTable, row: models.Model) -> str:
    return f"{table.slug} #{row.pk}: {table.row_title(row)}"


@transaction.atomic
def rule_create(
    *, table: RuleTable, values: Mapping[str, Any], actor: Any, countries: list[str] | None = None, via: str = "web"
) -> models.Model:
    """Add a row (a new rule, list or item) with its legal basis and validity."""
    _require_editor(actor)
    if not table.can_add:
        raise PermissionDenied
    row = table.model(**_values(table, values, table.add_fields))
    if table.countries is not None and countries is None:
        countries = []
    _check(table, row, countries)
    _save(table, row, countries)
    audit_record(
        actor=actor,
        event=AuditEvent.RULE_CREATED,
        subject=row,
        region_code="",
        changes=diff({}, snapshot(table, row)),
        label=_label(table, row),
        via=via,
    )
    return row


@transaction.atomic
def rule_update(
    *,
    table: RuleTable,
    row: models.Model,
    values: Mapping[str, Any],
    actor: Any,
    countries: list[str] | None = None,
    via: str = "web",
) -> models.Model:
    """Change the editable fields of a row; the audit row keeps what they were."""
    _require_editor(actor)
    if not table.can_edit:
        raise PermissionDenied
    locked = selectors.get_row(table, row.pk, for_update=True)
    before = snapshot(table, locked)
    for name, value in _values(table, values, table.edit_fields).items():
        setattr(locked, name, value)
    _check(table, locked, countries)
    _save(table, locked, countries)
    changes = diff(before, snapshot(table, locked))
    if changes:
        audit_record(
            actor=actor,
            event=AuditEvent.RULE_UPDATED,
            subject=locked,
            region_code="",
            changes=changes,
            label=_label(table, locked),
            via=via,
        )
    return cast(models.Model, locked)


@transaction.atomic
def rule_end(
    *, table: RuleTable, row: models.Model, valid_to: datetime.date, actor: Any, via: str = "web"
) -> models.Model:
    """End a rule on a date (its last day in force). The row stays, so the history stays visible."""
    _require_editor(actor)
    if not table.can_end:
        raise PermissionDenied
    locked = selectors.get_row(table, row.pk, for_update=True)
    before = snapshot(table, locked)
    current = locked.valid_to
    if current is not None and valid_to >= current:
        raise ValidationError(
            {"valid_to": [ValidationError(ALREADY_ENDS, params={"date": date_format(current, "j F Y")})]}
        )
    locked.valid_to = valid_to
    _check(table, locked, None)
    locked.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        event=AuditEvent.RULE_ENDED,
        subject=locked,
        region_code="",
        changes=diff(before, snapshot(table, locked)),
        label=_label(table, locked),
        via=via,
    )
    return cast(models.Model, locked)
