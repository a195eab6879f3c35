"""``{% select_options widget %}``: a select widget's options, rendered in Python.

Django's ``select.html`` includes ``select_option.html`` (and ``attrs.html``) once per option: about
25 µs each, so a country or job select of a few hundred options cost several milliseconds of every
page that shows it (bench/README.md). The project's ``django/forms/widgets/select.html`` calls this
tag instead; the markup is the same.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _options(choices: list[dict[str, Any]]) -> SafeString:
    return format_html_join(
        "\n", '<option value="{}"{}>{}</option>', ((o["value"], flatatt(o["attrs"]), o["label"]) for o in choices)
    )


@register.simple_tag
def select_options(widget: dict[str, Any]) -> SafeString:
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        options = _options(group_choices)
        if group_name:
            options = format_html('<optgroup label="{}">\n{}\n</optgroup>', group_name, options)
        parts.append(options)
    return SafeString("\n".join(parts))
