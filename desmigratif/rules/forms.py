"""Forms built from the registry: the model's own fields, with dates, countries and steps made friendly.

The forms are plain forms (not model forms): they only collect values, the services validate and
write them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.countries import country_choices
from desmigratif.rules.registry import RuleTable
from desmigratif.rules.services import DATES_ORDER, LEGAL_BASIS_REQUIRED, VALID_FROM_REQUIRED

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _label_from_instance(row: Any) -> str:
    return str(getattr(row, "name", row))


class RuleForm(forms.Form):
    table: RuleTable

    def clean(self) -> dict[str, Any]:
        """The date order is checked here too, so that it is reported with the other field errors."""
        data = super().clean() or {}
        valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error("valid_to", DATES_ORDER)
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned values of the model's fields (not the countries)."""
        countries = self.table.countries.related_name if self.table.countries else None
        return {name: value for name, value in self.cleaned_data.items() if name != countries}

    def countries(self) -> list[str] | None:
        if self.table.countries is None:
            return None
        return list(self.cleaned_data.get(self.table.countries.related_name) or [])


def rule_form_class(table: RuleTable, fields: tuple[str, ...]) -> type[RuleForm]:
    """A form with the given fields of the table's model, as the model defines them."""
    model_fields = fields_for_model(table.model, fields=list(fields), widgets={})
    attrs: dict[str, Any] = {"table": table}
    for name in fields:
        field = model_fields[name]
        if isinstance(field, forms.DateField):
            field.widget = DATE_WIDGET
            field.input_formats = ["%Y-%m-%d"]
        if isinstance(field, forms.ModelChoiceField):
            field.label_from_instance = _label_from_instance  # type: ignore[assignment]
        if name in table.country_fields:
            field = forms.ChoiceField(label=field.label, choices=[("", "—"), *country_choices()])
        if name == "legal_basis":
            field.error_messages["required"] = LEGAL_BASIS_REQUIRED
            field.help_text = _("The regulation and article, e.g. Perban BP2MI 9/2020 Pasal 3.")
        if name == "valid_from":
            field.error_messages["required"] = VALID_FROM_REQUIRED
        if name == "valid_to":
            field.help_text = _("The last day the rule applies; empty while it applies without end.")
        attrs[name] = field
    if table.countries is not None:
        attrs[table.countries.related_name] = forms.MultipleChoiceField(
            label=_("Countries"),
            choices=country_choices(),
            widget=forms.SelectMultiple(attrs={"size": 12}),
            help_text=_("Hold Ctrl (or tap on a phone) to choose several."),
        )
    return type(f"{table.model.__name__}RuleForm", (RuleForm,), attrs)


class EndForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Last day in force"),
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d"],
        initial=timezone.localdate,
        help_text=_("The rule no longer applies after this day. The row stays in the history."),
    )
