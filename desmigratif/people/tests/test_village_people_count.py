"""People per village: the triggers keep the counts exact, and a list's count equals a direct count."""

import importlib
from collections import Counter
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.migrations import RunPython
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_person, person_data
from desmigratif.accounts.scope import role_assignments
from desmigratif.people.models import Person, VillagePeopleCount
from desmigratif.people.selectors import PeopleFilter, count_people, people_for_user

migration = importlib.import_module("desmigratif.people.migrations.0004_village_people_count")


def _kept() -> dict[str, int]:
    return {c.village_code: c.people for c in VillagePeopleCount.objects.all() if c.people}


def _direct() -> dict[str, int]:
    return dict(Person.objects.values_list("domicile_village_id").annotate(n=Count("id")).order_by())


def _new(village: str, n: int) -> Person:
    data = person_data(village)
    fields = {k: v for k, v in vars(data).items() if k not in ("domicile_village", "nik")}
    return Person(domicile_village_id=village, **fields, nik=f"{data.nik[:12]}{n:04d}")


@pytest.mark.postgresql
def test_the_counts_follow_inserts_bulk_inserts_moves_and_deletes(facilitator_a, facilitator_c):
    first = make_person(facilitator_a, VILLAGE_A)
    make_person(facilitator_a, VILLAGE_A)
    assert _kept() == {VILLAGE_A: 2}

    Person.objects.bulk_create([_new(VILLAGE_B, n) for n in range(5)] + [_new(VILLAGE_C, n + 5) for n in range(3)])
    assert _kept() == {VILLAGE_A: 2, VILLAGE_B: 5, VILLAGE_C: 3} == _direct()

    first.domicile_village_id = VILLAGE_C
    first.save()
    Person.objects.filter(domicile_village_id=VILLAGE_B).update(domicile_village_id=VILLAGE_A)
    Person.objects.filter(domicile_village_id=VILLAGE_A).update(full_name="Nama Lain")  # no move: no change
    assert _kept() == {VILLAGE_A: 6, VILLAGE_C: 4} == _direct()

    Person.objects.filter(domicile_village_id=VILLAGE_C).exclude(pk=first.pk).delete()  # first has a consent
    assert _kept() == {VILLAGE_A: 6, VILLAGE_C: 1} == _direct()


@pytest.mark.postgresql
def test_a_rolled_back_registration_leaves_the_counts_as_they_were(facilitator_a):
    make_person(facilitator_a, VILLAGE_A)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_person(facilitator_a, VILLAGE_A)
        assert _kept() == {VILLAGE_A: 2}
        raise RuntimeError
    assert _kept() == {VILLAGE_A: 1}


@pytest.mark.postgresql
def test_the_migration_counts_the_persons_already_there(facilitator_a, facilitator_b):
    for village, n in [(VILLAGE_A, 3), (VILLAGE_B, 2)]:
        for _ in range(n):
            make_person(facilitator_a if village == VILLAGE_A else facilitator_b, village)
    triggers = next(op for op in migration.Migration.operations if isinstance(op, RunPython))
    assert triggers.reverse_code is not None
    no_apps: Any = None  # the SQL needs no historical models
    with connection.schema_editor() as editor:
        triggers.reverse_code(no_apps, editor)
        VillagePeopleCount.objects.all().delete()
        triggers.code(no_apps, editor)
    assert _kept() == {VILLAGE_A: 3, VILLAGE_B: 2}
    make_person(facilitator_a, VILLAGE_A)  # and the triggers are back
    assert _kept() == {VILLAGE_A: 4, VILLAGE_B: 2}


@pytest.mark.parametrize(
    "user",
    ["facilitator_a", "facilitator_b", "regency_officer", "ministry_staff", "partner", "no_role_user"],
)
@pytest.mark.parametrize(
    "filters",
    [
        PeopleFilter(),
        PeopleFilter(village=VILLAGE_A),
        PeopleFilter(village=VILLAGE_C),
        PeopleFilter(q="siti"),
        PeopleFilter(migrant_status="abroad"),
        PeopleFilter(sex="F", village=VILLAGE_B),
    ],
)
def test_a_lists_count_is_the_number_of_people_it_shows(request, user, filters, facilitator_a, facilitator_b):
    facilitator_c = request.getfixturevalue("facilitator_c")
    for actor, village, names in [
        (facilitator_a, VILLAGE_A, ["Siti Aminah", "Siti Rahayu", "Budi"]),
        (facilitator_b, VILLAGE_B, ["Dewi Lestari"]),
        (facilitator_c, VILLAGE_C, ["Sri Wahyuni", "Siti Nur"]),
    ]:
        for name in names:
            make_person(actor, village, full_name=name, migrant_status="abroad" if "Siti" in name else "none")
    viewer = request.getfixturevalue(user)
    people = people_for_user(viewer, filters)
    shown = Counter(p.domicile_village_id for p in people)
    assert count_people(viewer, filters) == sum(shown.values())


def test_an_unfiltered_count_reads_the_kept_counts_on_postgresql(regency_officer, facilitator_a):
    make_person(facilitator_a, VILLAGE_A)
    role_assignments(regency_officer)  # read once per request, before the count
    with CaptureQueriesContext(connection) as captured:
        assert count_people(regency_officer, PeopleFilter()) == 1
    (query,) = captured.captured_queries
    table = "people_villagepeoplecount" if connection.vendor == "postgresql" else "people_person"
    assert table in query["sql"]
