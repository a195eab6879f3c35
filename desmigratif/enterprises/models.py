"""Pillar 2, usaha produktif: enterprises of returned migrant workers and their families, their
periodic progress, their products, and the trainings (pelatihan) people attend.

An enterprise belongs to the village where it runs (scoped like every village record); its owners
are people of the registry. A training belongs to a village or to a whole regency (a BLK course
for the regency's villages); its participants are people of the registry.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels, LocalizedName
from desmigratif.regions.models import Village

if TYPE_CHECKING:
    from desmigratif.people.models import Person


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    """A rupiah amount: 18 digits, two decimals (Decimal, never float)."""
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


class Sector(LocalizedName, models.Model):
    """A business sector: reference data, loaded by a data migration (0002_sectors)."""

    code = models.SlugField(_("code"), max_length=30, primary_key=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CapitalSource(models.TextChoices):
    SAVINGS = "savings", _("Own savings")
    REMITTANCE = "remittance", _("Remittances")
    COOPERATIVE_LOAN = "cooperative_loan", _("Cooperative loan")
    OTHER = "other", _("Other")


class EnterpriseStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Enterprise(ChoiceLabels, models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    name = models.CharField(_("name"), max_length=150)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    owners: models.ManyToManyField[Person, EnterpriseOwner] = models.ManyToManyField(
        "people.Person", through="EnterpriseOwner", related_name="enterprises", verbose_name=_("owners")
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    capital: models.DecimalField[Decimal | None, Decimal | None] = models.DecimalField(
        _("start-up capital"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    capital_source = models.CharField(_("source of the capital"), max_length=20, choices=CapitalSource.choices)
    loan = models.ForeignKey(
        "cooperatives.Loan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperative loan"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnterpriseStatus.choices, default=EnterpriseStatus.RUNNING
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capital__isnull=True) | models.Q(capital__gte=0),
                name="enterprises_capital_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(loan__isnull=True) | models.Q(capital_source="cooperative_loan"),
                name="enterprises_loan_only_for_loan_source",
            ),
        ]
        indexes = [
            # Enterprise list in a village (the scope or the village filter), by name.
            models.Index(fields=["village", "name"], name="enterprises_village_idx"),
            # Enterprise list filtered by status across a regency or the country.
            models.Index(fields=["status", "name"], name="enterprises_status_idx"),
            # Enterprise list filtered by sector across a regency or the country.
            models.Index(fields=["sector", "name"], name="enterprises_sector_idx"),
            # "Started a business after the training": owners' enterprises by start date.
            models.Index(fields=["started_on"], name="enterprises_started_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class EnterpriseOwner(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="ownerships")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enterprise_ownerships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "person"], name="enterprises_owner_once"),
        ]
        # The person side is indexed for "which enterprises does this trainee own" (training report).
        indexes = [models.Index(fields=["person"], name="enterprises_owner_person_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}/{self.person_id}"


class StatusChange(ChoiceLabels, models.Model):
    """Append-only history of an enterprise's status."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="status_changes")
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_status = models.CharField(max_length=10, choices=EnterpriseStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=EnterpriseStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["enterprise", "at"], name="enterprises_status_hist_idx")]  # history

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.to_status}"


def product_photo_name(instance: Any, filename: str) -> str:
    """An unguessable storage name; only the extension of the sniffed type is kept."""
    return f"product-photos/{secrets.token_urlsafe(24)}{PurePosixPath(filename).suffix.lower()[:5]}"


class Product(models.Model):
    """A product of the village catalogue. The photo lives in the private storage and is served by
    an access-checked view only."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=150)
    price = money_field(_("price"))
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    photo = models.FileField(_("photo"), upload_to=product_photo_name, blank=True, max_length=100)
    photo_type = models.CharField(_("photo type"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0), name="enterprises_price_not_negative")]

    def __str__(self) -> str:
        return self.name


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class ProgressReport(ChoiceLabels, models.Model):
    """What an enterprise achieved in one month or quarter (``period_start`` is its first day)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="progress_reports")
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    revenue = money_field(_("revenue"))
    workers_family = models.PositiveSmallIntegerField(_("family workers"), default=0)
    workers_other = models.PositiveSmallIntegerField(_("other workers"), default=0)
    problems = models.TextField(_("problems"), max_length=2000, blank=True)
    support_needed = models.TextField(_("support needed"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period_start"]
        constraints = [
            # One report per enterprise per period; also serves the enterprise's time series.
            models.UniqueConstraint(fields=["enterprise", "period_start"], name="enterprises_one_report_per_period"),
            models.CheckConstraint(condition=models.Q(revenue__gte=0), name="enterprises_revenue_not_negative"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="enterprises_period_ordered"
            ),
        ]
        indexes = [
            # Village progress page: a village's reports by period (joined through the enterprise).
            models.Index(fields=["period_start"], name="enterprises_report_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.period_start}"

    @property
    def workers(self) -> int:
        return self.workers_family + self.workers_other


class ProviderKind(models.TextChoices):
    BBPP = "bbpp", _("BBPP (agricultural training centre)")
    BLK = "blk", _("BLK (vocational training centre)")
    PARTNER = "partner", _("Programme partner")
    OTHER = "other", _("Other")


class Training(ChoiceLabels, models.Model):
    """A course. ``region_code`` is a village code, or a regency code for a regency-wide course."""

    title = models.CharField(_("title"), max_length=200)
    provider_kind = models.CharField(_("provider"), max_length=10, choices=ProviderKind.choices)
    provider_name = models.CharField(_("provider's name"), max_length=150, blank=True)
    topic = models.CharField(_("topic"), max_length=150)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    region_code = models.CharField(_("village or regency"), max_length=13)
    region_name = models.CharField(_("village or regency name"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="trainings_dates"),
        ]
        indexes = [
            # Training list: the scope (region-code prefix), newest first.
            models.Index(fields=["region_code", "-starts_on"], name="trainings_region_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="trainings")
    registered_at = models.DateTimeField(default=timezone.now)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="trainings_participant_once"),
            models.UniqueConstraint(
                fields=["training", "certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="trainings_certificate_once",
            ),
        ]
        # Person side: a person's trainings (the person index of the trainee report).
        indexes = [models.Index(fields=["person"], name="trainings_person_idx")]

    def __str__(self) -> str:
        return f"{self.training_id}/{self.person_id}"


class Attendance(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            # One mark per participant and day; also the attendance sheet's lookup.
            models.UniqueConstraint(fields=["participant", "day"], name="trainings_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.day}"
