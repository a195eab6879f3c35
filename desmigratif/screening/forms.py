"""The screening questions. Forms check shape only; ``screening.rules`` checks the answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from desmigratif.core.forms import RupiahField
from desmigratif.lib.countries import country_choices
from desmigratif.placement.selectors import jobs
from desmigratif.screening.offer import Employer, Offer, PaidTo, PassportHolder, Recruiter, Route, Visa

YES, NO, UNKNOWN = "yes", "no", "unknown"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]
YES_NO_UNKNOWN = [*YES_NO, (UNKNOWN, _("I don't know"))]


def _radio(label: Any, choices: list[tuple[str, Any]], *, required: bool = False, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=required, **kwargs)


def _tri(value: str) -> bool | None:
    return True if value == YES else False if value == NO else None


class OfferForm(forms.Form):
    recruiter = _radio(_("Who offers you the job?"), Recruiter.choices, required=True)
    agency = forms.CharField(
        label=_("Name or licence number of the agency"),
        max_length=200,
        required=False,
        help_text=_("As written on its letters or ID card."),
    )
    country = forms.ChoiceField(label=_("Destination country"), required=False)
    job = forms.ChoiceField(label=_("Job"), required=False)
    job_text = forms.CharField(label=_("Other job"), max_length=150, required=False)
    employer = _radio(_("Who is the employer?"), Employer.choices, required=True)
    visa = _radio(_("Which visa will you travel on?"), Visa.choices, required=True)
    contract_seen = _radio(_("Have you seen and signed a work agreement (Perjanjian Kerja)?"), YES_NO)
    placement_agreement = _radio(_("Have you signed a placement agreement (Perjanjian Penempatan)?"), YES_NO)
    fee_amount = RupiahField(label=_("Money asked from you (rupiah)"), required=False)
    fee_paid_to = _radio(_("To whom is the money paid?"), PaidTo.choices)
    passport_holder = _radio(_("Who keeps your passport?"), PassportHolder.choices)
    birth_date = forms.DateField(
        label=_("Birth date of the worker"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    departure_date = forms.DateField(
        label=_("Planned departure date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    family_permission = _radio(
        _("Is there a permission letter from the family, acknowledged by the village head?"), YES_NO
    )
    registered = _radio(_("Are you registered in SISKOP2MI or do you have an E-KPMI card?"), YES_NO_UNKNOWN)
    route = _radio(_("How will you leave Indonesia?"), Route.choices)
    high_pay_fast = _radio(_("Is the salary very high, or the departure very fast?"), YES_NO)
    female_with_infant = _radio(_("Is the worker a woman with her own child under 12 months old?"), YES_NO)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        job = self.fields["job"]
        assert isinstance(country, forms.ChoiceField) and isinstance(job, forms.ChoiceField)
        country.choices = [("", _("I don't know")), *country_choices()]
        job.choices = [("", _("Other or not known")), *((str(j.pk), j.name) for j in jobs())]

    def to_offer(self, **extra: Any) -> Offer:
        data = self.cleaned_data
        answers: dict[str, Any] = dict(
            recruiter=data["recruiter"],
            agency=data["agency"],
            country=data["country"],
            job_id=int(data["job"]) if data["job"] else None,
            job_text=data["job_text"],
            employer=data["employer"],
            visa=data["visa"],
            contract_seen=_tri(data["contract_seen"]),
            placement_agreement=_tri(data["placement_agreement"]),
            fee_amount=data["fee_amount"],
            fee_paid_to=data["fee_paid_to"],
            passport_holder=data["passport_holder"],
            birth_date=data["birth_date"],
            nik=data.get("nik", ""),
            departure_date=data["departure_date"],
            family_permission=_tri(data["family_permission"]),
            registered=_tri(data["registered"]),
            route=data["route"],
            high_pay_fast=_tri(data["high_pay_fast"]),
            female_with_infant=_tri(data["female_with_infant"]),
        )
        return Offer(**(answers | extra))


class PublicOfferForm(OfferForm):
    """For anyone: the NIK is optional, read for the checks and never stored or logged."""

    nik = forms.CharField(
        label=_("NIK of the worker (optional)"),
        max_length=30,
        required=False,
        help_text=_("Only used to check the age; it is not saved."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    field_order = ["recruiter", "agency", "country", "job", "job_text", "employer", "visa", "birth_date", "nik"]
