from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.forms import RupiahField
from desmigratif.lib.countries import country_choices
from desmigratif.remittances.models import Channel, IntendedUse


class RemittanceForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sending_country = forms.ChoiceField(label=_("Sent from (country)"))
    amount_sent = RupiahField(label=_("Amount sent"))
    currency_sent = forms.CharField(label=_("Currency sent"), max_length=3, help_text=_("For example MYR, HKD, TWD."))
    fee = RupiahField(label=_("Fee paid by the sender (in that currency)"))
    amount_received = RupiahField(label=_("Rupiah received"))
    applied_rate = RupiahField(
        decimal_places=6,
        label=_("Rate on the receipt (rupiah per unit)"),
        required=False,
        help_text=_("Leave empty to compute it from the rupiah received."),
    )
    mid_rate = RupiahField(
        decimal_places=6,
        label=_("Mid-market rate that day (rupiah per unit)"),
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
    amount = RupiahField(label=_("Amount to deposit"))
