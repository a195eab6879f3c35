from __future__ import annotations

from django import template

from desmigratif.lib.masking import mask_name

register = template.Library()


@register.filter(name="mask_name")
def mask_name_filter(value: str) -> str:
    """A child's name as lists show it: the initials only."""
    return mask_name(str(value))
