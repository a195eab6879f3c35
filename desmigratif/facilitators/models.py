"""Village facilitators (pendamping desa): the village deliberation (musyawarah desa) that chose
them, their appointments, the visits and activities they log, and the village's monthly report
with its review by the regency office (Disnaker).

At the 2017 launch each programme village had two facilitators, chosen by the village deliberation
and living in that village (DOMAIN-RULES A5.3); the number is a rule row (``FacilitatorQuota``). An
appointment is never deleted or edited away: a replacement ends one appointment and starts another,
so the history of who served stays.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from desmigratif.core.models import ChoiceLabels, Rule
from desmigratif.regions.models import Village

if TYPE_CHECKING:
    from desmigratif.people.models import Person

# The most a village may have, whatever the rule says: a bound for the rule's own validation.
MAX_FACILITATORS_PER_VILLAGE = 10


class FacilitatorQuota(Rule):
    """How many facilitators a programme village may have active at once (DOMAIN-RULES A5.3).

    A rule row, edited by national staff under Rules: the newest row in force today applies. Each
    active appointment holds a slot of its village, from 1 to this number; the database keeps a slot
    to one active appointment, the appointing service keeps the slots within the number.
    """

    per_village = models.PositiveSmallIntegerField(
        _("facilitators per village"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FACILITATORS_PER_VILLAGE)],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("facilitators per village")
        verbose_name_plural = _("facilitators per village")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(per_village__gte=1, per_village__lte=MAX_FACILITATORS_PER_VILLAGE),
                name="facilitators_quota_range",
            ),
        ]

    @property
    def name(self) -> str:
        return ngettext("%(count)s facilitator per village", "%(count)s facilitators per village", self.per_village) % {
            "count": self.per_village
        }

    def __str__(self) -> str:
        return self.name


def minutes_file_name(instance: Any, filename: str) -> str:
    """An unguessable storage name; only the extension of the sniffed type is kept."""
    return f"deliberation-minutes/{secrets.token_urlsafe(24)}{PurePosixPath(filename).suffix.lower()[:5]}"


class VillageDeliberation(models.Model):
    """A musyawarah desa that chose the village's facilitators; its berita acara is the minutes."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    held_on = models.DateField(_("held on"))
    attendees = models.PositiveIntegerField(_("attendees"))
    minutes_number = models.CharField(_("minutes reference (berita acara)"), max_length=100)
    minutes_file = models.FileField(_("minutes file"), upload_to=minutes_file_name, blank=True, max_length=100)
    minutes_file_type = models.CharField(_("minutes file type"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    chosen: models.ManyToManyField[Person, DeliberationChoice] = models.ManyToManyField(
        "people.Person", through="DeliberationChoice", related_name="+", verbose_name=_("chosen persons")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("village deliberation")
        verbose_name_plural = _("village deliberations")
        constraints = [
            models.CheckConstraint(condition=models.Q(attendees__gt=0), name="facilitators_deliberation_attendees"),
        ]
        indexes = [
            # Deliberation list of a village (the scope), newest first.
            models.Index(fields=["village", "-held_on"], name="facilitators_delib_village_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes_number} ({self.held_on})"


class DeliberationChoice(models.Model):
    deliberation = models.ForeignKey(VillageDeliberation, on_delete=models.PROTECT, related_name="choices")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deliberation", "person"], name="facilitators_chosen_once"),
        ]

    def __str__(self) -> str:
        return f"{self.deliberation_id}/{self.person_id}"


class Appointment(models.Model):
    """One person serving as a facilitator of a village from ``starts_on`` until ``ended_on``."""

    deliberation = models.ForeignKey(
        VillageDeliberation, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("deliberation")
    )
    # The deliberation's village, kept on the row for the scope and for the per-village constraints.
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="facilitator_appointments", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitator_appointments",
        verbose_name=_("user account"),
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    starts_on = models.DateField(_("starts on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        constraints = [
            models.CheckConstraint(condition=models.Q(slot__gte=1), name="facilitators_slot_positive"),
            # Each active facilitator of a village holds their own slot; the number of slots is the
            # rule (FacilitatorQuota), checked by the appointing service.
            models.UniqueConstraint(
                fields=["village", "slot"],
                condition=models.Q(ended_on__isnull=True),
                name="facilitators_one_active_per_slot",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(ended_on__isnull=True), name="facilitators_person_active_once"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_on__isnull=True, user__isnull=False),
                name="facilitators_account_active_once",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("starts_on")),
                name="facilitators_dates_ordered",
            ),
        ]
        indexes = [
            # Facilitator list of a village (the scope), history newest first.
            models.Index(fields=["village", "-starts_on"], name="facilitators_village_idx"),
            # A facilitator's own appointment, looked up from the signed-in account.
            models.Index(fields=["user", "ended_on"], name="facilitators_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.village_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class VisitKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    SOCIALISATION = "socialisation", _("Socialisation meeting")
    DOCUMENT_HELP = "document_help", _("Help with documents")
    COMPLAINT = "complaint", _("Complaint follow-up")
    ENTERPRISE = "enterprise", _("Enterprise support")
    COORDINATION = "coordination", _("Coordination with the village or Disnaker")
    OTHER = "other", _("Other")


class Visit(ChoiceLabels, models.Model):
    """A visit or activity a facilitator logs: a home visit, a socialisation meeting, …"""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="visits", verbose_name=_("facilitator")
    )
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=VisitKind.choices)
    people: models.ManyToManyField[Person, VisitPerson] = models.ManyToManyField(
        "people.Person", through="VisitPerson", related_name="+", verbose_name=_("people met")
    )
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            # Visit list of a village (the scope) and the report's and indicator's monthly counts.
            models.Index(fields=["village", "-on"], name="facilitators_visit_village_idx"),
            # A facilitator's timeline.
            models.Index(fields=["appointment", "-on"], name="facilitators_visit_appt_idx"),
            # The monthly indicator across the country.
            models.Index(fields=["on"], name="facilitators_visit_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.on} {self.kind}"


class VisitPerson(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="met")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "person"], name="facilitators_visit_person_once")]

    def __str__(self) -> str:
        return f"{self.visit_id}/{self.person_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


# A report its facilitator may still edit, not submitted yet or returned with comments: its figures
# are computed live, and it is still owed (overdue once past its due day).
OPEN_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class MonthlyReport(ChoiceLabels, models.Model):
    """A village's monthly report. ``month`` is the month's first day. ``figures`` are computed from
    the records and frozen at each submission, so an approved report keeps what was reviewed."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    narrative = models.TextField(_("narrative"), max_length=5000, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True)
    # The first submission decides whether the report was on time; later ones follow a return.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            # One report per village and month; also the village's report list, by month.
            models.UniqueConstraint(fields=["village", "month"], name="facilitators_one_report_per_month"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="facilitators_report_status",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(first_submitted_at__isnull=False),
                name="facilitators_report_submitted_at",
            ),
        ]
        indexes = [
            # Review queue and the on-time indicator: reports by status and month.
            models.Index(fields=["status", "month"], name="facilitators_report_status_idx"),
            # The on-time indicator of a month across the country.
            models.Index(fields=["month"], name="facilitators_report_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.month:%Y-%m}"


class ReportTransition(ChoiceLabels, models.Model):
    """Append-only history of a report's workflow: who moved it, when, and the comment."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.PROTECT, related_name="transitions")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at"], name="facilitators_transition_idx")]  # history

    def __str__(self) -> str:
        return f"{self.report_id} → {self.to_status}"
