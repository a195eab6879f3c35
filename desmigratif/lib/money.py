"""Reading amounts typed by people, the Indonesian way, never as a float.

Dots group thousands and a comma marks the decimals ("1.500.000", "1.500.000,50"); plain digits
work too ("1500000", "1500000,50"), and a leading "Rp" is ignored. "1.50" is not an amount: a
dot only ever groups thousands, so the ambiguous form is refused rather than guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^\d+(,\d+)?$")


def parse_amount(text: str) -> Decimal | None:
    cleaned = re.sub(r"\s", "", text or "")
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:]
    cleaned = cleaned.removesuffix(",-")  # "Rp 6.500.000,-" as written on receipts
    if not (_GROUPED.match(cleaned) or _PLAIN.match(cleaned)):
        return None
    return Decimal(cleaned.replace(".", "").replace(",", "."))
