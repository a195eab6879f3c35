"""Reports of illegal brokers (calo/sponsor) and their follow-up.

Anyone may report a broker on the public form, anonymously; facilitators also enter reports they
hear of. A report belongs to the village where the broker was active. Each change of its follow-up
status appends a ``BrokerReportEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels
from desmigratif.regions.models import Village


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    VERIFYING = "verifying", _("Being verified")
    REPORTED_POLICE = "reported_police", _("Reported to the police")
    REPORTED_DISNAKER = "reported_disnaker", _("Reported to the Disnaker")
    CLOSED = "closed", _("Closed")


class ReportSource(models.TextChoices):
    PUBLIC = "public", _("Public form")
    FACILITATOR = "facilitator", _("Entered by staff")


class BrokerReport(ChoiceLabels, models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    source = models.CharField(_("source"), max_length=12, choices=ReportSource.choices)
    broker_name = models.CharField(_("broker's name or alias"), max_length=150)
    broker_phone = models.CharField(_("broker's phone"), max_length=20, blank=True)
    offered_country = models.CharField(_("country offered"), max_length=2, blank=True)
    offered_job = models.CharField(_("job offered"), max_length=150, blank=True)
    money_asked = models.DecimalField(_("money asked (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True)
    description = models.TextField(_("what happened"), max_length=4000)
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("last update"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("broker report")
        verbose_name_plural = _("broker reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(money_asked__isnull=True) | models.Q(money_asked__gte=0),
                name="brokers_money_not_negative",
            ),
        ]
        indexes = [
            # Broker report list: a village's reports, newest first, filtered by status.
            models.Index(fields=["village", "status", "-received_at"], name="brokers_village_idx"),
            # Broker report list filter by status across a regency or the country.
            models.Index(fields=["status", "-received_at"], name="brokers_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.broker_name} ({self.village_id})"


class BrokerReportEvent(ChoiceLabels, models.Model):
    """Append-only history of a report's follow-up."""

    report = models.ForeignKey(BrokerReport, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at"], name="brokers_event_idx")]  # report history

    def __str__(self) -> str:
        return f"{self.report_id} → {self.to_status}"
