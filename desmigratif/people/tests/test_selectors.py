import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_person
from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import role_assignments, scope_for
from desmigratif.people import selectors
from desmigratif.people.selectors import PeopleFilter, get_household_for_user, get_person_for_user, people_for_user
from desmigratif.people.services import family_link_add, household_create


@pytest.fixture
def cast(person_a, person_b, person_c):
    return {"a": person_a, "b": person_b, "c": person_c}


def _names(user, **filters):
    return [p.full_name for p in people_for_user(user, PeopleFilter(**filters))]


@pytest.mark.parametrize(
    ("user", "visible"),
    [
        ("facilitator_a", {"a"}),
        ("facilitator_b", {"b"}),
        ("facilitator_c", {"c"}),
        ("treasurer", {"a"}),
        ("regency_officer", {"a", "b"}),
        ("ministry_staff", {"a", "b", "c"}),
        ("partner", set()),
        ("sysadmin", set()),
        ("no_role_user", set()),
    ],
)
def test_people_for_user_shows_only_the_people_in_the_users_area(request, cast, user, visible):
    people = people_for_user(request.getfixturevalue(user))
    assert {p.pk for p in people} == {cast[key].pk for key in visible}


def test_an_anonymous_user_sees_nobody(cast):
    assert not people_for_user(AnonymousUser()).exists()


def test_people_are_listed_in_name_order(facilitator_a):
    for name in ("Wati", "Agus", "Nur"):
        make_person(facilitator_a, full_name=name)
    assert _names(facilitator_a) == ["Agus", "Nur", "Wati"]


@pytest.mark.parametrize("term", ["siti", "AMINAH", "ti ami", "  Siti  "])
def test_search_by_name_is_case_insensitive_and_matches_part_of_a_name(facilitator_a, term):
    make_person(facilitator_a, full_name="Siti Aminah")
    make_person(facilitator_a, full_name="Dewi Lestari")
    assert _names(facilitator_a, q=term) == ["Siti Aminah"]


def test_search_by_name_stays_within_the_users_area(cast, facilitator_a, ministry_staff):
    assert _names(facilitator_a, q="dewi") == []
    assert _names(ministry_staff, q="dewi") == ["Dewi Lestari"]


def test_search_by_nik_prefix_finds_the_person(facilitator_a):
    person = make_person(facilitator_a, full_name="Siti Aminah")
    other = make_person(facilitator_a, full_name="Budi", sex="M", birth_date=datetime.date(1970, 1, 1))
    assert _names(facilitator_a, q=person.nik) == ["Siti Aminah"]
    assert _names(facilitator_a, q=person.nik[:12]) == ["Siti Aminah"]
    spaced = f"{person.nik[:4]} {person.nik[4:8]}.{person.nik[8:12]}"
    assert _names(facilitator_a, q=spaced) == ["Siti Aminah"]
    # Both NIKs start with the district code, so a short prefix finds both.
    assert set(_names(facilitator_a, q=person.nik[:6])) == {"Siti Aminah", other.full_name}


def test_search_by_nik_does_not_reach_outside_the_users_area(cast, facilitator_a, regency_officer):
    assert _names(facilitator_a, q=cast["b"].nik) == []
    assert _names(regency_officer, q=cast["b"].nik) == ["Dewi Lestari"]
    assert _names(regency_officer, q=cast["c"].nik) == []


def test_search_by_nik_matches_the_start_of_the_number_only(facilitator_a):
    person = make_person(facilitator_a)
    assert _names(facilitator_a, q=person.nik[4:12]) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"migrant_status": "abroad"}, ["Migran"]),
        ({"migrant_status": "family"}, ["Anak"]),
        ({"sex": "M"}, ["Anak"]),
        ({"sex": "F"}, ["Migran", "Siti"]),
        ({"migrant_status": "abroad", "sex": "M"}, []),
        ({"village": VILLAGE_A}, ["Anak", "Migran", "Siti"]),
        ({"village": VILLAGE_B}, []),
    ],
)
def test_people_can_be_filtered_by_status_sex_and_village(facilitator_a, filters, expected):
    make_person(facilitator_a, full_name="Siti", migrant_status="none")
    make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    make_person(facilitator_a, full_name="Anak", sex="M", migrant_status="family")
    assert _names(facilitator_a, **filters) == expected


def test_a_village_filter_cannot_widen_the_users_area(cast, facilitator_a, regency_officer):
    assert _names(facilitator_a, village=VILLAGE_C) == []
    assert _names(regency_officer, village=VILLAGE_C) == []
    assert _names(regency_officer, village=VILLAGE_B) == ["Dewi Lestari"]


def test_get_person_for_user_returns_a_person_in_the_users_area(cast, facilitator_a, regency_officer, ministry_staff):
    assert get_person_for_user(facilitator_a, cast["a"].pk) == cast["a"]
    assert get_person_for_user(facilitator_a, cast["a"].pk, for_write=True) == cast["a"]
    assert get_person_for_user(regency_officer, cast["b"].pk, for_write=True) == cast["b"]
    assert get_person_for_user(ministry_staff, cast["c"].pk) == cast["c"]


@pytest.mark.parametrize(
    ("user", "key"),
    [
        ("facilitator_a", "b"),
        ("facilitator_a", "c"),
        ("facilitator_b", "a"),
        ("regency_officer", "c"),
        ("partner", "a"),
        ("sysadmin", "a"),
        ("no_role_user", "a"),
    ],
)
def test_get_person_for_user_raises_404_outside_the_users_area(request, cast, user, key):
    viewer = request.getfixturevalue(user)
    for for_write in (False, True):
        with pytest.raises(Http404) as exc:
            get_person_for_user(viewer, cast[key].pk, for_write=for_write)
        assert str(exc.value) == str(selectors.NOT_FOUND)


def test_out_of_area_and_missing_people_get_the_same_answer(cast, facilitator_a):
    with pytest.raises(Http404) as outside:
        get_person_for_user(facilitator_a, cast["c"].pk)
    with pytest.raises(Http404) as missing:
        get_person_for_user(facilitator_a, cast["c"].pk + 1000)
    assert str(outside.value) == str(missing.value)


def test_view_only_ministry_staff_are_refused_a_write(cast, ministry_staff):
    with pytest.raises(PermissionDenied) as exc:
        get_person_for_user(ministry_staff, cast["a"].pk, for_write=True)
    assert str(exc.value) == str(selectors.CANNOT_CHANGE)


def test_find_person_by_nik_answers_none_outside_the_users_area(cast, facilitator_a):
    assert selectors.find_person_by_nik_for_user(facilitator_a, cast["a"].nik) == cast["a"]
    assert selectors.find_person_by_nik_for_user(facilitator_a, cast["b"].nik) is None
    assert selectors.find_person_by_nik_for_user(facilitator_a, "not a nik") is None


def test_family_links_to_people_outside_the_viewers_area_are_hidden(facilitator_a, regency_officer):
    migrant = make_person(regency_officer, VILLAGE_B, full_name="Migran", migrant_status="abroad")
    child = make_person(regency_officer, VILLAGE_A, full_name="Anak", migrant_status="family")
    family_link_add(family_member=child, migrant=migrant, relation="child", actor=regency_officer)
    assert [link.migrant for link in selectors.person_family_links(child, regency_officer)["migrants"]] == [migrant]
    assert selectors.person_family_links(child, facilitator_a) == {"migrants": [], "family": []}


def test_family_links_both_ways_come_in_one_query(facilitator_a, regency_officer, django_assert_num_queries):
    father = make_person(regency_officer, VILLAGE_A, full_name="Bapak", migrant_status="abroad")
    mother = make_person(regency_officer, VILLAGE_B, full_name="Ibu", migrant_status="abroad")
    child = make_person(regency_officer, VILLAGE_A, full_name="Anak", migrant_status="family")
    grandmother = make_person(regency_officer, VILLAGE_B, full_name="Nenek", migrant_status="family")
    for member, migrant, relation in (
        (child, father, "child"),
        (child, mother, "child"),
        (grandmother, mother, "parent"),
    ):
        family_link_add(family_member=member, migrant=migrant, relation=relation, actor=regency_officer)
    for user in (regency_officer, facilitator_a):
        scope_for(user, Perm.PEOPLE_VIEW)  # the roles, read once per request by the login backend
    with django_assert_num_queries(1):
        links = selectors.person_family_links(child, regency_officer)
        names = {key: [(link.migrant.full_name, link.relation) for link in found] for key, found in links.items()}
    assert names == {"migrants": [("Bapak", "child"), ("Ibu", "child")], "family": []}
    with django_assert_num_queries(1):
        links = selectors.person_family_links(mother, regency_officer)
        family = {key: [link.family_member.full_name for link in found] for key, found in links.items()}
    assert family == {"migrants": [], "family": ["Anak", "Nenek"]}
    # Facilitator of village A: the mother and grandmother (village B) are not shown.
    assert [link.migrant.full_name for link in selectors.person_family_links(child, facilitator_a)["migrants"]] == [
        "Bapak"
    ]


def test_get_household_for_user_follows_the_same_rules(facilitator_a, facilitator_b, ministry_staff):
    head = make_person(facilitator_a, full_name="Kepala", sex="M")
    household = household_create(
        kk_number="3507330101010001", village=VILLAGE_A, address="", head=head, actor=facilitator_a
    )
    assert get_household_for_user(facilitator_a, household.pk, for_write=True) == household
    with pytest.raises(Http404):
        get_household_for_user(facilitator_b, household.pk)
    assert get_household_for_user(ministry_staff, household.pk) == household
    with pytest.raises(PermissionDenied):
        get_household_for_user(ministry_staff, household.pk, for_write=True)


def test_villages_for_registration_are_those_the_user_may_write_in(facilitator_a, regency_officer, ministry_staff):
    assert [v.code for v in selectors.villages_for_registration(facilitator_a)] == [VILLAGE_A]
    assert {v.code for v in selectors.villages_for_registration(regency_officer)} == {VILLAGE_A, VILLAGE_B}
    assert not selectors.villages_for_registration(ministry_staff).exists()


def test_a_person_is_read_with_what_the_person_pages_show_and_no_more(person_a, facilitator_a):
    """Every join adds to PostgreSQL's planning of the read (village, district and regency are shown)."""
    role_assignments(facilitator_a)  # as the sign-in has loaded them
    with CaptureQueriesContext(connection) as captured:
        person = get_person_for_user(facilitator_a, person_a.pk)
        assert person.domicile_village.district.regency.code == VILLAGE_A[:5]
    (query,) = captured.captured_queries
    assert query["sql"].count(" JOIN ") == 3
    assert "accounts_user" not in query["sql"]
