from decimal import Decimal

import pytest
from django import forms

from desmigratif.core.forms import RupiahField
from desmigratif.lib.money import parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.500.000", Decimal("1500000")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("Rp 1.500.000", Decimal("1500000")),
        ("Rp6.500.000,-", Decimal("6500000")),
        ("1500000", Decimal("1500000")),
        ("3500,25", Decimal("3500.25")),
        (" 2.000 ", Decimal("2000")),
    ],
)
def test_amounts_typed_the_indonesian_way_or_plainly(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "satu juta", "1,500,000", "1.50", "1.5.0", "-500", "1e6", "NaN", "1,5jt"])
def test_anything_else_is_not_an_amount(text):
    assert parse_amount(text) is None


def test_the_field_caps_decimals_and_digits():
    money, rate = RupiahField(), RupiahField(decimal_places=6)
    assert money.clean("1.500.000,50") == Decimal("1500000.50")
    assert rate.clean("3.500,123456") == Decimal("3500.123456")
    for bad in ("1,001", "9" * 16, "satu"):
        with pytest.raises(forms.ValidationError):
            money.clean(bad)
