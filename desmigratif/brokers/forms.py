"""Forms validate shape only; the report rules live in brokers.services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desmigratif.brokers.models import ReportStatus
from desmigratif.core.public_forms import HoneypotForm, VillageField
from desmigratif.lib.countries import country_choices
from desmigratif.regions.models import Village


class _ReportFields(forms.Form):
    broker_name = forms.CharField(label=_("Broker's name or alias"), max_length=150)
    broker_phone = forms.CharField(label=_("Broker's phone number"), max_length=20, required=False)
    offered_country = forms.ChoiceField(label=_("Country offered"), required=False)
    offered_job = forms.CharField(label=_("Job offered"), max_length=150, required=False)
    money_asked = forms.DecimalField(
        label=_("Money asked (Rp)"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=0,
        help_text=_("In rupiah, without dots, e.g. 15000000."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where and when the broker recruited, what was promised, who was approached."),
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    reporter_contact = forms.CharField(
        label=_("Your phone or other contact (optional)"),
        max_length=100,
        required=False,
        help_text=_("Leave both empty to report anonymously."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offered_country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *country_choices()]


class PublicReportForm(HoneypotForm, _ReportFields):
    village = VillageField(label=_("Village where the broker was active"))


class StaffReportForm(_ReportFields):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none())

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = villages
        self.order_fields(["village"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReportStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReportStatus.choices]
    )
