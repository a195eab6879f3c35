"""``{% select_options widget %}``: a select widget's options, rendered in Python.

Django's ``select.html`` includes ``select_option.html`` (and ``attrs.html``) once per option: about
25 µs each, so a country or job select of a few hundred options cost several milliseconds of every
page that shows it (bench/README.md). The project's ``django/forms/widgets/select.html`` calls this
tag instead; the markup is the same. The loop escapes with the standard library's ``html.escape``
(what ``django.utils.html.escape`` calls, without its lazy-string wrapper and ``SafeString`` per
value): ``format_html`` and ``flatatt`` per option cost about as much as the template includes did.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


def _text(value: Any) -> str:
    """``conditional_escape``: safe strings as they are, everything else escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """``flatatt``: valued attributes first, then ``True`` ones as bare names; ``False`` and ``None`` left out."""
    valued = "".join(f' {k}="{_text(v)}"' for k, v in attrs.items() if not isinstance(v, bool) and v is not None)
    return valued + "".join(f" {k}" for k, v in attrs.items() if v is True)


def _options(choices: list[dict[str, Any]]) -> str:
    return "\n".join(
        f'<option value="{_text(o["value"])}"{_attrs(o["attrs"]) if o["attrs"] else ""}>{_text(o["label"])}</option>'
        for o in choices
    )


@register.simple_tag
def select_options(widget: dict[str, Any]) -> SafeString:
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        options = _options(group_choices)
        if group_name:
            options = f'<optgroup label="{_text(group_name)}">\n{options}\n</optgroup>'
        parts.append(options)
    return SafeString("\n".join(parts))
