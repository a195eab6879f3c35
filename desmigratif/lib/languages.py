"""The two languages the project writes: Indonesian (the default) and English."""

from __future__ import annotations

from django.utils.translation import get_language


def current_language() -> str:
    """The active language as the code of a translated column or CLDR locale: "en" or "id" (the
    default). The one place that maps Django's language to the two the project writes."""
    return "en" if (get_language() or "id").startswith("en") else "id"
