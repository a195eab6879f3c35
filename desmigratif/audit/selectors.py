from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.audit.models import AuditLog


def audit_log_for_user(
    user: Any, *, event: str = "", subject_type: str = "", subject_id: str = ""
) -> QuerySet[AuditLog]:
    qs = scope_for(user, Perm.AUDIT_VIEW).apply(AuditLog.objects.all(), "region_code")
    if event:
        qs = qs.filter(event=event)
    if subject_type and subject_id:
        qs = qs.filter(subject_type=subject_type, subject_id=subject_id)
    return qs.select_related("actor").order_by("-at", "-id")


@dataclass(frozen=True)
class Change:
    """One changed field of an audit entry, as a reader sees it."""

    field: str
    before: str
    after: str


def readable_changes(entry: AuditLog) -> list[Change]:
    """The entry's changes with the field's name and the values in the reader's language.

    A log keeps the stored form (``{"migrant_status": ["none", "abroad"]}``, ISO dates, personal
    values already masked); the page shows "Migrant status: Not a migrant → Abroad". A field the
    model no longer has, or a record type no longer known, shows as it was stored.
    """
    try:
        model: type[models.Model] | None = apps.get_model(entry.subject_type)
    except (LookupError, ValueError):
        model = None
    result = []
    for name, values in (entry.changes or {}).items():
        field = _field(model, name)
        before, after = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        label = capfirst(str(field.verbose_name)) if field is not None else name
        result.append(Change(label, _value(field, before), _value(field, after)))
    return result


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "j M Y H:i")
    if isinstance(value, str) and isinstance(field, models.DateField):
        try:  # a masked birth date ("1990-**-**") is not a date and shows as stored
            return formats.date_format(datetime.date.fromisoformat(value), "j M Y")
        except ValueError:
            return value
    return str(value)
