"""Forms validate shape only; the rules live in enterprises.services."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from desmigratif.cooperatives.models import Loan
from desmigratif.core.forms import RupiahField
from desmigratif.enterprises.models import CapitalSource, EnterpriseStatus, PeriodKind, ProviderKind, Sector
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

PERIOD_INVALID = _("Enter the month as YYYY-MM, e.g. 2026-03.")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# The largest id a row can have; SQLite cannot even compare a larger integer with a column.
MAX_ID = 2**63 - 1


def _refuse_impossible_ids(field: forms.ModelChoiceField, value: Any) -> None:  # type: ignore[type-arg]
    values = value if isinstance(value, list | tuple) else [value]
    for item in values:
        text = str(item).strip()
        if text.isdigit() and int(text) > MAX_ID:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )


class OwnerField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def clean(self, value: Any) -> Any:
        _refuse_impossible_ids(self, value)
        return super().clean(value)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.domicile_village.name}"


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def clean(self, value: Any) -> Any:
        _refuse_impossible_ids(self, value)
        return super().clean(value)


class LoanField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        amount = f"{obj.principal:,.0f}".replace(",", ".")
        return f"{obj.member.person.full_name} · {obj.cooperative.name} · {obj.applied_on:%d/%m/%Y} · Rp{amount}"


class OwnerSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), max_length=100, required=False)


class EnterpriseForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none())
    name = forms.CharField(label=_("Name of the enterprise"), max_length=150)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(), empty_label=None)
    owners = OwnerField(
        label=_("Owners"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Find the owners by name above, then tick them."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (EnterpriseStatus.RUNNING, EnterpriseStatus.RUNNING.label),
            (EnterpriseStatus.IDEA, EnterpriseStatus.IDEA.label),
        ],
    )
    started_on = forms.DateField(label=_("Started on"), required=False, widget=_date_widget())
    capital = RupiahField(label=_("Start-up capital (Rp)"), required=False)
    capital_source = forms.ChoiceField(label=_("Source of the capital"), choices=CapitalSource.choices)
    loan = LoanField(
        label=_("Cooperative loan"),
        queryset=Loan.objects.none(),
        required=False,
        help_text=_("Only when the capital came from a cooperative loan of one of the owners."),
    )

    def __init__(
        self,
        *args: Any,
        villages: QuerySet[Village],
        people: QuerySet[Person],
        candidates: list[Person],
        loans: QuerySet[Loan],
        with_status: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages
        owners = self.fields["owners"]
        assert isinstance(owners, OwnerField)
        # Validation accepts anyone of the area; the page offers the search results and the chosen.
        owners.queryset = people
        owners.widget.choices = [(p.pk, owners.label_from_instance(p)) for p in candidates]
        loan = self.fields["loan"]
        assert isinstance(loan, LoanField)
        loan.queryset = loans
        if not with_status:
            del self.fields["status"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=EnterpriseStatus.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=_date_widget())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product"), max_length=150)
    price = RupiahField(label=_("Price (Rp)"))
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False, help_text=_("E.g. pack, kg, piece."))
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("JPEG or PNG, at most 2 MB."),
    )


class ProgressForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    period = forms.CharField(
        label=_("Month (first month of the quarter)"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"}),
    )
    revenue = RupiahField(label=_("Revenue in the period (Rp)"))
    workers_family = forms.IntegerField(label=_("Workers from the family"), min_value=0, max_value=1000, initial=0)
    workers_other = forms.IntegerField(label=_("Other workers"), min_value=0, max_value=1000, initial=0)
    problems = forms.CharField(
        label=_("Problems"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    support_needed = forms.CharField(
        label=_("Support needed"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_period(self) -> datetime.date:
        text = self.cleaned_data["period"].strip()
        match = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
            raise forms.ValidationError(PERIOD_INVALID)
        return datetime.date(int(match[1]), int(match[2]), 1)


class EnterpriseFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *EnterpriseStatus.choices]
    )
    village = forms.ChoiceField(label=_("Village"), required=False)

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ChoiceField)
        sector.choices = [("", _("All sectors")), *((s.code, s.name) for s in Sector.objects.all())]
        village = self.fields["village"]
        assert isinstance(village, forms.ChoiceField)
        village.choices = [("", _("All villages")), *villages]


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider_kind = forms.ChoiceField(label=_("Provider"), choices=ProviderKind.choices)
    provider_name = forms.CharField(
        label=_("Provider's name"), max_length=150, required=False, help_text=_("E.g. BLK Kabupaten Malang.")
    )
    topic = forms.CharField(label=_("Topic"), max_length=150)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False, empty_label=_("Any sector")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_widget())
    ends_on = forms.DateField(label=_("Ends on"), widget=_date_widget())
    place = forms.CharField(label=_("Place"), max_length=200)
    region = forms.ChoiceField(label=_("For the village or regency"))

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = regions


class ParticipantForm(forms.Form):
    person = IdChoiceField(queryset=Person.objects.none())

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = people


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, participants: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = self.fields["present"]
        assert isinstance(present, forms.TypedMultipleChoiceField)
        present.choices = [(p.pk, p.person.full_name) for p in participants]


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=_date_widget())
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
