"""Programme indicators and their values per village and month (the rollup table).

Dashboards read only the rollup table, never the people, case or journal tables, so what a
dashboard costs grows with villages × months, not with the programme's records. Values are
stored as parts that add up across villages and months (a sum, a numerator and denominator, a
histogram), so a regency, a province, the nation or a cohort is the sum of its villages' rows.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from desmigratif.core.models import ChoiceLabels
from desmigratif.lib.languages import current_language
from desmigratif.regions.models import Village


class Pillar(models.TextChoices):
    MIGRATION = "migration", _("1 · Migration service centre")
    ENTERPRISE = "enterprise", _("2 · Productive enterprises")
    LEARNING = "learning", _("3 · Learning houses")
    COOPERATIVE = "cooperative", _("4 · Cooperatives and remittances")
    FACILITATORS = "facilitators", _("Facilitators")
    PARTNERS = "partners", _("Partners")


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    COUNT = "count", pgettext_lazy("unit of an indicator", "number")
    DAYS = "days", _("days")
    RUPIAH = "rupiah", _("rupiah")
    PERCENT = "percent", _("percent")


class Kind(models.TextChoices):
    # A flow adds up over the months of a period (cases opened); a stock is the value at the end
    # of the period's last month (members, balances).
    FLOW = "flow", _("flow: summed over the period")
    STOCK = "stock", _("stock: at the end of the period")


class Aggregate(models.TextChoices):
    SUM = "sum", _("sum")
    # value / denominator × 100 (PAR30, share above 5 %).
    RATIO = "ratio", _("ratio of sums (percent)")
    # value / denominator (average cost).
    MEAN = "mean", _("mean")
    # The median of the merged histograms (days to departure).
    MEDIAN = "median", _("median of the merged histograms")


class Indicator(ChoiceLabels, models.Model):
    """One indicator of the catalogue (issue 6; loaded by a data migration, read everywhere)."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    pillar = models.CharField(_("pillar"), max_length=15, choices=Pillar.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    definition_id = models.TextField(_("definition (Indonesian)"))
    definition_en = models.TextField(_("definition (English)"))
    formula = models.CharField(_("formula"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    aggregate = models.CharField(_("aggregate"), max_length=6, choices=Aggregate.choices, default=Aggregate.SUM)
    # Counts of people shown to partners are suppressed below 5 so that nobody is re-identified.
    suppress_small = models.BooleanField(_("suppress small counts for partners"), default=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_en if current_language() == "en" else self.name_id

    @property
    def definition(self) -> str:
        return self.definition_en if current_language() == "en" else self.definition_id


class Rollup(models.Model):
    """The parts of one indicator for one village and month."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2, default=0)
    denominator = models.DecimalField(_("denominator"), max_digits=20, decimal_places=2, default=0)
    # {key: count}: days for a median, steps for cases by step.
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["village", "month", "indicator"], name="monitoring_rollup_once"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monitoring_rollup_first_of_month"),
        ]
        indexes = [
            # Dashboards: one indicator set over a period within a region-code prefix.
            models.Index(fields=["month", "village"], name="monitoring_month_village_idx"),
            # Time series of one indicator.
            models.Index(fields=["indicator", "month"], name="monitoring_indicator_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.month:%Y-%m} {self.indicator_id}={self.value}"


def _report_path(instance: ProgrammeReport, filename: str) -> str:
    return f"programme-reports/{instance.requested_at:%Y/%m}/{filename}"


class ProgrammeReport(ChoiceLabels, models.Model):
    """A printable programme report (PDF) of a region and period, built by a background task.

    The page that asked for it polls ``progress`` until the file is ready. It holds aggregates
    only (read from the rollup table), suppressed for partners as their dashboard is.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # "" is the nation; otherwise a province or regency code.
    region_code = models.CharField(_("region code"), max_length=13, blank=True)
    region_name = models.CharField(_("region"), max_length=150)
    start = models.DateField(_("from month"))
    end = models.DateField(_("to month"))
    language = models.CharField(_("language"), max_length=8, default="id")
    suppress = models.BooleanField(_("small counts suppressed"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    file = models.FileField(_("file"), upload_to=_report_path, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="monitoring_report_progress_max"),
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="monitoring_report_period"),
        ]
        indexes = [
            # "My reports", newest first.
            models.Index(fields=["requested_by", "-requested_at"], name="monitoring_report_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code or 'ID'} {self.start:%Y-%m}–{self.end:%Y-%m}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
