"""Forms validate shape only; the case rules live in migration.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.countries import country_choices
from desmigratif.migration.models import CaseStatus, DocumentStatus, EmployerType, Step


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CaseStatus.choices]
    )
    step = forms.ChoiceField(label=_("Step"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, steps: list[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        english = (get_language() or "id").startswith("en")
        field = self.fields["step"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All steps")), *((s.code, s.name_en if english else s.name_id) for s in steps)]


class CaseOpenForm(forms.Form):
    destination_country = forms.ChoiceField(label=_("Destination country"))
    job_title = forms.CharField(label=_("Job"), max_length=150, help_text=_("As in the job order, e.g. 'Caregiver'."))
    employer_type = forms.ChoiceField(label=_("Employer"), choices=EmployerType.choices, widget=forms.RadioSelect)
    agency_name = forms.CharField(label=_("Placement agency (P3MI)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["destination_country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *country_choices()]


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
