"""Reading amounts typed by people: Indonesian grouping or plain digits, never a float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_INDONESIAN = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,6})?$")  # 1.500.000 or 1.500.000,50
_PLAIN = re.compile(r"^\d+([.,]\d{1,6})?$")  # 1500000, 1500000.5, 1500000,5


def parse_amount(text: str) -> Decimal | None:
    """1.500.000 → 1500000; 1.500.000,50 → 1500000.50; 1500000 → 1500000; 3500.25 → 3500.25.

    A single dot followed by exactly three digits ("1.500") is read as grouping, as an Indonesian
    would write it; anything else unreadable gives None.
    """
    cleaned = text.strip().replace(" ", "").removeprefix("Rp").removeprefix("rp")
    try:
        if _INDONESIAN.match(cleaned):
            return Decimal(cleaned.replace(".", "").replace(",", "."))
        if _PLAIN.match(cleaned):
            return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
    return None
