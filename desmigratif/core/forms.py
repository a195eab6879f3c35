"""Form fields shared by every app."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.money import parse_amount

AMOUNT_INVALID = _("Write the amount in rupiah, e.g. 1.500.000 or 1500000.")


class RupiahField(forms.Field):
    """An amount as people write it (``lib.money.parse_amount``), as a Decimal; never a float.

    ``decimal_places`` caps the decimals (2 for money, more for exchange rates) and ``max_digits``
    the digits before them.
    """

    widget = forms.TextInput

    def __init__(self, *, decimal_places: int = 2, max_digits: int = 15, **kwargs: Any) -> None:
        self.decimal_places, self.max_digits = decimal_places, max_digits
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "30"})

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip()
        if not text:
            return None
        amount = parse_amount(text) if len(text) <= 30 else None
        if amount is None:
            raise forms.ValidationError(AMOUNT_INVALID, code="invalid")
        whole, _sep, fraction = format(amount, "f").partition(".")
        if len(fraction.rstrip("0")) > self.decimal_places or len(whole.lstrip("0")) > self.max_digits:
            raise forms.ValidationError(AMOUNT_INVALID, code="invalid")
        return amount


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names (or to the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
