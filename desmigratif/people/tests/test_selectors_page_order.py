"""people_in_page_order: a name search with few matches is planned differently, never ordered differently."""

import pytest

from conftest import VILLAGE_A, make_person
from desmigratif.people import selectors
from desmigratif.people.selectors import FEW_MATCHES, PeopleFilter

NAMES = ["siti Rahayu", "Ani Siti", "Siti Aminah", "SITI Zulaikha", "Bambang", "Siti Aminah"]


@pytest.fixture
def people(facilitator_a):
    return [make_person(facilitator_a, VILLAGE_A, full_name=name) for name in NAMES]


def _order_sql(qs):
    return str(qs.query).rpartition("ORDER BY")[2]


def test_a_name_search_with_few_matches_keeps_the_rows_and_their_order(people, facilitator_a):
    filters = PeopleFilter(q="siti")
    qs = selectors.people_for_user(facilitator_a, filters)
    planned = selectors.people_in_page_order(qs, filters, qs.count())
    assert _order_sql(planned) != _order_sql(qs)  # sorted by an expression no index serves
    assert list(planned) == list(qs)
    assert sorted(p.full_name for p in planned) == sorted(n for n in NAMES if "siti" in n.lower())
    assert list(planned[1:3]) == list(qs[1:3])  # ties on the name are broken by id both ways


@pytest.mark.parametrize(
    ("q", "count"),
    [
        ("", 3),  # no search: the list walks the name index
        ("siti", FEW_MATCHES + 1),  # many matches: walking the name index fills a page soon
        ("3507", 3),  # a NIK prefix is served by the NIK index
    ],
)
def test_other_lists_are_left_as_they_are(people, facilitator_a, q, count):
    filters = PeopleFilter(q=q)
    qs = selectors.people_for_user(facilitator_a, filters)
    assert selectors.people_in_page_order(qs, filters, count) is qs


@pytest.mark.parametrize(
    ("filters", "keyed"),
    [
        (PeopleFilter(), True),
        (PeopleFilter(migrant_status="abroad"), True),
        (PeopleFilter(sex="F"), True),
        (PeopleFilter(q="siti"), False),  # the trigram index combines with the range of codes
        (PeopleFilter(q="3507"), False),
    ],
)
def test_a_regency_officers_page_is_selected_by_the_regency_key(
    regency_officer, person_a, person_b, person_c, filters, keyed
):
    qs = selectors.people_for_user(regency_officer, filters)
    where = str(qs.query).partition("WHERE")[2]
    # The expression of people_person_regency_name_idx, with its bounds in the SQL.
    assert ('SUBSTR("people_person"."domicile_village_id", 1, 5) = \'35.07\'' in where) is keyed
    assert (" LIKE " in where) is not keyed
    expected = [p for p in (person_b, person_a) if _matches(p, filters)]  # in name order; not person_c
    assert list(qs) == expected
    assert selectors.count_people(regency_officer, filters) == len(expected)


def _matches(person, filters):
    return (
        (not filters.migrant_status or person.migrant_status == filters.migrant_status)
        and (not filters.sex or person.sex == filters.sex)
        and (not filters.q or filters.q.lower() in person.full_name.lower() or person.nik.startswith(filters.q))
    )


# --- people_to_list: which pages count with their rows ------------------------------------------------


@pytest.mark.parametrize(
    ("actor_name", "filters", "counts_first"),
    [
        ("facilitator_a", PeopleFilter(q="siti"), False),  # a village
        ("regency_officer", PeopleFilter(q="siti"), False),  # a regency
        ("ministry_staff", PeopleFilter(q="siti", village=VILLAGE_A), False),  # one village chosen
        ("ministry_staff", PeopleFilter(q="siti"), True),  # the whole country: count first
        ("regency_officer", PeopleFilter(), True),  # no search: the kept per-village counts
        ("regency_officer", PeopleFilter(q="3507"), True),  # a NIK: its own index
        ("regency_officer", PeopleFilter(sex="F"), True),
    ],
)
def test_a_name_search_within_a_regency_counts_with_its_rows(request, people, actor_name, filters, counts_first):
    user = request.getfixturevalue(actor_name)
    listed, count = selectors.people_to_list(user, filters)
    expected = list(selectors.people_for_user(user, filters))
    assert list(listed) == expected  # the same rows in the same order either way
    assert (count is not None) is counts_first
    if count is not None:
        assert count == len(expected)
