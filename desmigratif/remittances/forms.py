from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.countries import country_choices
from desmigratif.lib.money import parse_amount
from desmigratif.remittances.models import Channel, IntendedUse


class AmountField(forms.Field):
    """An amount typed the Indonesian way ("1.500.000" or "1.500.000,50") or plainly ("1500000")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_length: int = 30, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        if not text:
            return None
        amount = parse_amount(text[: self.max_length + 1]) if len(text) <= self.max_length else None
        if amount is None:
            raise forms.ValidationError(_("Enter an amount, for example 1.500.000."))
        return amount


class RemittanceForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sending_country = forms.ChoiceField(label=_("Sent from (country)"))
    amount_sent = AmountField(label=_("Amount sent"), max_length=30)
    currency_sent = forms.CharField(label=_("Currency sent"), max_length=3, help_text=_("For example MYR, HKD, TWD."))
    fee = AmountField(label=_("Fee paid by the sender (in that currency)"), max_length=30)
    amount_received = AmountField(label=_("Rupiah received"), max_length=30)
    applied_rate = AmountField(
        label=_("Rate on the receipt (rupiah per unit)"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to compute it from the rupiah received."),
    )
    mid_rate = AmountField(
        label=_("Mid-market rate that day (rupiah per unit)"),
        max_length=30,
        help_text=_("From Bank Indonesia's reference rate (JISDOR) or a newspaper for that day."),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.RadioSelect)
    intended_use = forms.ChoiceField(label=_("Intended use"), choices=IntendedUse.choices)
    sender = forms.TypedChoiceField(label=_("Sent by"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, senders: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["sending_country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *country_choices()]
        sender = self.fields["sender"]
        assert isinstance(sender, forms.TypedChoiceField)
        sender.choices = [("", "—"), *senders]
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["received_on"]
        return value


class DepositForm(forms.Form):
    amount = AmountField(label=_("Amount to deposit"), max_length=30)
