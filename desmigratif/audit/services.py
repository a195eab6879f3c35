"""Writing the audit log. Callers are services, inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.lib.masking import mask_field


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as ``{field: [old, new]}``, with personal fields masked."""
    changes: dict[str, list[Any]] = {}
    for field in sorted(set(old) | set(new)):
        before, after = _plain(old.get(field)), _plain(new.get(field))
        if before != after:
            changes[field] = [mask_field(field, before), mask_field(field, after)]
    return changes


def audit_record(
    *,
    actor: Any,
    # An ``AuditEvent``, or an app's own event code of the same "<subject>.<verb>" form.
    event: AuditEvent | str,
    subject: models.Model,
    region_code: str,
    changes: dict[str, list[Any]] | None = None,
    label: str = "",
    via: str = "web",
) -> AuditLog:
    return AuditLog.objects.create(**_row(actor, event, subject, region_code, label, via), changes=changes or {})


def audit_reads(
    *,
    actor: Any,
    event: AuditEvent | str,
    subjects: Iterable[tuple[models.Model, str, str]],
    via: str = "web",
) -> None:
    """One row per ``(subject, region_code, label)`` read together (a page of records), in one insert."""
    AuditLog.objects.bulk_create(
        [AuditLog(**_row(actor, event, subject, region, label, via)) for subject, region, label in subjects]
    )


def _row(
    actor: Any, event: AuditEvent | str, subject: models.Model, region_code: str, label: str, via: str
) -> dict[str, Any]:
    return {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "event": event,
        "subject_type": subject._meta.label_lower,
        "subject_id": str(subject.pk),
        "subject_label": label[:200],
        "region_code": region_code,
        "via": via,
    }
