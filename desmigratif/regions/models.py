"""Kemendagri administrative regions and the villages designated in Desmigratif.

Region rows are keyed by their official dotted code, so a scope is a code prefix and every
record that carries a village can be filtered by ``village_id__startswith``. Codes are fixed
width per level (2, 2, 2, 4 digits), so a prefix such as ``35.07`` can never match ``35.071``.
A newer edition of the region list updates names and coordinates in place and marks codes it
no longer contains as inactive: rows are never deleted, because people and cases point at them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels


class RegencyPart(models.Func):
    """The regency part of a region code ("35.07" of "35.07.33.2006"): ``SUBSTR(code, 1, 5)``.

    The bounds are written in the SQL, not passed as parameters, so that the expression is the
    indexes' expression in every plan (the scope writes the regency code in too: ``accounts.scope``).
    """

    template = "SUBSTR(%(expressions)s, 1, 5)"
    output_field = models.CharField()


def regency_key(field: str) -> RegencyPart:
    """The regency part of the region code in ``field``.

    The leading key of the indexes that hold a regency's rows in a list's order (persons by name,
    cases newest first): ``Scope.q(…, regency_key=…)`` filters a regency through it, so that a page
    of a regency reads its own rows instead of walking the whole country's order.
    """
    return RegencyPart(field)


class Region(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("in the current edition"), default=True)
    edition = models.CharField(_("edition"), max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Province(Region):
    class Meta(Region.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Regency(Region):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")

    class Meta(Region.Meta):
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")


class District(Region):
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")

    class Meta(Region.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Village(ChoiceLabels, Region):
    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("Kelurahan (urban village)")
        DESA = "desa", _("Desa (rural village)")
        DESA_ADAT = "desa_adat", _("Desa adat (customary village)")

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(Region.Meta):
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        indexes = [
            # Village pickers search by name within a scope.
            models.Index(fields=["name"], name="regions_village_name_idx"),
        ]


class ProgramVillage(ChoiceLabels, models.Model):
    """A village's designation in Desmigratif."""

    class Status(models.TextChoices):
        DESIGNATED = "designated", _("Designated")
        CANDIDATE = "candidate", _("Candidate")
        PROPOSED = "proposed", _("Proposed")
        ENDED = "ended", _("Ended")

    village = models.OneToOneField(Village, on_delete=models.PROTECT, primary_key=True, related_name="program")
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DESIGNATED)
    designation_reference = models.CharField(
        _("designation reference"),
        max_length=200,
        blank=True,
        help_text=_("Decree or letter that designated the village, if known."),
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("programme village")
        verbose_name_plural = _("programme villages")
        ordering = ["village_id"]
        indexes = [
            # Rollout by cohort year (monitoring) and the programme-village filter.
            models.Index(fields=["cohort_year", "status"], name="regions_pv_cohort_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cohort_year__isnull=True) | models.Q(cohort_year__gte=2016),
                name="regions_pv_cohort_from_2016",
            ),
        ]

    def __str__(self) -> str:
        return self.village_id
