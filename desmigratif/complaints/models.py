"""Complaints (pengaduan) from migrant workers abroad and their families, and their handling chain.

The complaint categories (BP2MI's) and the escalation levels with their response deadlines are data
rows with their source and validity dates (migration 0002), never constants in code. The deadlines
are programme targets, not regulation. Every action on a complaint appends a ``ComplaintEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels, Rule
from desmigratif.migration.models import MigrationCase
from desmigratif.people.models import Person
from desmigratif.regions.models import Village


class ComplaintCategory(Rule):
    """A complaint category as BP2MI's complaint service counts them."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_en


class Tier(models.TextChoices):
    """Where a level of the handling chain sits; decides who may read a complaint at that level."""

    VILLAGE = "village", _("Village")
    REGENCY = "regency", _("Regency")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


# Tiers at which national staff join the handling chain (docs/scoping.md).
ESCALATED_TIERS = (Tier.PROVINCE, Tier.NATIONAL)


class EscalationLevel(ChoiceLabels, Rule):
    """One level of the handling chain, in order, with the days it has to respond."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    response_days = models.PositiveSmallIntegerField(
        _("response days"), help_text=_("Programme target for a response at this level, not regulation.")
    )

    class Meta:
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_en


class Relationship(models.TextChoices):
    SELF = "self", _("The worker themself")
    SPOUSE = "spouse", _("Husband or wife")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    RELATIVE = "relative", _("Other relative")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Statuses in which the current level's deadline runs.
HANDLING_STATUSES = (ComplaintStatus.OPEN, ComplaintStatus.IN_PROGRESS)


class Source(models.TextChoices):
    PUBLIC = "public", _("Public form")
    FACILITATOR = "facilitator", _("Entered by staff")


class Complaint(ChoiceLabels, models.Model):
    # Unguessable receipt number: the only key the public status page accepts.
    ticket = models.CharField(_("receipt number"), max_length=20, unique=True)
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    complainant_name = models.CharField(_("complainant's name"), max_length=150)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=20)
    complainant_relationship = models.CharField(
        _("relationship to the worker"), max_length=10, choices=Relationship.choices
    )
    complainant_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("complainant")
    )
    migrant_name = models.CharField(_("worker's name"), max_length=150)
    migrant_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints", verbose_name=_("worker")
    )
    migration_case = models.ForeignKey(
        MigrationCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("migration case"),
    )
    category = models.ForeignKey(
        ComplaintCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    destination_country = models.CharField(_("country"), max_length=2)
    description = models.TextField(_("what happened"), max_length=4000)
    confidential_notes = models.TextField(_("confidential notes"), max_length=4000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by"))
    # When the current level's response target runs out; null once resolved or closed.
    level_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("last update"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            # Complaint list: a village's complaints, newest first, filtered by status.
            models.Index(fields=["village", "status", "-received_at"], name="complaints_village_idx"),
            # Complaint list filter by category.
            models.Index(fields=["category", "status"], name="complaints_category_idx"),
            # Overdue escalations: still handled and past the level's deadline.
            models.Index(fields=["status", "level_due_at"], name="complaints_due_idx"),
            # National staff's list: complaints at the BP3MI or embassy level.
            models.Index(fields=["level", "status"], name="complaints_level_idx"),
        ]

    def __str__(self) -> str:
        return self.ticket


class ComplaintEvent(ChoiceLabels, models.Model):
    """Append-only history of a complaint: written by the services only, never changed."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Complaint received")
        NOTE = "note", _("Note added")
        ESCALATED = "escalated", _("Escalated")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    # Null for the public form and the automatic escalation.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, null=True, related_name="+")
    to_level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, null=True, related_name="+")
    detail = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaints_event_idx")]  # detail timeline

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"
