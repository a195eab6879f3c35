"""The append-only audit log: who changed or read which sensitive record, when, and what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels


class AuditEvent(models.TextChoices):
    PERSON_CREATED = "person.created", _("Person registered")
    PERSON_UPDATED = "person.updated", _("Person changed")
    PERSON_NIK_REVEALED = "person.nik_revealed", _("Full NIK shown")
    CONSENT_RECORDED = "consent.recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
    HOUSEHOLD_CREATED = "household.created", _("Household registered")
    HOUSEHOLD_MEMBER_ADDED = "household.member_added", _("Household member added")
    HOUSEHOLD_MEMBER_REMOVED = "household.member_removed", _("Household member removed")
    FAMILY_LINK_ADDED = "family_link.added", _("Link to a migrant worker added")
    API_TOKEN_CREATED = "api_token.created", _("API token created")
    API_TOKEN_REVOKED = "api_token.revoked", _("API token revoked")
    DOCUMENT_FILE_UPLOADED = "document.file_uploaded", _("Document file uploaded")
    DOCUMENT_FILE_DOWNLOADED = "document.file_downloaded", _("Document file downloaded")
    RULE_CREATED = "rule.created", _("Reference rule added")
    RULE_UPDATED = "rule.updated", _("Reference rule changed")
    RULE_ENDED = "rule.ended", _("Reference rule ended")
    COMPLAINT_CREATED = "complaint.created", _("Complaint received")
    COMPLAINT_READ = "complaint.read", _("Complaint read")
    COMPLAINT_NOTE_ADDED = "complaint.note_added", _("Note added to a complaint")
    COMPLAINT_ESCALATED = "complaint.escalated", _("Complaint escalated")
    COMPLAINT_RESOLVED = "complaint.resolved", _("Complaint resolved")
    COMPLAINT_CLOSED = "complaint.closed", _("Complaint closed")
    CHILD_REGISTERED = "child.registered", _("Child registered in the learning house")
    CHILD_UPDATED = "child.updated", _("Child's record changed")
    CHILD_READ = "child.read", _("Child's record read")
    CONCERN_CREATED = "concern.created", _("Concern about a child recorded")
    CONCERN_READ = "concern.read", _("Concern about a child read")
    CONCERN_UPDATED = "concern.updated", _("Concern about a child referred or closed")
    ATTENDANCE_RECORDED = "attendance.recorded", _("Attendance at a learning-house session recorded")
    COOPERATIVE_SETTINGS_CHANGED = "cooperative.settings_changed", _("Cooperative's AD/ART parameters changed")
    COLLECTIBILITY_CHANGED = "cooperative.collectibility_changed", _("Collectibility thresholds changed")
    PASSBOOK_DOWNLOADED = "member.passbook_downloaded", _("Member's passbook downloaded")
    DELIBERATION_RECORDED = "deliberation.recorded", _("Village deliberation recorded")
    DELIBERATION_MINUTES_DOWNLOADED = "deliberation.minutes_read", _("Minutes of a village deliberation downloaded")
    FACILITATOR_APPOINTED = "facilitator.appointed", _("Facilitator appointed")
    FACILITATOR_ENDED = "facilitator.ended", _("Facilitator's appointment ended")
    FACILITATOR_ACCOUNT_CREATED = "facilitator.account_created", _("Facilitator's user account created")
    REFERRAL_CREATED = "referral.created", _("Person referred to a partner programme")
    REFERRAL_UPDATED = "referral.updated", _("Referral to a partner programme changed")


class AuditLog(ChoiceLabels, models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    event = models.CharField(_("event"), max_length=40, choices=AuditEvent.choices)
    subject_type = models.CharField(_("record type"), max_length=40)
    subject_id = models.CharField(_("record id"), max_length=40)
    subject_label = models.CharField(_("record"), max_length=200, blank=True)
    # The region the subject belongs to, so the log is scoped like the records themselves.
    region_code = models.CharField(_("region code"), max_length=13, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    via = models.CharField(_("via"), max_length=10, default="web")

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            # Audit page: newest first within the viewer's region.
            models.Index(fields=["region_code", "-at"], name="audit_region_at_idx"),
            # Audit page filter by event.
            models.Index(fields=["event", "-at"], name="audit_event_at_idx"),
            # Person detail: history of one record.
            models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event} {self.subject_type}#{self.subject_id}"
