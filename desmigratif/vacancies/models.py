"""Vacancies (job orders) of licensed agencies, checked by Disnaker or national staff before publication.

A job order is recruited under a SIP2MI, the recruitment permit per job order (DOMAIN-RULES A2.2).
The rules a vacancy must keep (zero cost A2, the Middle-East moratorium and SPSK A3) are data in
``placement``; ``vacancies.services`` applies them on every write.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.agencies.models import Agency
from desmigratif.core.models import ChoiceLabels
from desmigratif.core.templatetags.money import format_rupiah
from desmigratif.lib.countries import country_name
from desmigratif.lib.languages import current_language
from desmigratif.migration.models import EmployerType
from desmigratif.people.models import Education
from desmigratif.placement.models import Job


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class SexRequirement(models.TextChoices):
    ANY = "any", _("Women and men")
    FEMALE = "F", _("Women only")
    MALE = "M", _("Men only")


class Vacancy(ChoiceLabels, models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("placement agency (P3MI)")
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("job"))
    employer_type = models.CharField(_("employer type"), max_length=12, choices=EmployerType.choices)
    quota = models.PositiveIntegerField(_("quota"))
    salary_amount = models.DecimalField(_("monthly salary"), max_digits=12, decimal_places=2)
    salary_currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code, e.g. MYR."))
    contract_months = models.PositiveSmallIntegerField(_("contract (months)"))
    sex = models.CharField(_("sex"), max_length=3, choices=SexRequirement.choices, default=SexRequirement.ANY)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    education = models.CharField(_("minimum education"), max_length=20, choices=Education.choices, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    # Rupiah. Zero for zero-cost jobs (Perban BP2MI 9/2020), which the services enforce.
    worker_cost = models.DecimalField(_("cost charged to the worker (Rp)"), max_digits=14, decimal_places=2, default=0)
    closing_date = models.DateField(_("closing date"))
    job_order_reference = models.CharField(_("job order reference (SIP2MI)"), max_length=100)
    status = models.CharField(
        _("verification"), max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.UNVERIFIED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_note = models.CharField(_("verification note"), max_length=300, blank=True)
    # Words the public search matches: employer, job and country names in both languages, agency,
    # skills, languages. Kept by the services; PostgreSQL searches it through a GIN index
    # (migration vacancies.0002), SQLite with LIKE.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=models.Q(quota__gte=1), name="vacancies_quota_positive"),
            models.CheckConstraint(condition=models.Q(salary_amount__gt=0), name="vacancies_salary_positive"),
            models.CheckConstraint(condition=models.Q(worker_cost__gte=0), name="vacancies_cost_not_negative"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="vacancies_age_range_ordered",
            ),
        ]
        indexes = [
            # Public search and staff list: verified, open vacancies by closing date.
            models.Index(fields=["status", "closing_date"], name="vacancies_status_closing_idx"),
            # Country filter (public and staff).
            models.Index(fields=["country", "closing_date"], name="vacancies_country_idx"),
            # Job filter (public and staff); the sector filter joins the small job table on it.
            models.Index(fields=["job", "closing_date"], name="vacancies_job_idx"),
            # Staff list filter by agency; the agency page's vacancies.
            models.Index(fields=["agency", "closing_date"], name="vacancies_agency_idx"),
            # The lists' order (staff and API: latest closing first; public: soonest first, read
            # backwards): a page reads 25 entries, not every vacancy sorted (5,000 at national
            # scale: 10 ms without it, bench/pages.py).
            models.Index(fields=["closing_date", "id"], name="vacancies_closing_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_name} ({self.country})"

    @property
    def salary_text(self) -> str:
        return salary_text(self.salary_amount, self.salary_currency)

    @property
    def worker_cost_text(self) -> str:
        return rupiah_text(self.worker_cost)

    @property
    def country_name(self) -> str:
        return country_name(self.country)


def salary_text(amount: Decimal, currency: str) -> str:
    """A salary in its currency: rupiah as every page writes them, another currency formatted for
    the active language (Babel CLDR)."""
    if currency == "IDR":
        return rupiah_text(amount)
    return str(format_currency(amount, currency, locale=current_language()))


def rupiah_text(amount: Decimal) -> str:
    return format_rupiah(amount)
