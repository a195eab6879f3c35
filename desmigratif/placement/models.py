"""Reference rules of placement: the job catalogue, zero cost, costs a worker may never be charged,
the Middle-East moratorium and its SPSK exception (DOMAIN-RULES A2, A3).

Every row is data with its legal basis and validity dates (``core.models.Rule``), loaded by the
data migrations of this app from copies of the shared data with their sources; national staff
edit them, code never hard-codes them. Read them through ``placement.selectors``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels, LocalizedName, Rule


class Sector(models.TextChoices):
    """A coarse grouping of jobs for filters (a Desmigratif classification, not an official one)."""

    DOMESTIC_CARE = "domestic_care", _("Domestic work and care")
    AGRICULTURE = "agriculture", _("Agriculture and plantations")
    FISHERIES = "fisheries", _("Fisheries and sea")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    CONSTRUCTION = "construction", _("Construction")
    SERVICES = "services", _("Services")
    GENERAL = "general", _("General work")


class Job(ChoiceLabels, LocalizedName, models.Model):
    """A placement job title (jabatan), from data/jobs.csv (see data/README.md for sources)."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    source_list = models.CharField(_("source list"), max_length=40)
    source = models.TextField(_("source"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("offered in forms"), default=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["name_id"]

    def __str__(self) -> str:
        return self.name


class ZeroCostJob(Rule):
    """A job for which the worker may not be charged placement costs (A2.6, A2.8)."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="zero_cost_rules")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("zero-cost job")
        verbose_name_plural = _("zero-cost jobs")
        ordering = ["job__name_id"]

    def __str__(self) -> str:
        return f"{self.job_id} ({self.legal_basis})"


class ProtectedCost(LocalizedName, Rule):
    """A placement cost item the worker may not be charged in a zero-cost job (A2.7)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    class Meta:
        verbose_name = _("cost the worker may not be charged")
        verbose_name_plural = _("costs the worker may not be charged")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class MoratoriumList(Rule):
    """A published list of countries closed to placement with individual employers (A3).

    Two lists circulate (19 and 21 countries, A3.2/A3.3); both are stored, and ``is_applied``
    says which one the system enforces until the decree text is confirmed.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    employer_type = models.CharField(_("applies to employer type"), max_length=12, default="individual")
    is_applied = models.BooleanField(_("enforced"), default=False)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("moratorium list")
        verbose_name_plural = _("moratorium lists")
        ordering = ["-is_applied", "code"]

    def __str__(self) -> str:
        return self.name


class MoratoriumCountry(models.Model):
    moratorium = models.ForeignKey(MoratoriumList, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))

    class Meta:
        verbose_name = _("moratorium country")
        verbose_name_plural = _("moratorium countries")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["moratorium", "country"], name="placement_moratorium_country_once")
        ]

    def __str__(self) -> str:
        return self.country


class SpskJob(Rule):
    """A job open under SPSK, the one-channel pilot with Saudi Arabia (A3.6).

    SPSK does not lift the moratorium: it places workers in these domestic jobs with a Saudi
    placement company (syarikah, a legal entity), through selected agencies, at no cost to the worker.
    """

    country = models.CharField(_("country"), max_length=2)
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="spsk_rules")

    class Meta:
        verbose_name = _("SPSK job")
        verbose_name_plural = _("SPSK jobs")
        constraints = [models.UniqueConstraint(fields=["country", "job"], name="placement_spsk_job_once")]

    def __str__(self) -> str:
        return f"{self.country} {self.job_id}"
