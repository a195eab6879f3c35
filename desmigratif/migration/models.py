"""Migration cases: a prospective worker's journey through the placement steps, with documents.

The steps, their target durations ("layanan cepat") and the documents each step needs are data
(DOMAIN-RULES A1.4, A1.5, A1.7), each row with its legal basis and validity dates, so a change of
regulation is a data change, not a code change.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels, LocalizedName, Rule
from desmigratif.core.paths import object_path
from desmigratif.people.models import Person
from desmigratif.regions.models import Village, regency_key


class Step(LocalizedName, Rule):
    """A step of the placement process (A1.7), in order; terminal steps end a case."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    target_days = models.PositiveSmallIntegerField(
        _("target days"), null=True, blank=True, help_text=_("Service-time target for this step; empty for none.")
    )
    case_status = models.CharField(
        _("case status at this step"),
        max_length=10,
        default="active",
        help_text=_("Status a case has while it is at this step."),
    )
    min_age_to_complete = models.PositiveSmallIntegerField(
        _("minimum age to complete"),
        null=True,
        blank=True,
        help_text=_("The worker must be at least this old to complete the step (UU 18/2017 Pasal 5: 18)."),
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_en


class DocumentType(LocalizedName, Rule):
    """A document a worker needs (A1.4 statutory, A1.5 practice), and the step that needs it."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    required_for = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        related_name="required_documents",
        null=True,
        blank=True,
        verbose_name=_("required to complete step"),
    )
    expires = models.BooleanField(_("has an expiry date"), default=False)
    remind_before_expiry = models.BooleanField(
        _("remind before expiry"),
        default=False,
        help_text=_("Facilitators get reminders 90, 60 and 30 days before a document of this type expires."),
    )

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["required_for__order", "code"]

    def __str__(self) -> str:
        return self.name_en


class EmployerType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (household)")
    LEGAL_ENTITY = "legal_entity", _("Legal entity (company)")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    ABROAD = "abroad", _("Working abroad")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed to depart")


OPEN_STATUSES = (CaseStatus.ACTIVE,)


class MigrationCase(ChoiceLabels, models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="migration_cases")
    # The person's village when the case was opened: the case stays in that village's scope.
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    destination_country = models.CharField(_("destination country"), max_length=2)
    job_title = models.CharField(_("job"), max_length=150)
    employer_type = models.CharField(_("employer type"), max_length=12, choices=EmployerType.choices)
    agency_name = models.CharField(_("placement agency (P3MI)"), max_length=200, blank=True)
    # The registry rows behind the case, when known; job_title stays for jobs outside the catalogue.
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("placement agency (P3MI)"),
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("vacancy"),
    )
    job = models.ForeignKey(
        "placement.Job", on_delete=models.PROTECT, related_name="cases", null=True, blank=True, verbose_name=_("job")
    )
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+", verbose_name=_("step"))
    step_started_at = models.DateTimeField(_("step started"), default=timezone.now)
    # When the current step's service-time target runs out; null when the step has no target.
    step_due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("migration case")
        verbose_name_plural = _("migration cases")
        constraints = [
            # One case in progress per person at a time.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="active"), name="migration_one_active_case_per_person"
            ),
        ]
        indexes = [
            # Case list: a village's cases, newest first, filtered by status.
            models.Index(fields=["village", "status", "-opened_at"], name="migration_case_village_idx"),
            # Case list of a province or the nation, newest first: PostgreSQL walks this index and
            # filters the scope on the way, instead of sorting every case of the scope
            # (bench/README.md: a regency's page query 11 ms -> 2.3 ms at 200,000 cases).
            models.Index(fields=["-opened_at", "-id"], name="migration_case_opened_idx"),
            # Case list of a regency (selectors.cases_for_user), newest first: a page reads its own
            # 25 entries, where the index above is walked past the other regencies' cases (1,600
            # entries for Kabupaten Malang at 200,000 cases: 3.6 ms -> 0.4 ms).
            models.Index(
                regency_key("village"),
                models.F("opened_at").desc(),
                models.F("id").desc(),
                name="migration_case_regency_idx",
            ),
            # Case list filter by step.
            models.Index(fields=["status", "step"], name="migration_case_step_idx"),
            # Overdue cases: in progress and past the step's target.
            models.Index(fields=["status", "step_due_at"], name="migration_case_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.destination_country}"

    def get_absolute_url(self) -> str:
        return object_path("migration:detail", self.pk)


class CaseEvent(ChoiceLabels, models.Model):
    """Append-only history of a case."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        STEP_CHANGED = "step_changed", _("Step completed")
        DOCUMENT_UPDATED = "document_updated", _("Document updated")
        CLOSED = "closed", _("Case closed")

    case = models.ForeignKey(MigrationCase, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    to_step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="migration_event_case_idx")]  # case timeline

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


def document_file_name(instance: Any, filename: str) -> str:
    """An unguessable storage name; only the extension of the sniffed type is kept, never the user's name."""
    return f"case-documents/{secrets.token_urlsafe(24)}{PurePosixPath(filename).suffix.lower()[:5]}"


class CaseDocument(ChoiceLabels, models.Model):
    case = models.ForeignKey(MigrationCase, on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.MISSING
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # An optional scan or photo, in the private storage (never under a public URL).
    file = models.FileField(_("file"), upload_to=document_file_name, blank=True, max_length=100)
    file_type = models.CharField(_("file type"), max_length=40, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), null=True, blank=True)
    file_uploaded_at = models.DateTimeField(_("file uploaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        constraints = [
            models.UniqueConstraint(fields=["case", "document_type"], name="migration_one_document_per_type"),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gt=models.F("issued_on")),
                name="migration_document_expires_after_issue",
            ),
        ]
        indexes = [
            # "Expiring in 30/60/90 days" page.
            models.Index(fields=["expires_on"], name="migration_document_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.document_type_id} {self.status}"


class ExpiryReminder(models.Model):
    """An in-app reminder that a document expires in ``threshold_days``, for the case's village.

    One row per document, expiry date and threshold: the daily task may run any number of times,
    and a renewed document (a new expiry date) gets its own reminders.
    """

    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="reminders")
    # The case's village, so reminders are scoped like the cases themselves.
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    expires_on = models.DateField(_("expires on"))
    threshold_days = models.PositiveSmallIntegerField(_("days before expiry"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "expires_on", "threshold_days"], name="migration_one_reminder_per_threshold"
            ),
        ]
        indexes = [
            # Open reminders of a village, soonest expiry first (expiring page, home count).
            models.Index(fields=["village", "done_at", "expires_on"], name="migration_reminder_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.expires_on} -{self.threshold_days}d"
