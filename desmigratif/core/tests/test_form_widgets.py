"""The project's form templates render fields in Python (core/templatetags/widgets.py): same markup as Django's own.

Each comparison renders the same form twice: with the project's renderer (FORM_RENDERER, whose
templates call the tags) and with ``DjangoTemplates()``, which only knows Django's own templates.
"""

import datetime
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

import desmigratif
from desmigratif.core.templatetags import widgets
from desmigratif.people.models import Person
from desmigratif.regions.models import Village


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


# Every template the project overrides, and the tag it calls instead of Django's markup.
_INPUTS = [
    *("text", "number", "email", "url", "password", "hidden", "search"),
    *("tel", "color", "date", "datetime", "time", "file", "checkbox"),
]
_OVERRIDES = {
    "django/forms/field.html": "{% field_group field %}",
    "django/forms/label.html": "{% label tag label attrs use_tag %}",
    "django/forms/errors/list/default.html": "{% error_list errors error_class %}",
    "django/forms/errors/list/ul.html": "{% error_list errors error_class %}",
    "django/forms/widgets/input.html": "{% input widget %}",
    **{f"django/forms/widgets/{name}.html": "{% input widget %}" for name in _INPUTS},
    "django/forms/widgets/select.html": "{% select widget %}",
    "django/forms/widgets/multiple_input.html": "{% multiple_input widget %}",
    "django/forms/widgets/radio.html": "{% multiple_input widget %}",
    "django/forms/widgets/checkbox_select.html": "{% multiple_input widget %}",
    "django/forms/widgets/textarea.html": "{% textarea widget %}",
    "django/forms/widgets/clearable_file_input.html": "{% clearable_file_input widget %}",
}


@pytest.mark.parametrize(("name", "tag"), _OVERRIDES.items())
def test_the_project_template_is_the_one_forms_use(name: str, tag: str):
    template = get_default_renderer().get_template(name)
    assert template.template.source == "{% load widgets %}" + tag + ("" if "errors" in name else "\n")


def test_a_field_group_renders_in_python_the_widget_templates_the_project_overrides():
    """And no other: a template of the project's own markup (a text.html, say) must not be bypassed."""
    assert set(widgets._RENDER_WIDGET) <= set(_OVERRIDES)


def test_attributes_are_written_as_djangos_attrs_template_writes_them():
    attrs = {"selected": True, "disabled": False, "hidden": None, "data-x": 'a"<b>', "title": mark_safe("<i>")}
    django_attrs = DjangoTemplates().get_template("django/forms/widgets/attrs.html")
    assert widgets._attrs(attrs) == django_attrs.render({"widget": {"attrs": attrs}})
    # In their order (not flatatt's: sorted, booleans last); None is written out, as Django's template does.
    assert widgets._attrs(attrs) == ' selected hidden="None" data-x="a&quot;&lt;b&gt;" title="<i>"'


class _FieldFile:
    """What ClearableFileInput shows for a stored file: anything with a url."""

    url = "/media/a&b.pdf"

    def __str__(self) -> str:
        return "scans/a<b>.pdf"


_GROUPED = [("a", "A & a"), ("Group <g>", [("b", "B"), ("c", mark_safe("<em>C</em>"))])]


class _EveryWidget(forms.Form):
    text = forms.CharField(
        label="Name <b> & co",
        max_length=20,
        help_text="As on the <abbr>KTP</abbr>.",
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Name or NIK"), "data-none": None, "data-off": False, "autofocus": True}
        ),
    )
    search = forms.CharField(required=False, label=mark_safe("<i>Find</i>"), widget=forms.TextInput({"type": "search"}))
    number = forms.IntegerField(required=False, initial=3, min_value=1, label="How many?")
    decimal = forms.DecimalField(required=False, localize=True, initial=1234.5, label_suffix=" &→")
    email = forms.EmailField(required=False, label="")
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput, initial="<x>")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    when = forms.DateTimeField(required=False, initial=datetime.datetime(2026, 3, 1, 8, 30))
    time = forms.TimeField(required=False, disabled=True, initial=datetime.time(7, 15))
    url = forms.URLField(required=False, assume_scheme="https", widget=forms.URLInput(attrs={"id": "own-id"}))
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel", "aria-describedby": "x"}))
    colour = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "color"}))
    file = forms.FileField(required=False, widget=forms.FileInput(attrs={"accept": "image/png"}))
    scan = forms.FileField(required=False, help_text="PDF.", widget=forms.ClearableFileInput)
    scan_required = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
    consent = forms.BooleanField(required=False, label="I agree & consent.")
    agreed = forms.BooleanField()
    notes = forms.CharField(required=False, initial='a <b> & "c"\n', widget=forms.Textarea(attrs={"rows": 2}))
    empty_notes = forms.CharField(required=False, widget=forms.Textarea)
    choice = forms.ChoiceField(choices=[("", "—"), *_GROUPED], help_text="One.")
    choices = forms.MultipleChoiceField(required=False, choices=_GROUPED, widget=forms.SelectMultiple({"size": 3}))
    nullable = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(choices=_GROUPED, widget=forms.RadioSelect(attrs={"class": "inline"}), help_text="<b>")
    flat_radio = forms.ChoiceField(required=False, choices=[(1, "One"), (2, "Two")], widget=forms.RadioSelect)
    ticks = forms.MultipleChoiceField(choices=_GROUPED, widget=forms.CheckboxSelectMultiple)
    off_ticks = forms.MultipleChoiceField(
        required=False, disabled=True, choices=[("p", "P")], initial=["p"], widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Whole form <wrong> & bad.")


_INITIAL = {"scan": _FieldFile(), "scan_required": _FieldFile(), "radio": "b", "ticks": ["a", "c"]}
_VALID = {
    "text": "Siti",
    "date": "2026-03-01",
    "agreed": "on",
    "consent": "on",
    "choice": "c",
    "choices": ["a", "b"],
    "nullable": "true",
    "radio": "c",
    "ticks": ["b"],
    "notes": "x",
    "number": "12",
}
_INVALID = {
    "text": "<script>" * 5,
    "number": "zero & <one>",
    "date": "soon",
    "choice": "<nope>",
    "radio": "z",
    "ticks": ["z"],
    "email": "not <an> email",
    "scan-clear": "on",
}

_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "unbound": ({}, {}),
    "initial": ({"initial": _INITIAL}, {}),
    "bound, valid": ({"data": _VALID, "initial": _INITIAL}, {}),
    "bound, invalid": ({"data": _INVALID, "initial": _INITIAL}, {}),
    "bound, empty": ({"data": {}}, {}),
    "no ids": ({"data": _INVALID, "auto_id": False}, {}),
    "prefix and id format": ({"data": {}, "prefix": "p", "auto_id": "f_%s"}, {}),
    "no label suffix": ({"label_suffix": ""}, {}),
    "no required attribute": ({"data": {}, "use_required_attribute": False}, {}),
    "css classes": ({"data": _INVALID}, {"required_css_class": "req", "error_css_class": "err"}),
}


def _both(form_class: type[forms.BaseForm], **kwargs: Any) -> tuple[forms.BaseForm, forms.BaseForm]:
    return form_class(**kwargs), form_class(**kwargs, renderer=DjangoTemplates())


def _assert_fields_render_alike(ours: forms.BaseForm, djangos: forms.BaseForm) -> None:
    for name in ours.fields:
        mine, theirs = ours[name], djangos[name]
        for how in ("as_field_group", "__str__", "label_tag", "legend_tag"):
            assert str(getattr(mine, how)()) == str(getattr(theirs, how)()), (name, how)
        assert str(mine.errors) == str(theirs.errors), name
        assert [str(w) for w in mine.subwidgets] == [str(w) for w in theirs.subwidgets], name
    assert str(ours.non_field_errors()) == str(djangos.non_field_errors())


@pytest.mark.parametrize("case", _CASES)
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_widget_renders_as_djangos_templates_render_it(case: str, language: str):
    kwargs, form_attrs = _CASES[case]
    form_class = type("_Form", (_EveryWidget,), form_attrs)
    with override(language):
        ours, djangos = _both(form_class, **kwargs)
        _assert_fields_render_alike(ours, djangos)


def test_the_comparison_sees_what_matters():
    """The cases above do reach errors, help text, fieldsets, escaping and the clear checkbox."""
    with override("en"):
        html = str(_EveryWidget(data=_INVALID, initial=_INITIAL)["text"].as_field_group())
        assert '<label for="id_text">Name &lt;b&gt; &amp; co:</label>' in html
        assert '<div class="helptext" id="id_text_helptext">As on the <abbr>KTP</abbr>.</div>' in html
        assert '<ul class="errorlist" id="id_text_error"><li>' in html
        assert 'value="&lt;script&gt;' in html and 'aria-invalid="true"' in html
        assert 'placeholder="Name or NIK" data-none="None" autofocus maxlength="20" required' in html
        radio = str(_EveryWidget(initial=_INITIAL)["radio"].as_field_group())
        assert radio.startswith('<fieldset aria-describedby="id_radio_helptext">\n  <legend>Radio:</legend>')
        assert '<div id="id_radio" class="inline">' in radio and "<em>C</em>" in radio
        scan = str(_EveryWidget(data={"scan-clear": "on"}, initial=_INITIAL)["scan"])
        assert 'Currently: <a href="/media/a&amp;b.pdf">scans/a&lt;b&gt;.pdf</a>' in scan
        assert '<input type="checkbox" name="scan-clear" id="scan-clear_id" checked>' in scan
        assert (
            str(_EveryWidget(initial=_INITIAL)["search"].label_tag()) == '<label for="id_search"><i>Find</i>:</label>'
        )


class _TextOption(forms.RadioSelect):
    """A widget with an option template of its own: rendered by the template, not in Python."""

    option_template_name = "django/forms/widgets/input_option.html"


class _QuietErrors(ErrorList):
    template_name = "django/forms/errors/list/text.txt"


class _ShoutingBoundField(forms.BoundField):
    def label_tag(self, *args: Any, **kwargs: Any) -> Any:
        return mark_safe(str(super().label_tag(*args, **kwargs)).upper())


class _Unusual(forms.Form):
    split = forms.SplitDateTimeField(required=False, label="When & where")
    hidden_initial = forms.CharField(required=False, show_hidden_initial=True, initial="a")
    own_option = forms.ChoiceField(required=False, choices=[("a", "A")], widget=_TextOption)
    shouting = forms.CharField(required=False, help_text="h", bound_field_class=_ShoutingBoundField)  # type: ignore[call-arg]
    plain = forms.CharField(max_length=3)


@pytest.mark.parametrize("data", [None, {"plain": "long <text>", "split_0": "x"}])
def test_what_is_not_rendered_in_python_renders_through_djangos_templates(data: dict[str, str] | None):
    ours, djangos = _both(_Unusual, data=data, error_class=_QuietErrors)
    _assert_fields_render_alike(ours, djangos)
    if data:
        assert str(ours["plain"].as_field_group()).startswith("<label")
        assert "* " in str(ours["plain"].as_field_group())  # the text error list, not <ul>
    assert str(ours["shouting"].as_field_group()).startswith('<LABEL FOR="ID_SHOUTING">')


def _project_form_classes() -> list[type[forms.BaseForm]]:
    classes = {}
    for module_info in pkgutil.walk_packages(desmigratif.__path__, "desmigratif."):
        if module_info.name.rpartition(".")[2].endswith("forms"):
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    classes[f"{value.__module__}.{value.__name__}"] = value
    return [classes[name] for name in sorted(classes)]


# Forms that need arguments, given empty choices: the others are built without any.
_ARGUMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    "desmigratif.people.forms.PersonCreateForm": lambda: {"villages": Village.objects.none()},
    "desmigratif.facilitators.forms.DeliberationForm": lambda: {
        "villages": Village.objects.none(),
        "people": Person.objects.none(),
        "candidates": [],
    },
}


@pytest.mark.django_db
def test_every_project_form_that_is_easily_built_renders_as_django_renders_it():
    rendered = 0
    for form_class in _project_form_classes():
        arguments = _ARGUMENTS.get(f"{form_class.__module__}.{form_class.__name__}", dict)()
        try:
            form_class(**arguments)
        except TypeError:
            continue  # needs keyword arguments (a user, a queryset): its kinds of field are covered above
        data: dict[str, Any] | None
        for data in (None, {}):
            ours, djangos = _both(form_class, data=data, **arguments)
            _assert_fields_render_alike(ours, djangos)
        rendered += 1
    assert rendered >= 70
