"""Forms validate shape only; the rules live in partners.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from desmigratif.core.forms import RupiahField
from desmigratif.enterprises.forms import IdChoiceField
from desmigratif.partners.models import PILLARS, Organisation, OrganisationKind, Programme, ReferralStatus
from desmigratif.people.models import Person
from desmigratif.regions.models import Village


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False, help_text=_("E.g. BRI, BI."))


class ProgrammeForm(forms.Form):
    organisation = IdChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), empty_label=None)
    name = forms.CharField(label=_("Name of the programme"), max_length=200)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=PILLARS)
    description = forms.CharField(
        label=_("Description"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_widget())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=_date_widget())
    is_active = forms.BooleanField(label=_("Active: people can be referred to it"), required=False, initial=True)


class VillageField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.district.name})"


class SupportForm(forms.Form):
    village = VillageField(label=_("Village"), queryset=Village.objects.none())
    what = forms.CharField(label=_("What the village receives"), max_length=300)
    amount = RupiahField(label=_("Amount (Rp, optional)"), required=False)
    since = forms.DateField(label=_("Since"), widget=_date_widget())
    until = forms.DateField(label=_("Until (optional)"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, villages: QuerySet[Village], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person by name"), max_length=100, required=False)


class PersonField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.domicile_village.name}"


class ProgrammeField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.organisation}"


class ReferralForm(forms.Form):
    person = PersonField(label=_("Person"), queryset=Person.objects.none(), widget=forms.RadioSelect)
    programme = ProgrammeField(label=_("Programme"), queryset=Programme.objects.none())
    referred_on = forms.DateField(label=_("Referred on"), widget=_date_widget())
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        candidates: list[Person],
        programmes: QuerySet[Programme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, PersonField)
        # Validation accepts anyone of the area; the page offers the search results.
        person.queryset = people
        person.widget.choices = [(p.pk, person.label_from_instance(p)) for p in candidates]
        programme = self.fields["programme"]
        assert isinstance(programme, ProgrammeField)
        programme.queryset = programmes


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, s.label) for s in ReferralStatus if s != ReferralStatus.REFERRED],
    )
    on = forms.DateField(label=_("Date"), required=False, widget=_date_widget())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProgrammeFilterForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, choices=[("", _("All pillars")), *PILLARS])
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("Active and ended")), ("yes", _("Active only")), ("no", _("Ended only"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.TypedChoiceField)
        organisation.choices = [("", _("All organisations")), *((o.pk, str(o)) for o in Organisation.objects.all())]


class ReferralFilterForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReferralStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.TypedChoiceField)
        programme.choices = [("", _("All programmes")), *((p.pk, p.name) for p in Programme.objects.order_by("name"))]
