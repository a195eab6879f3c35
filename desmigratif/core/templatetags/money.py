"""Rupiah on pages: Indonesian grouping, Decimal only (``{% load money %}{{ amount|rupiah }}``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    """Rp1.500.000 (cents only when there are any: Rp1.500,50); empty for no value."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}Rp{grouped}" + (f",{cents}" if cents != "00" else "")
