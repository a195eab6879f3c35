"""Building blocks shared by the domain apps' models."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.languages import current_language


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
        return self.name_en if current_language() == "en" else self.name_id


# Each choice field's labels by value, built on first use (model fields and their choices are fixed).
_CHOICE_LABELS: dict[models.Field[Any, Any], dict[Any, Any]] = {}


def choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """A choice field's labels (lazy, translated when shown) by value, built once per field: what
    ``get_<field>_display()`` shows, for rows read as plain values (``Model._meta.get_field(name)``)."""
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = _CHOICE_LABELS[field] = {make_hashable(value): label for value, label in field.flatchoices}
    return labels


class ChoiceLabels:
    """``get_<field>_display()`` looking the label up in a dict built once per field.

    Django's own ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on
    every call, and hashing each (value, label) pair translates every lazy label: about 14 µs a
    call, and a list page of 25 people calls it 50 times. The result is the same (the test compares
    every choice of every model). Every model of the project with a choice field inherits this,
    first among its bases; ``core/tests/test_choice_labels.py`` checks that none is missed.
    """

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        labels = choice_labels(field)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value, such as a list
            label = labels.get(make_hashable(value), value)
        return force_str(label, strings_only=True)
