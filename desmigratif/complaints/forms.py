"""Forms validate shape only; the complaint rules live in complaints.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desmigratif.complaints.models import ComplaintCategory, ComplaintStatus, Relationship
from desmigratif.core.public_forms import HoneypotForm, VillageField
from desmigratif.lib.countries import country_choices
from desmigratif.lib.languages import current_language
from desmigratif.people.models import Person
from desmigratif.regions.models import Village


def _category_choices(categories: list[ComplaintCategory]) -> list[tuple[str, str]]:
    return [(c.code, c.name_en if current_language() == "en" else c.name_id) for c in categories]


class ComplaintFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ComplaintStatus.choices]
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, categories: list[ComplaintCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All categories")), *_category_choices(categories)]


class _ComplaintFields(forms.Form):
    """The fields a complainant gives, on the public form and in the staff form."""

    complainant_name = forms.CharField(label=_("Your name"), max_length=150)
    complainant_phone = forms.CharField(
        label=_("Your phone number"), max_length=20, help_text=_("We call or message you back on this number.")
    )
    complainant_relationship = forms.ChoiceField(
        label=_("You are the worker's"), choices=[("", "—"), *Relationship.choices]
    )
    migrant_name = forms.CharField(label=_("Name of the worker abroad"), max_length=150)
    destination_country = forms.ChoiceField(label=_("Country where the worker is"))
    category = forms.ChoiceField(label=_("What is the problem?"))
    description = forms.CharField(
        label=_("What happened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where the worker is, the employer or agency, since when, what help is needed."),
    )

    def __init__(self, *args: Any, categories: list[ComplaintCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["destination_country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *country_choices()]
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", "—"), *_category_choices(categories)]


class PublicComplaintForm(HoneypotForm, _ComplaintFields):
    village = VillageField(label=_("Your village"))
    field_order = [
        "village",
        "complainant_name",
        "complainant_phone",
        "complainant_relationship",
        "migrant_name",
        "destination_country",
        "category",
        "description",
    ]


class StaffComplaintForm(_ComplaintFields):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none(), required=False)
    complainant_person = forms.ModelChoiceField(
        label=_("Complainant in the registry"), queryset=Person.objects.none(), required=False
    )
    confidential_notes = forms.CharField(
        label=_("Confidential notes"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the handling chain reads these."),
    )

    def __init__(self, *args: Any, villages: Any, family: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["complainant_name"].label = _("Complainant's name")
        self.fields["complainant_phone"].label = _("Complainant's phone number")
        self.fields["complainant_phone"].help_text = ""
        self.fields["complainant_relationship"].label = _("Complainant is the worker's")
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages
        person = self.fields["complainant_person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = family


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for escalating"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("How it was resolved"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=300)


class StatusLookupForm(forms.Form):
    tiket = forms.CharField(label=_("Receipt number"), max_length=30, help_text=_("For example PGD-ABCD-EFGH-JKLM."))
