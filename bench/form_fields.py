"""CPU time of rendering form fields, per field group. Prints figures; asserts nothing; needs no database.

    uv run python bench/form_fields.py                # Indonesian, 2,000 renders per figure
    uv run python bench/form_fields.py --number 5000 --language en

Production settings (``DEBUG=false``: cached template loader, no template debug information),
the project's form renderer. Each figure is the best of five runs of ``--number`` renders, in µs:

- the people list's filter form (``PeopleFilterForm``, four fields, five villages): each field's
  ``as_field_group``, widget, ``label_tag`` and (empty) errors alone, then a new form as the list
  template renders it;
- the registration form (``PersonCreateForm``, 15 fields: text, date, radio, select, checkbox),
  unbound, and bound to empty data (every required field in error);
- the facilitators' deliberation form (``DeliberationForm``, 7 fields: select, date, number, text,
  file, three checkboxes, textarea), unbound.

For a new form: the form alone (built, and validated when bound), then the form and all its field
groups; "per field group" is the difference divided by the number of fields. The village selects
of the last two forms are given an empty queryset (no database), so their options are not in the
figures; the filter form's village select has its five options.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure() -> None:
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": "sqlite:///:memory:",
            "DJANGO_SETTINGS_MODULE": "desmigratif.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def best_us(fn: Callable[[], Any], number: int) -> float:
    """The best of five runs of ``number`` calls, in µs per call."""
    fn()
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number * 1e6)
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=2000, help="renders per run (best of five runs)")
    parser.add_argument("--language", default="id")
    args = parser.parse_args()
    configure()

    from django import forms
    from django.forms import BoundField
    from django.utils import translation

    from desmigratif.facilitators.forms import DeliberationForm
    from desmigratif.people.forms import PeopleFilterForm, PersonCreateForm
    from desmigratif.people.models import Person
    from desmigratif.regions.models import Village

    translation.activate(args.language)
    n = args.number

    def row(label: str, us: float) -> None:
        print(f"{label:44} {us:9.1f} µs")

    def form_rows(make: Callable[[], forms.BaseForm], n: int) -> None:
        """The form alone (built, and validated when bound), then with its field groups rendered."""

        def build() -> forms.BaseForm:
            form = make()
            form.errors  # noqa: B018 (validation is the form's cost, not its fields')
            return form

        alone = best_us(build, n)
        total = best_us(lambda: [str(b.as_field_group()) for b in build()], n)
        fields = len(build().fields)
        print(f"{'    the form alone':44} {alone:9.1f} µs")
        print(f"{'    with its field groups':44} {total:9.1f} µs   {(total - alone) / fields:6.1f} µs per field group")

    villages = [
        SimpleNamespace(code=f"35.07.33.200{i}", name=f"Desa {i}", district=SimpleNamespace(name="Kalipare"))
        for i in range(5)
    ]
    print(f"Filter form (PeopleFilterForm, {len(villages)} villages), language {args.language}, best of 5 × {n}:")
    form = PeopleFilterForm(None, villages=villages)

    def field_rows(name: str, bound: BoundField) -> None:
        row(f"  {name}: as_field_group", best_us(lambda: str(bound.as_field_group()), n))
        row(f"  {name}: widget", best_us(lambda: str(bound), n))
        row(f"  {name}: label_tag", best_us(lambda: str(bound.label_tag()), n))
        row(f"  {name}: errors (none)", best_us(lambda: str(bound.errors), n))

    for name in form.fields:
        field_rows(name, form[name])
    print("  a new form, as the list page renders it:")
    form_rows(lambda: PeopleFilterForm(None, villages=villages), n)

    fields = len(PersonCreateForm.base_fields)
    print(f"Registration form (PersonCreateForm, {fields} fields):")
    print("  unbound:")
    form_rows(lambda: PersonCreateForm(None, villages=Village.objects.none()), n // 4)
    print("  bound to empty data (every required field in error):")
    form_rows(lambda: PersonCreateForm({}, villages=Village.objects.none()), n // 4)

    candidates: list[Any] = [SimpleNamespace(pk=i, full_name=f"Orang {i}") for i in range(3)]
    fields = len(DeliberationForm.base_fields)
    print(f"Deliberation form (DeliberationForm, {fields} fields), unbound:")
    form_rows(
        lambda: DeliberationForm(
            None, villages=Village.objects.none(), people=Person.objects.none(), candidates=candidates
        ),
        n // 4,
    )


if __name__ == "__main__":
    main()
