"""How a figure reads on a page: by its unit, "< 5" when suppressed, "—" when there is none."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from desmigratif.core.templatetags.money import format_rupiah

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    if value is None:
        return "—"
    if value.suppressed:
        return _("fewer than 5")
    if value.value is None:
        return "—"
    unit = value.indicator.unit
    if unit == "rupiah":
        return format_rupiah(value.value)
    if unit == "percent":
        return f"{number_format(value.value, 2)}%"
    if unit == "days":
        return _("%(days)s days") % {"days": number_format(value.value, 1 if value.value % 1 else 0)}
    return number_format(value.value, 0, force_grouping=True)


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key)
