"""Forms validate shape only; the rules that span records live in people.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desmigratif.people.models import (
    Consent,
    ConsentPurpose,
    Education,
    FamilyRelation,
    MaritalStatus,
    MigrantStatus,
    Relationship,
    Sex,
)
from desmigratif.people.services import ConsentData, PersonData
from desmigratif.regions.models import Village


class VillageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Village)
        return f"{obj.name} — {obj.district.name}"


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or NIK"), "autocomplete": "off"}),
    )
    migrant_status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *MigrantStatus.choices]
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("Both")), *Sex.choices])
    village = forms.ChoiceField(label=_("Village"), required=False)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(v.code, f"{v.name} — {v.district.name}") for v in (villages if villages is not None else [])]
        field = self.fields["village"]
        assert isinstance(field, forms.ChoiceField)
        if len(options) > 1:
            field.choices = [("", _("All villages")), *options]
        else:
            del self.fields["village"]


class PersonForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 digits, as on the KTP or the family card (KK)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As on the KTP; one field, also for people with a single name."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    birth_place = forms.CharField(label=_("Birth place"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "placeholder": "0812 3456 7890"}),
    )
    domicile_village = VillageChoiceField(
        label=_("Village of domicile"), queryset=Village.objects.none(), empty_label=None
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False, help_text=_("Hamlet (dusun), RT/RW."))
    education = forms.ChoiceField(label=_("Education"), choices=[("", "—"), *Education.choices], required=False)
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=[("", "—"), *MaritalStatus.choices], required=False
    )
    migrant_status = forms.ChoiceField(
        label=_("Migrant status"), choices=MigrantStatus.choices, initial=MigrantStatus.NONE
    )

    def __init__(self, *args: Any, villages: Any, current_nik_masked: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["domicile_village"]
        assert isinstance(field, VillageChoiceField)
        field.queryset = villages
        if current_nik_masked:
            # Editing: an empty NIK keeps the stored one, which the form never shows in full.
            nik = self.fields["nik"]
            nik.required = False
            nik.help_text = _("Leave empty to keep the NIK as it is; type the full NIK only to correct it.")
            nik.widget.attrs["placeholder"] = current_nik_masked

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            nik=data["nik"],
            full_name=data["full_name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            domicile_village=data["domicile_village"].code,
            birth_place=data["birth_place"].strip(),
            phone=data["phone"],
            address=data["address"].strip(),
            education=data["education"],
            marital_status=data["marital_status"],
            migrant_status=data["migrant_status"],
        )


class ConsentFieldsMixin(forms.Form):
    consent_given_by = forms.ChoiceField(
        label=_("Consent given by"),
        choices=Consent.GivenBy.choices,
        initial=Consent.GivenBy.SELF,
        widget=forms.RadioSelect,
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name"),
        max_length=200,
        required=False,
        help_text=_("Required for a person under 18."),
    )
    guardian_relation = forms.CharField(label=_("Guardian's relation to the person"), max_length=100, required=False)

    def consent_data(self, given: bool) -> ConsentData:
        data = self.cleaned_data
        return ConsentData(
            given=given,
            given_by=data["consent_given_by"],
            guardian_name=data["guardian_name"],
            guardian_relation=data["guardian_relation"],
        )


class PersonCreateForm(PersonForm, ConsentFieldsMixin):
    consent = forms.BooleanField(
        label=_("The person (or their guardian) has read the consent text and agrees to be registered."),
        required=False,
    )


class ConsentForm(ConsentFieldsMixin):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    consent = forms.BooleanField(
        label=_("The person (or their guardian) has read the consent text and agrees."),
        required=False,
    )


class HouseholdForm(forms.Form):
    kk_number = forms.CharField(
        label=_("KK number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("16 digits, from the family card."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class HouseholdMemberForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK of the member"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The person must already be registered in this village."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=[c for c in Relationship.choices if c[0] != Relationship.HEAD],
    )


class FamilyLinkForm(forms.Form):
    migrant_nik = forms.CharField(
        label=_("NIK of the migrant worker"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    relation = forms.ChoiceField(label=_("Relation to the migrant worker"), choices=FamilyRelation.choices)
