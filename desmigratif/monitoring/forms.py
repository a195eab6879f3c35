"""The dashboard's filters: shape only."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERIOD_ORDER = _("The first month must not come after the last.")
PERIOD_TOO_LONG = _("Choose at most 36 months.")
MAX_MONTHS = 36


class MonthField(forms.DateField):
    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class PeriodForm(forms.Form):
    """A period of whole months, by default the last twelve; at most 36."""

    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate().replace(day=1)
        end: datetime.date = data.get("end") or today
        start: datetime.date = data.get("start") or (end - datetime.timedelta(days=330)).replace(day=1)
        if start > end:
            raise forms.ValidationError(PERIOD_ORDER)
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError(PERIOD_TOO_LONG)
        data["start"], data["end"] = start, end
        return data


class DashboardForm(PeriodForm):
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Rank villages by"), required=False)
    chart = forms.ChoiceField(label=_("Chart"), required=False)

    def __init__(self, *args: Any, cohorts: list[int], choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.TypedChoiceField)
        cohort.choices = [("", _("All cohorts")), *((c, str(c)) for c in cohorts)]
        for name in ("sort", "chart"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
