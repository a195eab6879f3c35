"""Form fields rendered in Python: the markup of Django's form templates, without their cost.

Django renders a field group (``{{ form.x.as_field_group }}``, 211 of them in our templates) with
``field.html``, which renders ``label.html`` (including ``attrs.html``), the error list (two
templates, even when it is empty) and the widget (``text.html`` includes ``input.html``, which
includes ``attrs.html``; a radio list includes three templates per option). Each template render
costs 5-10 µs before it does anything, so a text field's group cost about 200 µs and the people
list's four-field filter form about 890 µs of every list page (bench/form_fields.py).

The project overrides those templates (``templates/django/forms/``, ``FORM_RENDERER =
TemplatesSetting``) with one tag each, calling the function below that renders what the Django
template renders, from the same context, to the byte. ``field.html`` calls ``field_group``, which
renders the label, help text, errors and widget of Django's own ``BoundField`` without another
template: the label and the widget from the context ``label_tag()`` and ``as_widget()`` would give
their templates. Whatever it does not know renders as Django renders it: a widget template not in
``_RENDER_WIDGET`` (a multi-widget, a template of our own), a widget with its own ``render()``, a
hidden initial, a bound field or error list class of another kind, another label template.
core/tests/test_form_widgets.py compares the output with ``DjangoTemplates()``'s for every widget
kind and every form of the project that is easily built.

Escaping is ``conditional_escape``'s (the standard library's ``html.escape``, as in
``django.utils.html.escape``, without a lazy-string wrapper and a ``SafeString`` per value); the
attributes are ``attrs.html``'s (in order; ``False`` left out, ``True`` a bare name, ``None``
written as "None"), not ``flatatt``'s (sorted, ``True`` ones last).

Measured on the development machine (2 cores, Python 3.11, Django 5.2, production settings, best of
five runs; ``uv run python bench/form_fields.py``), before → after, in µs:

- the people filter form, new, with its four field groups: 892 → 293-301 (the form alone is 80 of
  it: Django copying its fields); per field group 203 → 53-55. Most of what is left of a group is
  Django's: the template render of ``field.html`` (about 8 µs), the widget's context, translating
  lazy labels and choices;
- one field group on its own: the search box 202 → 29, a select of three to seven options 180-188 →
  42-53; its widget alone 69-91 → 21-46; ``label_tag()`` alone 58 → 26; an empty error list 15 → 10;
- the registration form (15 fields), per field group: unbound 249 → 67, every required field in
  error 272 → 70-72; the deliberation form (7 fields, file input and checkboxes) 268 → 67;
- a select of 300 options (first done in this module, with its own whitespace): 564 → 541 for the
  widget alone, 650 → 511 for its field group; 15.8 KB instead of 14.9 (Django's whitespace), 21
  bytes more gzipped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from django import template
from django.forms import BoundField
from django.forms.utils import ErrorList
from django.forms.widgets import Widget
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

_WIDGETS = "django/forms/widgets/"
# The characters after which label_tag() adds no suffix: Django's msgid (forms/boundfield.py),
# translated by Django's catalogue. A name, not a literal, so that makemessages leaves it out of ours.
_LABEL_PUNCTUATION = ":?.!"


def _text(value: Any) -> str:
    """``conditional_escape``: safe strings as they are, everything else escaped."""
    if type(value) is str:
        return escape(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """``attrs.html``: in order; ``False`` left out, ``True`` a bare name, anything else (``None`` too) a value."""
    html = ""
    for name, value in attrs.items():
        if value is True:
            html += f" {_text(name)}"
        elif value is not False:
            html += f' {_text(name)}="{_text(value)}"'
    return html


# Each function below renders what the Django template of its name renders (with the templates it
# includes), from the same context, stripped as the form renderer strips it. The project overrides
# the templates with one tag each; a field group calls the functions directly.


def _input(widget: dict[str, Any]) -> str:
    """``input.html``, which text, number, date, checkbox, file… include."""
    value = widget["value"]
    value_attr = "" if value is None else f' value="{_text(value)}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value_attr}{_attrs(widget["attrs"])}>'


def _input_option(option: dict[str, Any]) -> str:
    """``radio_option.html`` and ``checkbox_option.html`` (which include ``input_option.html``), unstripped."""
    html = _input(option) + "\n"
    if option["wrap_label"]:
        id_ = option["attrs"].get("id")
        label_for = f' for="{_text(id_)}"' if id_ else ""
        html = f"<label{label_for}>{html} {_text(option['label'])}</label>"
    return html + "\n\n"


def _select_option(option: dict[str, Any]) -> str:
    """``select_option.html``, unstripped as an include leaves it."""
    attrs = _attrs(option["attrs"]) if option["attrs"] else ""
    return f'<option value="{_text(option["value"])}"{attrs}>{_text(option["label"])}</option>\n'


_OPTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    f"{_WIDGETS}select_option.html": _select_option,
    f"{_WIDGETS}radio_option.html": _input_option,
    f"{_WIDGETS}checkbox_option.html": _input_option,
}


def _option(option: dict[str, Any]) -> str:
    """``{% include option.template_name with widget=option %}``; a template of a widget of our own on its own."""
    render = _OPTIONS.get(option["template_name"])
    if render is None:
        return str(get_template(option["template_name"]).render({"widget": option}))
    return render(option)


def _select(widget: dict[str, Any]) -> str:
    """``select.html``."""
    return f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>{_select_options(widget)}\n</select>'


def _select_options(widget: dict[str, Any]) -> str:
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def _multiple_input(widget: dict[str, Any]) -> str:
    """``multiple_input.html``, which radio and checkbox_select include."""
    attrs = widget["attrs"]
    id_, css_class = attrs.get("id"), attrs.get("class")
    id_attr = f' id="{_text(id_)}"' if id_ else ""
    class_attr = f' class="{_text(css_class)}"' if css_class else ""
    parts = [f"<div{id_attr}{class_attr}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    """``textarea.html``."""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _clearable_file_input(widget: dict[str, Any]) -> str:
    """``clearable_file_input.html``."""
    attrs = widget["attrs"]
    current = ""
    if widget["is_initial"]:
        value = widget["value"]
        current = f'{_text(widget["initial_text"])}: <a href="{_text(value.url)}">{_text(value)}</a>'
        if not widget["required"]:
            checkbox_name, checkbox_id = _text(widget["checkbox_name"]), _text(widget["checkbox_id"])
            disabled = " disabled" if attrs.get("disabled") else ""
            checked = " checked" if attrs.get("checked") else ""
            current += (
                f'\n<input type="checkbox" name="{checkbox_name}" id="{checkbox_id}"{disabled}{checked}>'
                f'\n<label for="{checkbox_id}">{_text(widget["clear_checkbox_label"])}</label>'
            )
        current += f"<br>\n{_text(widget['input_text'])}:\n"
    return f'{current}<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{_attrs(attrs)}>'.strip()


# The widget templates a field group renders in Python. Any other (a multi-widget, a widget with a
# template of its own) renders through the form renderer, as Django renders it.
_RENDER_WIDGET: dict[str, Callable[[dict[str, Any]], str]] = {
    **{
        f"{_WIDGETS}{name}.html": _input
        for name in (
            *("text", "number", "email", "url", "password", "hidden", "search", "tel", "color"),
            *("date", "datetime", "time", "file", "checkbox"),
        )
    },
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}radio.html": _multiple_input,
    f"{_WIDGETS}checkbox_select.html": _multiple_input,
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}clearable_file_input.html": _clearable_file_input,
}


def _label(tag: str, label: Any, attrs: dict[str, Any] | None, use_tag: bool) -> str:
    """``label.html``, for a label and a legend alike."""
    if not use_tag:
        return _text(label)
    return f"<{tag}{_attrs(attrs) if attrs else ''}>{_text(label)}</{tag}>"


def _error_list(errors: Any, error_class: str) -> str:
    """``errors/list/ul.html``, which ``errors/list/default.html`` includes."""
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    list_id = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(error_class)}"{list_id}>{items}</ul>'


def _widget(field: BoundField) -> str:
    """``{{ field }}``: ``BoundField.as_widget()``, with the widget's template rendered in Python."""
    widget = field.field.widget
    render = _RENDER_WIDGET.get(widget.template_name)
    if render is None or type(widget).render is not Widget.render or field.field.show_hidden_initial:
        return str(field)
    # What as_widget() passes to Widget.render(), which passes get_context() to the template.
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if "id" not in widget.attrs and (auto_id := field.auto_id):
        attrs.setdefault("id", auto_id)
    return render(widget.get_context(field.html_name, field.value(), attrs)["widget"])


def _label_tag(field: BoundField, tag: str) -> str:
    """``{% if field.label %}{{ field.label_tag }}{% endif %}`` (or ``legend_tag``): ``label.html`` in Python."""
    form, form_field = field.form, field.field
    if form.template_name_label != "django/forms/label.html":
        return str(field.label_tag(tag=tag)) if field.label else ""
    # What BoundField.label_tag() passes to label.html; a lazy label translated once, escaped with its suffix.
    label: Any = field.label
    text = str(label)
    if not text:
        return ""
    html = str(label.__html__()) if hasattr(label, "__html__") else escape(text)
    suffix = form_field.label_suffix if form_field.label_suffix is not None else form.label_suffix
    # Django asks whether the label ends in punctuation; a letter or digit never does, and most
    # labels end in one: the translation is looked up for the others only.
    if suffix and (text[-1].isalnum() or text[-1] not in gettext(_LABEL_PUNCTUATION)):
        html += _text(suffix)
    widget = form_field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs: dict[str, Any] = {}
    if id_:
        id_for_label = widget.id_for_label(id_)
        if id_for_label:
            attrs["for"] = id_for_label
        if form_field.required and hasattr(form, "required_css_class"):
            attrs["class"] = form.required_css_class
    return _label(tag, SafeString(html), attrs, bool(id_))


def _errors(field: BoundField) -> str:
    """``{{ field.errors }}``: nothing at all when there are none (``field.errors`` would make an empty list)."""
    errors = field.form.errors.get(field.name)
    if not errors:
        return ""
    if type(errors) is not ErrorList:
        return str(errors)
    return _error_list(errors, errors.error_class)


def _field_group(field: BoundField) -> str:
    """``field.html``: Django's own bound field in Python; another one through its own methods."""
    use_fieldset = field.use_fieldset
    if type(field) is BoundField:
        label, errors, widget = _label_tag(field, "legend" if use_fieldset else "label"), _errors(field), _widget(field)
    else:
        label = str(field.legend_tag() if use_fieldset else field.label_tag()) if field.label else ""
        errors, widget = str(field.errors), str(field)
    if use_fieldset:
        described_by = field.aria_describedby
        described_by = f' aria-describedby="{_text(described_by)}"' if described_by else ""
        label = f"<fieldset{described_by}>\n  {label}"
    help_text = ""
    if field.help_text:
        help_id = f' id="{_text(auto_id)}_helptext"' if (auto_id := field.auto_id) else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    end = "</fieldset>" if use_fieldset else ""
    return f"{label}\n\n{help_text}\n{errors}\n{widget}{end}".strip()


def _tag(name: str, render: Callable[..., str]) -> None:
    register.simple_tag(lambda *args: SafeString(render(*args)), name=name)


_tag("field_group", _field_group)
_tag("label", _label)
_tag("error_list", _error_list)
_tag("input", _input)
_tag("select", _select)
_tag("multiple_input", _multiple_input)
_tag("textarea", _textarea)
_tag("clearable_file_input", _clearable_file_input)
