"""Licensed placement agencies (P3MI) and the history of their licence status.

Only a licensed P3MI, the government or a company placing its own employees may place workers;
no individual may (UU 18/2017 Pasal 69, DOMAIN-RULES A2.1). The SIP3MI is the company licence
(Permen P2MI 17/2025 Pasal 1 angka 5).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class Agency(ChoiceLabels, models.Model):
    name = models.CharField(_("name"), max_length=200)
    licence_number = models.CharField(_("SIP3MI licence number"), max_length=100, unique=True)
    licence_valid_from = models.DateField(_("licence valid from"))
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE)
    head_office = models.CharField(_("head office"), max_length=300, blank=True)
    branch_offices = models.TextField(_("branch offices"), blank=True, help_text=_("One per line."))
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("placement agency (P3MI)")
        verbose_name_plural = _("placement agencies (P3MI)")
        ordering = ["name", "id"]
        indexes = [
            # Agency list and the public check page search by name.
            models.Index(fields=["name"], name="agencies_agency_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence_valid_until__isnull=True)
                | models.Q(licence_valid_until__gt=models.F("licence_valid_from")),
                name="agencies_licence_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AgencyStatusChange(ChoiceLabels, models.Model):
    """Append-only history of an agency's status (a suspension under Permen P2MI 4/2025 Pasal 9, say)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="status_changes")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, choices=AgencyStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=AgencyStatus.choices)
    reason = models.CharField(_("reason"), max_length=300)
    reference = models.CharField(_("decision reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.from_status} → {self.to_status}"
