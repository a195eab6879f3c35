"""Writes to complaints. Each service is one transaction, appends to the complaint's history and
writes the audit log (complaints are sensitive records: DESIGN.md "Identity")."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from babel import Locale
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.audit.services import audit_record
from desmigratif.complaints.models import (
    HANDLING_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    EscalationLevel,
    Relationship,
    Source,
)
from desmigratif.lib.phone import PhoneError, normalise_phone
from desmigratif.migration.models import MigrationCase
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

# Audit event codes of complaints (the audit log's own list lives in audit.models.AuditEvent).
AUDIT_CREATED = "complaint.created"
AUDIT_READ = "complaint.read"
AUDIT_NOTE = "complaint.note_added"
AUDIT_ESCALATED = "complaint.escalated"
AUDIT_RESOLVED = "complaint.resolved"
AUDIT_CLOSED = "complaint.closed"

NAME_REQUIRED = _("Enter a name.")
DESCRIPTION_REQUIRED = _("Describe what happened.")
CATEGORY_UNKNOWN = _("Choose what the complaint is about.")
RELATIONSHIP_UNKNOWN = _("Choose how the complainant is related to the worker.")
COUNTRY_UNKNOWN = _("Choose the country where the worker is.")
VILLAGE_REQUIRED = _("Choose the village.")
VILLAGE_OUT_OF_SCOPE = _("This village is outside your area.")
PERSON_OUT_OF_SCOPE = _("This person is not in your area.")
CASE_NOT_OF_PERSON = _("This migration case is not the worker's.")
NOT_HANDLED = _("This complaint is resolved or closed; it cannot be escalated or changed any more.")
ALREADY_CLOSED = _("This complaint is already closed.")
LAST_LEVEL = _("This complaint is already at the last level of the chain.")
REASON_REQUIRED = _("Give the reason.")
NOTE_REQUIRED = _("Write the note.")
OUTCOME_REQUIRED = _("Describe the outcome.")
NOT_OVERDUE = _("This complaint is not overdue.")
AUTO_REASON = _("Automatic escalation: the response deadline of the previous level passed.")

# Receipt numbers: 12 symbols of a 32-letter alphabet without look-alikes (0/O, 1/I): 60 random bits.
_TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_ticket() -> str:
    symbols = "".join(secrets.choice(_TICKET_ALPHABET) for _ in range(12))
    return f"PGD-{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


def normalise_ticket(raw: str) -> str:
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    if cleaned.startswith("PGD"):
        cleaned = cleaned[3:]
    if len(cleaned) != 12:
        return ""
    return f"PGD-{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"


def valid_country(code: str) -> bool:
    code = code.upper().strip()
    return len(code) == 2 and code.isalpha() and code != "ID" and code in Locale("en").territories


def current_categories(today: datetime.date | None = None) -> list[ComplaintCategory]:
    day = today or timezone.localdate()
    return list(ComplaintCategory.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day))


def _first_level() -> EscalationLevel:
    level = EscalationLevel.objects.order_by("order").first()
    assert level is not None, "levels are published by migration complaints.0002"
    return level


def _due(level: EscalationLevel, start: datetime.datetime) -> datetime.datetime:
    return start + datetime.timedelta(days=level.response_days)


@dataclass
class ComplaintData:
    village: Village
    complainant_name: str
    complainant_phone: str
    complainant_relationship: str
    migrant_name: str
    category: str  # a ComplaintCategory code
    destination_country: str
    description: str
    confidential_notes: str = ""
    complainant_person: Person | None = None
    migrant_person: Person | None = None
    migration_case: MigrationCase | None = None


def _validate(data: ComplaintData, actor: Any) -> tuple[ComplaintCategory | None, str, dict[str, list[Any]]]:
    errors: dict[str, list[Any]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    if not data.complainant_name.strip():
        add("complainant_name", NAME_REQUIRED)
    if not data.migrant_name.strip():
        add("migrant_name", NAME_REQUIRED)
    if not data.description.strip():
        add("description", DESCRIPTION_REQUIRED)
    phone = ""
    try:
        phone = normalise_phone(data.complainant_phone)
    except PhoneError as exc:
        add("complainant_phone", str(exc))
    if not phone and "complainant_phone" not in errors:
        add("complainant_phone", _("Enter a phone number we can call back."))
    if data.complainant_relationship not in Relationship.values:
        add("complainant_relationship", RELATIONSHIP_UNKNOWN)
    if not valid_country(data.destination_country):
        add("destination_country", COUNTRY_UNKNOWN)
    category = next((c for c in current_categories() if c.code == data.category), None)
    if category is None:
        add("category", CATEGORY_UNKNOWN)
    if actor is not None:
        if not scope_for(actor, Perm.COMPLAINTS_HANDLE).contains(data.village.code):
            add("village", VILLAGE_OUT_OF_SCOPE)
        people = scope_for(actor, Perm.PEOPLE_VIEW)
        for field in ("complainant_person", "migrant_person"):
            person = getattr(data, field)
            if person is not None and not people.contains(person.domicile_village_id):
                add(field, PERSON_OUT_OF_SCOPE)
    case = data.migration_case
    if case is not None and (data.migrant_person is None or case.person_id != data.migrant_person.pk):
        add("migration_case", CASE_NOT_OF_PERSON)
    return category, phone, errors


def _event(complaint: Complaint, actor: Any, kind: str, **fields: Any) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, actor=actor if getattr(actor, "is_authenticated", False) else None, kind=kind, **fields
    )


def _audit(complaint: Complaint, actor: Any, event: str, via: str, changes: dict[str, list[Any]] | None = None) -> None:
    audit_record(
        actor=actor,
        event=event,
        subject=complaint,
        region_code=complaint.village_id,
        label=complaint.ticket,
        changes=changes,
        via=via,
    )


@transaction.atomic
def complaint_receive(*, data: ComplaintData, actor: Any = None, via: str = "web", is_demo: bool = False) -> Complaint:
    """Record a complaint from the public form (no actor) or entered by staff of the handling chain.

    It starts at the first level of the chain (the village facilitator), whose response deadline
    starts now.
    """
    if data.migrant_person is not None and actor is not None:
        # Entered on a worker's page: the complaint belongs to the worker's village.
        data.village = data.migrant_person.domicile_village
    category, phone, errors = _validate(data, actor)
    if errors:
        raise ValidationError(errors)
    assert category is not None
    level = _first_level()
    now = timezone.now()
    for _attempt in range(5):
        ticket = new_ticket()
        if not Complaint.objects.filter(ticket=ticket).exists():
            break
    complaint = Complaint.objects.create(
        ticket=ticket,
        village=data.village,
        source=Source.FACILITATOR if actor is not None else Source.PUBLIC,
        complainant_name=" ".join(data.complainant_name.split())[:150],
        complainant_phone=phone,
        complainant_relationship=data.complainant_relationship,
        complainant_person=data.complainant_person,
        migrant_name=" ".join(data.migrant_name.split())[:150],
        migrant_person=data.migrant_person,
        migration_case=data.migration_case,
        category=category,
        destination_country=data.destination_country.upper().strip(),
        description=data.description.strip()[:4000],
        confidential_notes=data.confidential_notes.strip()[:4000],
        level=level,
        level_due_at=_due(level, now),
        received_at=now,
        updated_at=now,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    _event(complaint, actor, ComplaintEvent.Kind.RECEIVED, to_level=level)
    _audit(complaint, actor, AUDIT_CREATED, via)
    return complaint


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("level").get(pk=complaint.pk)


@transaction.atomic
def complaint_add_note(*, complaint: Complaint, note: str, actor: Any, via: str = "web") -> Complaint:
    """Record what was done; the first note of an open complaint puts it in progress."""
    locked = _lock(complaint)
    if locked.status == ComplaintStatus.CLOSED:
        raise ValidationError(ALREADY_CLOSED)
    if not note.strip():
        raise ValidationError({"note": [ValidationError(NOTE_REQUIRED)]})
    fields = ["updated_at"]
    if locked.status == ComplaintStatus.OPEN:
        locked.status = ComplaintStatus.IN_PROGRESS
        fields.append("status")
    locked.updated_at = timezone.now()
    locked.save(update_fields=fields)
    _event(locked, actor, ComplaintEvent.Kind.NOTE, detail=note.strip()[:2000])
    _audit(locked, actor, AUDIT_NOTE, via)
    return locked


@transaction.atomic
def complaint_escalate(
    *, complaint: Complaint, reason: str, actor: Any = None, via: str = "web", only_if_overdue: bool = False
) -> Complaint:
    """Hand the complaint to the next level of the chain, whose response deadline starts now.

    ``only_if_overdue`` (the automatic escalation) re-checks the deadline under the lock, so a
    complaint escalated or answered meanwhile is not escalated twice.
    """
    locked = _lock(complaint)
    if locked.status not in HANDLING_STATUSES:
        raise ValidationError(NOT_HANDLED)
    if only_if_overdue and (locked.level_due_at is None or locked.level_due_at >= timezone.now()):
        raise ValidationError(NOT_OVERDUE)
    if not reason.strip():
        raise ValidationError({"reason": [ValidationError(REASON_REQUIRED)]})
    next_level = EscalationLevel.objects.filter(order__gt=locked.level.order).order_by("order").first()
    if next_level is None:
        raise ValidationError(LAST_LEVEL)
    previous = locked.level
    now = timezone.now()
    locked.level, locked.level_due_at = next_level, _due(next_level, now)
    locked.status, locked.updated_at = ComplaintStatus.IN_PROGRESS, now
    locked.save(update_fields=["level", "level_due_at", "status", "updated_at"])
    _event(
        locked, actor, ComplaintEvent.Kind.ESCALATED, from_level=previous, to_level=next_level, detail=reason.strip()
    )
    _audit(locked, actor, AUDIT_ESCALATED, via, {"level": [previous.code, next_level.code]})
    return locked


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, note: str, actor: Any, via: str = "web") -> Complaint:
    locked = _lock(complaint)
    if locked.status not in HANDLING_STATUSES:
        raise ValidationError(NOT_HANDLED)
    if not note.strip():
        raise ValidationError({"note": [ValidationError(NOTE_REQUIRED)]})
    old = locked.status
    locked.status, locked.level_due_at, locked.updated_at = ComplaintStatus.RESOLVED, None, timezone.now()
    locked.save(update_fields=["status", "level_due_at", "updated_at"])
    _event(locked, actor, ComplaintEvent.Kind.RESOLVED, detail=note.strip()[:2000])
    _audit(locked, actor, AUDIT_RESOLVED, via, {"status": [old, locked.status]})
    return locked


@transaction.atomic
def complaint_close(*, complaint: Complaint, outcome: str, actor: Any, via: str = "web") -> Complaint:
    """Close the complaint with its outcome (resolved or not): the end of its handling."""
    locked = _lock(complaint)
    if locked.status == ComplaintStatus.CLOSED:
        raise ValidationError(ALREADY_CLOSED)
    if not outcome.strip():
        raise ValidationError({"outcome": [ValidationError(OUTCOME_REQUIRED)]})
    old = locked.status
    locked.status, locked.outcome = ComplaintStatus.CLOSED, outcome.strip()[:300]
    locked.level_due_at, locked.updated_at = None, timezone.now()
    locked.save(update_fields=["status", "outcome", "level_due_at", "updated_at"])
    _event(locked, actor, ComplaintEvent.Kind.CLOSED, detail=locked.outcome)
    _audit(locked, actor, AUDIT_CLOSED, via, {"status": [old, locked.status]})
    return locked


def complaint_audit_read(*, complaint: Complaint, actor: Any, via: str = "web") -> None:
    """Record that ``actor`` read the complaint's detail (called by the reading selector)."""
    _audit(complaint, actor, AUDIT_READ, via)


def escalate_overdue() -> int:
    """Escalate every complaint past its level's deadline that has a next level; return how many.

    Run regularly (``manage.py escalate_overdue_complaints``, e.g. hourly from cron or a task
    worker). Each complaint is its own transaction, so one failure does not hold the others back.
    """
    from desmigratif.complaints.selectors import overdue_complaints_everywhere

    last = EscalationLevel.objects.order_by("-order").first()
    escalated = 0
    for complaint in overdue_complaints_everywhere().exclude(level=last):
        try:
            complaint_escalate(
                complaint=complaint, reason=str(AUTO_REASON), actor=None, via="system", only_if_overdue=True
            )
        except ValidationError:
            continue  # handled or escalated meanwhile
        escalated += 1
    return escalated
