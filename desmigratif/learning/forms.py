"""Forms validate shape only; the rules live in learning.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from desmigratif.enterprises.forms import IdChoiceField, OwnerField
from desmigratif.learning.models import (
    CaregiverRelation,
    ConcernCategory,
    ConcernStatus,
    SchoolLevel,
    SchoolStatus,
    SessionKind,
)
from desmigratif.people.models import Person
from desmigratif.regions.models import Village


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_label(person: Any) -> str:
    return f"{person.full_name} · {person.birth_date:%Y}"


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class PeopleChoiceField(OwnerField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


def _offer(field: forms.Field, accepted: QuerySet[Person], shown: QuerySet[Person] | None = None) -> None:
    """Validation accepts anyone of the area (the service judges); the page offers ``shown``."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = accepted
    if shown is not None:
        empty = [("", field.empty_label)] if not isinstance(field, forms.ModelMultipleChoiceField) else []
        field.widget.choices = empty + [(p.pk, _person_label(p)) for p in shown]


class HouseForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none())
    name = forms.CharField(label=_("Name of the learning house"), max_length=150)
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("Where the sessions are held."))
    schedule = forms.CharField(label=_("Schedule"), max_length=200, help_text=_("E.g. every Saturday 15:00–17:00."))

    def __init__(self, *args: Any, villages: QuerySet[Village] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if villages is None:
            del self.fields["village"]
        else:
            village = self.fields["village"]
            assert isinstance(village, forms.ModelChoiceField)
            village.queryset = villages


class VolunteerForm(forms.Form):
    person = PersonChoiceField(label=_("Volunteer"), queryset=Person.objects.none())

    def __init__(self, *args: Any, accepted: QuerySet[Person], shown: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["person"], accepted, shown)


class ChildForm(forms.Form):
    person = PersonChoiceField(
        label=_("Child"), queryset=Person.objects.none(), help_text=_("Children under 18 living in the village.")
    )
    caregiver = PersonChoiceField(label=_("Caregiver at home"), queryset=Person.objects.none())
    caregiver_relation = forms.ChoiceField(
        label=_("Caregiver's relation to the child"), choices=CaregiverRelation.choices
    )
    parents = PeopleChoiceField(
        label=_("Parents working abroad"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    school_level = forms.ChoiceField(label=_("School level"), choices=SchoolLevel.choices)
    school_status = forms.ChoiceField(label=_("School status"), choices=SchoolStatus.choices)
    guardian_name = forms.CharField(
        label=_("Name of the parent or guardian who consents"), max_length=200, required=False
    )
    guardian_relation = forms.CharField(label=_("Their relation to the child"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_(
            "The parent or guardian has read the consent text and agrees that the child's data is recorded "
            "for the learning house."
        ),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        accepted: QuerySet[Person],
        children: QuerySet[Person] | None,
        adults: QuerySet[Person],
        parents: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if children is None:  # editing: the child and the consent stay
            for name in ("person", "guardian_name", "guardian_relation", "consent"):
                del self.fields[name]
        else:
            _offer(self.fields["person"], accepted, children)
        _offer(self.fields["caregiver"], accepted, adults)
        _offer(self.fields["parents"], accepted, parents)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=_date_widget())


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=_date_widget())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    led_by = PersonChoiceField(label=_("Led by (facilitator or volunteer)"), queryset=Person.objects.none())
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, volunteers: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self.fields["led_by"], volunteers, volunteers)


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = self.fields["present"]
        assert isinstance(present, forms.TypedMultipleChoiceField)
        present.choices = choices


class ChildFilterForm(forms.Form):
    house = forms.TypedChoiceField(label=_("Learning house"), coerce=int, required=False, empty_value=None)
    school_status = forms.ChoiceField(
        label=_("School status"), required=False, choices=[("", _("All")), *SchoolStatus.choices]
    )

    def __init__(self, *args: Any, houses: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        house = self.fields["house"]
        assert isinstance(house, forms.TypedChoiceField)
        house.choices = [("", _("All learning houses")), *houses]


class ConcernForm(forms.Form):
    category = forms.ChoiceField(label=_("The child needs help with"), choices=ConcernCategory.choices)
    note = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ConcernUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ConcernStatus.choices)
    referred_to = forms.CharField(label=_("Referred to"), max_length=200, required=False)
    referred_on = forms.DateField(label=_("Referred on"), required=False, widget=_date_widget())
