"""Partners (mitra): the organisations that support the programme, their programmes, which village
receives what, and the people a facilitator or Disnaker officer refers to a partner programme.

Organisations and programmes are national reference data, not personal. Village support belongs to
a village and is scoped like every village record. A referral names a person: it is scoped to the
person's village, shown masked in lists and audited (``referral.created``, ``referral.updated``).
Partners themselves see aggregates only (``selectors.partner_figures``), never these rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels
from desmigratif.monitoring.models import Pillar
from desmigratif.regions.models import Village

# The four pillars, labelled as the monitoring catalogue labels them ("1 · Migration service centre").
PILLARS = [(p.value, p.label) for p in (Pillar.MIGRATION, Pillar.ENTERPRISE, Pillar.LEARNING, Pillar.COOPERATIVE)]


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or agency")
    CENTRAL_BANK = "central_bank", _("Central bank")
    STATE_BANK = "state_bank", _("State-owned bank")
    INTERNATIONAL = "international", _("International organisation")
    PRIVATE = "private", _("Private partner")
    OTHER = "other", _("Other")


class Organisation(ChoiceLabels, models.Model):
    kind = models.CharField(_("kind"), max_length=15, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Programme(ChoiceLabels, models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    pillar = models.CharField(_("pillar"), max_length=15, choices=PILLARS)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("partner programme")
        verbose_name_plural = _("partner programmes")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partners_programme_name_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="partners_programme_dates",
            ),
        ]
        indexes = [
            # Programme list filtered by pillar, by name.
            models.Index(fields=["pillar", "name"], name="partners_programme_pillar_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class VillageSupport(models.Model):
    """What a programme gives a village, from ``since`` (until ``until`` when it ended)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="supports", verbose_name=_("programme")
    )
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    what = models.CharField(_("what is given"), max_length=300)
    amount: models.DecimalField[Decimal | None, Decimal | None] = models.DecimalField(
        _("amount (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("village support")
        verbose_name_plural = _("village support")
        constraints = [
            # One row per programme, village and start; also the programme page's village list.
            models.UniqueConstraint(fields=["programme", "village", "since"], name="partners_support_once"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="partners_support_amount"
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="partners_support_dates",
            ),
        ]
        indexes = [
            # Village page and the scoped support list (village-code prefix), newest first.
            models.Index(fields=["village", "-since"], name="partners_support_village_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.village_id} {self.since}"


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    TAKEN_UP = "taken_up", _("Accepted / taken up")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    NO_SHOW = "no_show", _("Did not show up")


# Where a referral may go from each status; the others are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.REFERRED: frozenset({ReferralStatus.TAKEN_UP, ReferralStatus.DECLINED, ReferralStatus.NO_SHOW}),
    ReferralStatus.TAKEN_UP: frozenset({ReferralStatus.COMPLETED}),
}
# A referral counts as taken up once the person joined the programme (and when they completed it).
TAKEN_UP_STATUSES = (ReferralStatus.TAKEN_UP, ReferralStatus.COMPLETED)
OPEN_STATUSES = (ReferralStatus.REFERRED, ReferralStatus.TAKEN_UP)


class Referral(ChoiceLabels, models.Model):
    """A person referred to a partner programme. ``village`` is the person's village when referred:
    the referral stays with the village that made it."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="partner_referrals", verbose_name=_("person")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("programme")
    )
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    referred_on = models.DateField(_("referred on"))
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    status_on = models.DateField(_("status since"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            # Referral list: the scope (village-code prefix), newest first.
            models.Index(fields=["village", "-referred_on"], name="partners_referral_village_idx"),
            # Monitoring: referrals of a month, per village.
            models.Index(fields=["referred_on"], name="partners_referral_month_idx"),
            # "Is this person already referred to this programme?"
            models.Index(fields=["person", "programme"], name="partners_referral_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.person_id} {self.referred_on}"


class ReferralEvent(ChoiceLabels, models.Model):
    """Append-only history of a referral's status."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    from_status = models.CharField(max_length=10, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReferralStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"], name="partners_referral_hist_idx")]  # history

    def __str__(self) -> str:
        return f"{self.referral_id} → {self.to_status}"
