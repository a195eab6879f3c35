from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desmigratif.agencies.models import AgencyStatus


class AgencySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Agency name or licence number"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    licence_number = forms.CharField(label=_("SIP3MI licence number"), max_length=100)
    licence_valid_from = forms.DateField(
        label=_("Licence valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    licence_valid_until = forms.DateField(
        label=_("Licence valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    head_office = forms.CharField(label=_("Head office"), max_length=300, required=False)
    branch_offices = forms.CharField(
        label=_("Branch offices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )


class AgencyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgencyStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    reference = forms.CharField(label=_("Decision reference"), max_length=200, required=False)
