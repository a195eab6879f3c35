from decimal import Decimal

import pytest

from desmigratif.lib.money import parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.500.000", Decimal("1500000")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("Rp1.500.000", Decimal("1500000")),
        ("1500000", Decimal("1500000")),
        ("3500.25", Decimal("3500.25")),
        ("3500,25", Decimal("3500.25")),
        (" 2.000 ", Decimal("2000")),
    ],
)
def test_amounts_typed_the_indonesian_way_or_plainly(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "satu juta", "1,500,000", "1.5.0", "-500", "1e6", "NaN"])
def test_anything_else_is_not_an_amount(text):
    assert parse_amount(text) is None
