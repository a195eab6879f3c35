"""CPU time of rendering form fields, per field group. Prints figures; asserts nothing; needs no database.

    uv run python bench/form_fields.py                # Indonesian, 2,000 renders per figure
    uv run python bench/form_fields.py --number 5000 --language en

Production settings (``DEBUG=false``: cached template loader, no template debug information),
the project's form renderer. Each figure is the best of five runs of ``--number`` renders, in µs:

- the people list's filter form (``PeopleFilterForm``, four fields, five villages): each field's
  ``as_field_group``, widget, ``label_tag`` and (empty) errors alone, then a new form and its four
  field groups, as the list template renders it;
- the registration form (``PersonCreateForm``, 15 fields: text, date, radio, select, checkbox),
  unbound, and bound to empty data (every required field in error);
- the facilitators' deliberation form (``DeliberationForm``, 7 fields: select, date, number, text,
  file, three checkboxes, textarea), unbound.

The village selects of the last two forms are given an empty queryset (no database), so their
options are not in the figures; the filter form's village select has its five options.
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

    from django.forms import BoundField
    from django.utils import translation

    from desmigratif.facilitators.forms import DeliberationForm
    from desmigratif.people.forms import PeopleFilterForm, PersonCreateForm
    from desmigratif.people.models import Person
    from desmigratif.regions.models import Village

    translation.activate(args.language)
    n = args.number

    def row(label: str, us: float, fields: int = 1) -> None:
        per = f"{us / fields:8.1f} µs per field group" if fields > 1 else ""
        print(f"{label:44} {us:9.1f} µs {per}")

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

    def filter_form() -> list[str]:
        return [str(b.as_field_group()) for b in PeopleFilterForm(None, villages=villages)]

    row("  new form + 4 field groups", best_us(filter_form, n), 4)

    def person_form(data: dict[str, str] | None) -> Callable[[], list[str]]:
        def render() -> list[str]:
            form = PersonCreateForm(data, villages=Village.objects.none())
            return [str(b.as_field_group()) for b in form]

        return render

    fields = len(PersonCreateForm.base_fields)
    print(f"Registration form (PersonCreateForm, {fields} fields):")
    row("  new form + field groups, unbound", best_us(person_form(None), n // 4), fields)
    row("  new form + field groups, bound, errors", best_us(person_form({}), n // 4), fields)

    candidates: list[Any] = [SimpleNamespace(pk=i, full_name=f"Orang {i}") for i in range(3)]

    def deliberation_form() -> list[str]:
        form = DeliberationForm(
            None, villages=Village.objects.none(), people=Person.objects.none(), candidates=candidates
        )
        return [str(b.as_field_group()) for b in form]

    fields = len(DeliberationForm.base_fields)
    print(f"Deliberation form (DeliberationForm, {fields} fields):")
    row("  new form + field groups, unbound", best_us(deliberation_form, n // 4), fields)


if __name__ == "__main__":
    main()
