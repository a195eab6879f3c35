"""The reference-rules pages: an index of the tables, each table's rows, and the editors' forms.

One set of views serves every table of the registry. Reading needs ``migration.view`` (or the
right to change the rules); adding, editing and ending need ``rules.change`` with a national scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import Form
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from desmigratif.lib.countries import country_name
from desmigratif.rules import selectors, services
from desmigratif.rules.forms import EndForm, rule_form_class
from desmigratif.rules.registry import RuleTable, get_table


def _require_read(request: HttpRequest) -> None:
    if not selectors.may_read(request.user):
        raise PermissionDenied


def _require_change(request: HttpRequest) -> None:
    if not selectors.may_change(request.user):
        raise PermissionDenied


def _display(row: Any, table: RuleTable, name: str) -> tuple[str, str]:
    """A column's label and its value as text."""
    if table.countries is not None and name == table.countries.related_name:
        country_field = table.countries.country_field
        names = [country_name(code) for code in sorted(getattr(c, country_field) for c in getattr(row, name).all())]
        return _("Countries"), f"{len(names)}: {', '.join(names)}" if names else "—"
    field = row._meta.get_field(name)
    value = getattr(row, name)
    label = str(field.verbose_name)
    if name in table.country_fields:
        return label, country_name(value)
    if field.choices:
        return label, str(getattr(row, f"get_{name}_display")())
    if isinstance(value, bool):
        return label, _("yes") if value else _("no")
    if value is None or value == "":
        return label, "—"
    if isinstance(value, models.Model):
        return label, str(getattr(value, "name", value))
    return label, str(value)


def _field_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
def rules_index(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    return render(
        request,
        "rules/index.html",
        {"summaries": selectors.table_summaries(), "can_change": selectors.may_change(request.user)},
    )


@require_GET
def table_rows(request: HttpRequest, slug: str) -> HttpResponse:
    _require_read(request)
    table = get_table(slug)
    today = timezone.localdate()
    rows = [
        {
            "row": row,
            "title": table.row_title(row),
            "validity": selectors.validity(row, today),
            "columns": [_display(row, table, name) for name in table.columns],
        }
        for row in selectors.table_rows(table)
    ]
    return render(
        request,
        "rules/table.html",
        {"table": table, "rows": rows, "can_change": selectors.may_change(request.user)},
    )


@require_http_methods(["GET", "POST"])
def row_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    table = get_table(slug)
    _require_change(request)
    if not table.can_add:
        raise Http404
    form = rule_form_class(table, table.add_fields)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_create(table=table, values=form.values(), countries=form.countries(), actor=request.user)
        except ValidationError as exc:
            _field_errors(form, exc)
        else:
            messages.success(request, _("The row is added."))
            return redirect("rules:table", slug=table.slug)
    return render(
        request,
        "rules/form.html",
        {"table": table, "form": form, "row": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def row_edit(request: HttpRequest, slug: str, row_id: int) -> HttpResponseBase:
    table = get_table(slug)
    _require_change(request)
    if not table.can_edit:
        raise Http404
    row = selectors.get_row(table, row_id)
    initial: dict[str, Any] = model_to_dict(row, fields=list(table.edit_fields))
    if table.countries is not None:
        initial[table.countries.related_name] = services.snapshot(table, row)[table.countries.related_name].split(",")
    form = rule_form_class(table, table.edit_fields)(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(
                table=table, row=row, values=form.values(), countries=form.countries(), actor=request.user
            )
        except ValidationError as exc:
            _field_errors(form, exc)
        else:
            messages.success(request, _("The change is saved."))
            return redirect("rules:table", slug=table.slug)
    return render(
        request,
        "rules/form.html",
        {"table": table, "form": form, "row": row, "title": table.row_title(row)},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def row_end(request: HttpRequest, slug: str, row_id: int) -> HttpResponseBase:
    table = get_table(slug)
    _require_change(request)
    if not table.can_end:
        raise Http404
    row = selectors.get_row(table, row_id)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_end(table=table, row=row, valid_to=form.cleaned_data["valid_to"], actor=request.user)
        except ValidationError as exc:
            _field_errors(form, exc)
        else:
            messages.success(
                request,
                _("The rule ends on %(date)s. It stays in the history.")
                % {"date": date_format(form.cleaned_data["valid_to"], "j F Y")},
            )
            return redirect("rules:table", slug=table.slug)
    return render(
        request,
        "rules/end.html",
        {"table": table, "form": form, "row": row, "title": table.row_title(row)},
        status=400 if request.method == "POST" else 200,
    )
