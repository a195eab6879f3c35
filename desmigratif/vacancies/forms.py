"""Forms validate shape only; the vacancy rules live in vacancies.services."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.lib.countries import country_choices
from desmigratif.migration.models import EmployerType
from desmigratif.people.models import Education
from desmigratif.placement.models import Sector
from desmigratif.placement.selectors import jobs
from desmigratif.vacancies.models import SexRequirement, VerificationStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _job_choices() -> list[tuple[str, Any]]:
    return [("", _("All jobs")), *((j.code, j.name) for j in jobs())]


class PublicSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("job, country, employer")}
        ),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    job = forms.ChoiceField(label=_("Job"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])

    def __init__(self, *args: Any, countries: Collection[str] = (), **kwargs: Any) -> None:
        """``countries``: the destination countries of the vacancies the list can show, the ones the
        country filter offers (a handful, where every country would be 260 options on a phone). A
        country asked for in the query is offered too, so that a search for a country without
        vacancies finds none rather than ignoring the filter."""
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        offered = {*countries, self.data.get("country", "")}
        fields["country"].choices = [
            ("", _("All countries")),
            *((code, name) for code, name in country_choices() if code in offered),
        ]
        fields["job"].choices = _job_choices()


class StaffFilterForm(PublicSearchForm):
    status = forms.ChoiceField(
        label=_("Verification"), required=False, choices=[("", _("All")), *VerificationStatus.choices]
    )


class VacancyForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Placement agency (P3MI)"), queryset=Agency.objects.all())
    job_order_reference = forms.CharField(label=_("Job order reference (SIP2MI)"), max_length=100)
    employer_name = forms.CharField(label=_("Employer"), max_length=200)
    employer_type = forms.ChoiceField(label=_("Employer type"), choices=EmployerType.choices, widget=forms.RadioSelect)
    country = forms.ChoiceField(label=_("Country"))
    job = forms.ModelChoiceField(label=_("Job"), queryset=jobs())
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=100_000)
    salary_amount = forms.DecimalField(
        label=_("Monthly salary"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    salary_currency = forms.CharField(
        label=_("Currency"), max_length=3, min_length=3, help_text=_("ISO 4217 code, e.g. MYR.")
    )
    contract_months = forms.IntegerField(label=_("Contract (months)"), min_value=1, max_value=120)
    worker_cost = forms.DecimalField(
        label=_("Cost charged to the worker (Rp)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0"),
        required=False,
        help_text=_("Must be 0 for zero-cost jobs (Perban BP2MI 9/2020)."),
    )
    closing_date = forms.DateField(label=_("Closing date"), widget=_DATE)
    sex = forms.ChoiceField(label=_("Who may apply"), choices=SexRequirement.choices, initial=SexRequirement.ANY)
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=18, max_value=80)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=18, max_value=80)
    education = forms.ChoiceField(
        label=_("Minimum education"), required=False, choices=[("", _("None required")), *Education.choices]
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    languages = forms.CharField(label=_("Languages"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["country"].choices = [("", "—"), *country_choices()]
        today = timezone.localdate()
        # Any registered agency is accepted (the service says why one may not recruit); the list
        # offers those that may.
        fields["agency"].choices = [
            ("", "—"),
            *(
                (a.pk, a.name)
                for a in Agency.objects.filter(status=AgencyStatus.ACTIVE, licence_valid_from__lte=today).order_by(
                    "name"
                )
            ),
        ]

    def vacancy_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["worker_cost"] = data["worker_cost"] if data["worker_cost"] is not None else Decimal("0")
        return data


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(VerificationStatus.VERIFIED, _("Verify")), (VerificationStatus.REJECTED, _("Reject"))],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
