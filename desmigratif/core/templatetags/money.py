"""``{{ amount|rupiah }}``: Rupiah with Indonesian grouping, e.g. Rp1.500.000,00 (Decimal only).

Rupiah are written the Indonesian way on English pages too: it is how the forms read amounts
(``lib.money.parse_amount``), so an amount shown can be typed back as it reads. Every rupiah amount
a page shows goes through ``format_rupiah``; other currencies are formatted for the reader's
language (Babel, ``floatformat``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()

CENT = Decimal("0.01")


def format_rupiah(value: Decimal) -> str:
    """Rp1.500.000,00; a negative amount is −Rp1.500.000,00. Floats are refused, never rounded."""
    if not isinstance(value, Decimal):
        raise TypeError("rupiah amounts are Decimal")
    amount = value.quantize(CENT)
    whole, _, fraction = f"{abs(amount):,.2f}".partition(".")
    text = f"Rp{whole.replace(',', '.')},{fraction}"
    return f"−{text}" if amount < 0 else text


@register.filter
def rupiah(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    return format_rupiah(value)
