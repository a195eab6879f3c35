"""Remittances received by migrant workers' families, and what they cost (DOMAIN-RULES C).

The cost of a remittance follows the World Bank's Remittance Prices Worldwide definition (C1, C7):
total cost = transfer fee + exchange-rate margin, as a percentage of the amount sent. It is
compared with the corridor's published average (with its survey period) and the SDG 10.c targets
(C2: below 3 %, no corridor above 5 %), both stored as data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.cooperatives.models import SavingsTransaction, money_field
from desmigratif.core.models import ChoiceLabels, LocalizedName, Rule
from desmigratif.people.models import Person
from desmigratif.regions.models import Village


class CorridorBenchmark(models.Model):
    """Average total cost to send to Indonesia from one country in one quarter (World Bank RPW)."""

    sending_country = models.CharField(_("sending country"), max_length=2)
    period = models.CharField(_("period"), max_length=6, help_text=_("Survey quarter, e.g. 2020Q3."))
    average_total_cost_percent = models.DecimalField(_("average total cost (%)"), max_digits=7, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["sending_country", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["sending_country", "period"], name="remit_benchmark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sending_country} {self.period} {self.average_total_cost_percent}%"


class CostTarget(LocalizedName, Rule):
    """An SDG 10.c remittance-cost target (C2): a percentage with what it means."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["percent"]

    def __str__(self) -> str:
        return f"{self.code} {self.percent}%"


class Channel(models.TextChoices):
    BANK = "bank", _("Bank")
    REMITTANCE_COMPANY = "remittance_company", _("Remittance company")
    POST = "post", _("Post office")
    INFORMAL = "informal", _("Informal (carried, courier, agent)")
    OTHER = "other", _("Other")


class IntendedUse(models.TextChoices):
    CONSUMPTION = "consumption", _("Daily needs")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    SAVINGS = "savings", _("Savings")
    BUSINESS = "business", _("Business")
    DEBT = "debt", _("Paying debts")
    OTHER = "other", _("Other")


class Remittance(ChoiceLabels, models.Model):
    # The receiving family member's village at the time: the record stays in that village's scope.
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    recipient = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="remittances_received", verbose_name=_("received by")
    )
    sender = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="remittances_sent",
        null=True,
        blank=True,
        verbose_name=_("sent by (migrant worker)"),
    )
    received_on = models.DateField(_("received on"))
    sending_country = models.CharField(_("sent from (country)"), max_length=2)
    amount_sent = models.DecimalField(_("amount sent"), max_digits=18, decimal_places=2)
    currency_sent = models.CharField(_("currency sent"), max_length=3)
    fee = models.DecimalField(_("fee (in the currency sent)"), max_digits=18, decimal_places=2)
    applied_rate = models.DecimalField(_("rupiah per unit, applied"), max_digits=18, decimal_places=6)
    mid_rate = models.DecimalField(_("rupiah per unit, mid-market"), max_digits=18, decimal_places=6)
    amount_received = money_field(_("rupiah received"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    intended_use = models.CharField(_("intended use"), max_length=20, choices=IntendedUse.choices)
    # Computed once from the figures above (C7) and kept, with the benchmark it was compared with.
    total_cost_percent = models.DecimalField(_("total cost (%)"), max_digits=7, decimal_places=2)
    benchmark = models.ForeignKey(CorridorBenchmark, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    savings_deposit = models.OneToOneField(
        SavingsTransaction, on_delete=models.PROTECT, related_name="remittance", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_sent__gt=0, fee__gte=0, applied_rate__gt=0, mid_rate__gt=0),
                name="remit_positive_figures",
            ),
        ]
        indexes = [
            # Village list and summaries by date; regency summaries group by village prefix.
            models.Index(fields=["village", "-received_on"], name="remit_village_date_idx"),
            models.Index(fields=["received_on"], name="remit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.received_on} {self.amount_received}"
