"""Forms validate shape only; the case rules live in migration.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.lib.countries import country_choices, country_name
from desmigratif.migration.models import CaseStatus, DocumentStatus, EmployerType, Step
from desmigratif.placement.models import Job
from desmigratif.placement.selectors import jobs
from desmigratif.vacancies.models import Vacancy
from desmigratif.vacancies.selectors import public_vacancies


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CaseStatus.choices]
    )
    step = forms.ChoiceField(label=_("Step"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, steps: list[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All steps")), *((s.code, s.name) for s in steps)]


class CaseOpenForm(forms.Form):
    # A vacancy fills country, job, employer type and agency, so those are optional here; the
    # service says what is missing.
    vacancy = forms.ModelChoiceField(
        label=_("Vacancy"),
        queryset=Vacancy.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("A verified open vacancy fills in the country, job, employer and agency."),
    )
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    job = forms.ModelChoiceField(
        label=_("Job (catalogue)"), queryset=Job.objects.none(), required=False, empty_label="—"
    )
    job_title = forms.CharField(
        label=_("Job"), max_length=150, required=False, help_text=_("As in the job order, e.g. 'Caregiver'.")
    )
    employer_type = forms.ChoiceField(
        label=_("Employer"), choices=EmployerType.choices, widget=forms.RadioSelect, required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Placement agency (P3MI)"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Only agencies that may recruit today are listed."),
    )
    agency_name = forms.CharField(label=_("Agency not in the registry"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        fields: dict[str, Any] = self.fields
        fields["destination_country"].choices = [("", "—"), *country_choices()]
        fields["job"].queryset = jobs()
        # Any vacancy or agency is accepted and the lists offer only the usable ones: a suspended
        # agency or a closed vacancy posted anyway reaches the service, which says why it is refused
        # (ModelChoiceField alone would only say "not one of the choices").
        fields["vacancy"].queryset = Vacancy.objects.select_related("agency", "job")
        fields["vacancy"].choices = [("", "—"), *((v.pk, _vacancy_label(v)) for v in public_vacancies())]
        fields["agency"].queryset = Agency.objects.all()
        fields["agency"].choices = [
            ("", "—"),
            *(
                (a.pk, a.name)
                for a in Agency.objects.filter(
                    Q(status=AgencyStatus.ACTIVE, licence_valid_from__lte=today)
                    & (Q(licence_valid_until__isnull=True) | Q(licence_valid_until__gte=today))
                ).order_by("name")
            ),
        ]


def _vacancy_label(vacancy: Vacancy) -> str:
    return f"{vacancy.job.name} · {country_name(vacancy.country)} · {vacancy.employer_name} ({vacancy.agency.name})"


class DocumentForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issued_on = forms.DateField(
        label=_("Issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = forms.FileField(
        label=_("Scan or photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Optional. PDF, JPEG or PNG, at most %(limit)s. A new file replaces the previous one."
        ) % {"limit": filesizeformat(settings.DOCUMENT_UPLOAD_MAX_BYTES)}


class CaseCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[(CaseStatus.CANCELLED, CaseStatus.CANCELLED.label), (CaseStatus.FAILED, CaseStatus.FAILED.label)],
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
