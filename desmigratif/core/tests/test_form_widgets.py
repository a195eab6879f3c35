"""The project's select widget template renders options in Python: same markup as Django's own."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


class _Form(forms.Form):
    one = forms.ChoiceField(
        required=False,
        choices=[("", "All"), ("x", "X & <b>"), ("Group <g>", [("g1", "G1"), ("g2", "G2")]), (3, "three")],
    )
    many = forms.MultipleChoiceField(required=False, choices=[("p", "P"), ("q", "Q"), ("r", "R")])


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_the_select_widget_renders_what_djangos_own_template_renders():
    data = {"one": "g2", "many": ["p", "r"]}
    ours, djangos = _Form(data), _Form(data, renderer=DjangoTemplates())
    for name in ("one", "many"):
        assert _normalised(str(ours[name])) == _normalised(str(djangos[name]))
    html = _normalised(str(ours["one"]))
    # Escaped labels and group names, the chosen option selected, optgroups kept.
    assert '<option value="x">X &amp; &lt;b&gt;</option>' in html
    assert '<optgroup label="Group &lt;g&gt;"><option value="g1">G1</option><option value="g2" selected>' in html
    assert '<option value="p" selected>P</option><option value="q">Q</option><option value="r" selected>' in (
        _normalised(str(ours["many"]))
    )


def test_the_project_template_is_the_one_forms_use():
    template = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert "{% select_options widget %}" in template.template.source


def test_option_attributes_are_written_as_flatatt_writes_them():
    from django.forms.utils import flatatt
    from django.utils.safestring import mark_safe

    from desmigratif.core.templatetags.widgets import _attrs

    attrs = {"selected": True, "disabled": False, "hidden": None, "data-x": 'a"<b>', "title": mark_safe("<i>")}
    assert _attrs(attrs) == flatatt(attrs)
