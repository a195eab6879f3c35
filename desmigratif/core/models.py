"""Building blocks shared by the domain apps' models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Rule(models.Model):
    """Common fields of every rule row: where it comes from and when it applies.

    Rules, lists and numbers from DOMAIN-RULES are rows of such tables, loaded by data migrations,
    so a change of regulation is a data change, not a code change.
    """

    legal_basis = models.CharField(_("legal basis"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def in_force_q(cls, on: object) -> models.Q:
        """Rows in force on a date."""
        return models.Q(valid_from__lte=on) & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))


class LocalizedName:
    """``name`` in the active language for rows that carry ``name_id`` and ``name_en``."""

    name_id: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id
