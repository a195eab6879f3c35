"""A NIK-prefix search is an index range; it finds exactly the NIKs that start with the digits typed."""

import datetime

import pytest

from conftest import VILLAGE_A, make_person
from desmigratif.people import selectors
from desmigratif.people.selectors import PeopleFilter

# Birth days around the digit 9, where the range's upper bound carries ("…19" up to "…2"); women's
# days have 40 added ("…49", "…50").
BIRTHS = [
    (datetime.date(1990, 5, 9), "M"),
    (datetime.date(1990, 5, 10), "M"),
    (datetime.date(1990, 5, 19), "M"),
    (datetime.date(1990, 5, 20), "M"),
    (datetime.date(1999, 9, 29), "M"),
    (datetime.date(1990, 5, 9), "F"),
    (datetime.date(1990, 5, 10), "F"),
]


@pytest.fixture
def people(facilitator_a):
    return [
        make_person(facilitator_a, VILLAGE_A, full_name=f"Orang {index}", birth_date=birth, sex=sex)
        for index, (birth, sex) in enumerate(BIRTHS)
    ]


def test_every_prefix_of_every_nik_finds_exactly_the_niks_it_starts(people, facilitator_a):
    for person in people:
        for length in range(4, 17):
            prefix = person.nik[:length]
            found = selectors.people_for_user(facilitator_a, PeopleFilter(q=prefix))
            assert {p.nik for p in found} == {p.nik for p in people if p.nik.startswith(prefix)}, prefix


@pytest.mark.parametrize("prefix", ["9999", "0000", "3506999999999999", "3508"])
def test_a_prefix_that_starts_no_nik_finds_nobody(people, facilitator_a, prefix):
    assert not selectors.people_for_user(facilitator_a, PeopleFilter(q=prefix)).exists()


def test_the_search_reads_a_range_not_a_pattern(facilitator_a):
    where = str(selectors.people_for_user(facilitator_a, PeopleFilter(q="3507 3319")).query).partition("WHERE")[2]
    assert '"nik" >= 35073319' in where and '"nik" < 3507332' in where and "LIKE" not in where


def test_without_the_reveal_permission_only_a_full_nik_finds_a_person(people, treasurer):
    """A cooperative officer sees the village's people but may not reveal NIKs: a prefix search
    would let them rebuild a NIK digit by digit, so only the full NIK they already know matches."""
    person = people[0]
    for length in (4, 10, 15):
        assert not selectors.people_for_user(treasurer, PeopleFilter(q=person.nik[:length])).exists()
    assert list(selectors.people_for_user(treasurer, PeopleFilter(q=person.nik))) == [person]
    assert selectors.people_for_user(treasurer, PeopleFilter(q="Orang")).count() == len(people)
