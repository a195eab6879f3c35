"""Job-offer screening ("Cek tawaran kerja"): the red-flag rules as data, and screenings saved on cases.

The rules of DOMAIN-RULES A2, A3 and A4 are rows (``ScreeningRule``) with their severity, texts in
Indonesian and English, legal basis and validity dates, loaded by a data migration and editable by
national staff. Only the matching logic is code (``screening.rules``), one small check per code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels, Rule
from desmigratif.lib.languages import current_language
from desmigratif.migration.models import MigrationCase


class Severity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    INFO = "info", _("Information")


# Most serious first: the order findings are shown in.
SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2, Severity.INFO: 3}


class ScreeningRule(ChoiceLabels, Rule):
    """One red flag an offer can raise, with what to tell the worker (A2, A3, A4).

    ``confirmed`` follows the Conf. column of DOMAIN-RULES: P and S rules are confirmed; U rules
    are not, and a finding of an unconfirmed rule is only a warning whatever its severity here.
    """

    code = models.CharField(_("code"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    severity = models.CharField(_("severity"), max_length=6, choices=Severity.choices)
    confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Unconfirmed rules (U in DOMAIN-RULES) only give warnings.")
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    explanation_id = models.TextField(_("explanation (Indonesian)"))
    explanation_en = models.TextField(_("explanation (English)"))
    advice_id = models.TextField(_("what to do (Indonesian)"))
    advice_en = models.TextField(_("what to do (English)"))

    class Meta:
        verbose_name = _("screening rule")
        verbose_name_plural = _("screening rules")
        ordering = ["order", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="screening_rule_version_once"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="screening_rule_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from})"

    def _text(self, field: str) -> str:
        english = current_language() == "en"
        return str(getattr(self, f"{field}_{'en' if english else 'id'}"))

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def explanation(self) -> str:
        return self._text("explanation")

    @property
    def advice(self) -> str:
        return self._text("advice")


class CaseScreening(models.Model):
    """An offer screened for a case: the answers given and the findings, as they were on that day.

    Findings are a snapshot (code, severity, rule version, texts in both languages), so a later
    change of a rule row does not rewrite what the facilitator saw and told the worker.
    """

    case = models.ForeignKey(MigrationCase, on_delete=models.PROTECT, related_name="screenings")
    at = models.DateTimeField(_("screened at"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rules_on = models.DateField(_("rules in force on"))
    answers = models.JSONField(_("answers"), default=dict)
    findings = models.JSONField(_("findings"), default=list)
    high_count = models.PositiveSmallIntegerField(_("high-severity findings"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("case screening")
        verbose_name_plural = _("case screenings")
        ordering = ["-at", "-id"]
        indexes = [
            # Case page: a case's screenings, newest first.
            models.Index(fields=["case", "-at"], name="screening_case_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d}"
