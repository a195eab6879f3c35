"""Forms validate shape only; the rules live in facilitators.services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from desmigratif.enterprises.forms import IdChoiceField, OwnerField
from desmigratif.facilitators.models import Appointment, ReportStatus, VisitKind
from desmigratif.lib.months import parse_month
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

MONTH_INVALID = _("Enter the month as YYYY-MM, e.g. 2026-03.")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonField(OwnerField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class AppointmentField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.full_name} ({obj.starts_on:%d/%m/%Y})"


def _offer(field: Any, people: QuerySet[Person], candidates: list[Person]) -> None:
    """Validation accepts anyone of the village; the page offers the search results and the ticked."""
    field.queryset = people
    field.widget.choices = [(p.pk, p.full_name) for p in candidates]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), max_length=100, required=False)


class DeliberationForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none())
    held_on = forms.DateField(label=_("Held on"), widget=_date_widget())
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=100000)
    minutes_number = forms.CharField(label=_("Minutes reference (berita acara)"), max_length=100)
    minutes_file = forms.FileField(
        label=_("Scan of the minutes"),
        required=False,
        help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    chosen = PersonField(
        label=_("Persons chosen as facilitators"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Find them by name above, then tick them."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        villages: QuerySet[Village],
        people: QuerySet[Person],
        candidates: list[Person],
        per_village: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        _offer(self.fields["chosen"], people, candidates)
        if per_village is not None:
            self.fields["chosen"].help_text = _("Find them by name above, then tick them (at most %(count)s).") % {
                "count": per_village
            }


class AppointForm(forms.Form):
    person = IdChoiceField(label=_("Person"), queryset=Person.objects.none(), empty_label=None)
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_widget())
    replaces = AppointmentField(
        label=_("Replaces"),
        queryset=Appointment.objects.none(),
        required=False,
        empty_label=_("Nobody (a free place)"),
    )
    end_reason = forms.CharField(label=_("Reason the replaced facilitator leaves"), max_length=300, required=False)
    username = forms.CharField(
        label=_("Username of the new account"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to create the account later."),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], active: QuerySet[Appointment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]
        self.fields["replaces"].queryset = active  # type: ignore[attr-defined]


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=_date_widget())
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AccountForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class VisitForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=_date_widget())
    kind = forms.ChoiceField(label=_("Type"), choices=VisitKind.choices)
    people = PersonField(
        label=_("People met"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Find them by name above, then tick them."),
    )
    attendees = forms.IntegerField(label=_("Attendees (meetings)"), min_value=0, max_value=100000, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: QuerySet[Person], candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["people"], people, candidates)


class ReportStartForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none(), empty_label=None)
    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    )

    def __init__(self, *args: Any, villages: QuerySet[Village], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]

    def clean_month(self) -> datetime.date:
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(MONTH_INVALID)
        return month


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative of the month"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, what went well, what needs support."),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FacilitatorFilterForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"), required=False)
    ended = forms.BooleanField(label=_("Include ended appointments"), required=False)

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", _("All villages")), *villages]  # type: ignore[attr-defined]


class VisitFilterForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *VisitKind.choices])
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"}),
    )

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", _("All villages")), *villages]  # type: ignore[attr-defined]

    def clean_month(self) -> datetime.date | None:
        text = self.cleaned_data["month"]
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(MONTH_INVALID)
        return month


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReportStatus.choices]
    )
    village = forms.ChoiceField(label=_("Village"), required=False)

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", _("All villages")), *villages]  # type: ignore[attr-defined]
