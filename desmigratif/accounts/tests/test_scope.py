import pytest

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_person, make_user
from desmigratif.accounts.models import RoleAssignment
from desmigratif.accounts.roles import Perm, Role
from desmigratif.accounts.scope import Scope, forget_role_assignments, has_perm, role_assignments, scope_for
from desmigratif.people.models import Person
from desmigratif.regions.models import District, Village

# Scope.of


@pytest.mark.parametrize(
    ("codes", "prefixes"),
    [
        (["35.07.33.2006", "35.07", "35.07.11.2008"], ("35.07",)),
        (["35.07.33.2006", "35.07.33.2006"], ("35.07.33.2006",)),
        (["35.07.33", "35.07.33.2006", "33.07.10.2004"], ("33.07.10.2004", "35.07.33")),
        (["35", "35.07", "33.07"], ("33.07", "35")),
        (["35.07", ""], ("",)),
        (["", "35.07.33.2006", "33"], ("",)),
        ([], ()),
        # A sibling that shares leading characters is not covered: "35.0" is not a parent of "35.07".
        (["35.0", "35.07"], ("35.0", "35.07")),
        (["35.07.1", "35.07.11.2008"], ("35.07.1", "35.07.11.2008")),
    ],
)
def test_a_scope_keeps_only_the_codes_no_shorter_code_covers(codes, prefixes):
    assert Scope.of(codes).prefixes == prefixes


def test_a_scope_does_not_depend_on_the_order_or_type_of_its_codes():
    assert Scope.of({"35.07", VILLAGE_C}) == Scope.of((VILLAGE_C, "35.07")) == Scope.of(["35.07", VILLAGE_C])


def test_an_empty_and_a_national_scope_are_told_apart():
    assert Scope.of([]).is_empty and not Scope.of([]).is_national
    assert Scope.of([""]).is_national and not Scope.of([""]).is_empty
    assert not Scope.of(["35"]).is_national and not Scope.of(["35"]).is_empty


# Scope.contains


@pytest.mark.parametrize(
    ("codes", "code", "inside"),
    [
        (["35.07"], VILLAGE_A, True),
        (["35.07"], "35.07", True),
        (["35.07"], "35.07.33", True),
        (["35.07"], "35", False),
        (["35.07"], VILLAGE_C, False),
        (["35.07"], "35.071.00.0000", False),
        ([VILLAGE_A], VILLAGE_A, True),
        ([VILLAGE_A], VILLAGE_B, False),
        ([VILLAGE_A], "35.07.33", False),
        (["35.0"], VILLAGE_A, False),
        ([""], VILLAGE_C, True),
        ([""], "", True),
        ([], VILLAGE_A, False),
        (["35.07"], None, False),
        ([""], None, False),
        (["35.07"], "", False),
    ],
)
def test_a_scope_contains_its_codes_and_everything_below_them(codes, code, inside):
    assert Scope.of(codes).contains(code) is inside


# Scope.q and Scope.apply on real rows


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([VILLAGE_A], {VILLAGE_A}),
        (["35.07.33"], {VILLAGE_A}),
        (["35.07"], {VILLAGE_A, VILLAGE_B}),
        (["35"], {VILLAGE_A, VILLAGE_B}),
        (["33"], {VILLAGE_C}),
        ([""], {VILLAGE_A, VILLAGE_B, VILLAGE_C}),
        ([], set()),
        ([VILLAGE_A, "33.07"], {VILLAGE_A, VILLAGE_C}),
        (["35.0"], set()),
        (["35.07.3"], set()),
        (["35.07.33.200"], set()),
    ],
)
def test_a_scope_filters_villages_by_code(regions, codes, expected):
    scope = Scope.of(codes)
    assert set(scope.apply(Village.objects.all(), "code").values_list("code", flat=True)) == expected
    assert set(Village.objects.filter(scope.q("code")).values_list("code", flat=True)) == expected


def test_a_scope_filters_rows_through_a_relation(regions):
    assert set(Scope.of(["35.07"]).apply(District.objects.all(), "regency__code").values_list("code", flat=True)) == {
        "35.07.33",
        "35.07.11",
    }


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("facilitator_a", {"a"}),
        ("regency_officer", {"a", "b"}),
        ("ministry_staff", {"a", "b", "c"}),
        ("partner", set()),
        ("no_role_user", set()),
    ],
)
def test_the_scope_of_a_user_selects_the_people_of_their_area(request, person_a, person_b, person_c, user, expected):
    people = {"a": person_a, "b": person_b, "c": person_c}
    scope = scope_for(request.getfixturevalue(user), Perm.PEOPLE_VIEW)
    visible = scope.apply(Person.objects.all(), "domicile_village__code")
    assert set(visible.values_list("pk", flat=True)) == {people[key].pk for key in expected}


def test_a_national_scope_adds_no_filter_and_an_empty_scope_matches_nothing(regions):
    everything = Village.objects.all()
    assert Scope.of([""]).apply(everything, "code") is everything
    assert Village.objects.filter(Scope.of([""]).q("code")).count() == 3
    assert not Scope.of([]).apply(everything, "code").exists()
    # A caller that combines q() itself must not get everything from an empty scope.
    assert not Village.objects.filter(Scope.of([]).q("code")).exists()


# scope_for and has_perm


def test_each_member_of_the_cast_gets_the_scope_of_their_role(
    facilitator_a, regency_officer, ministry_staff, partner, treasurer, sysadmin, no_role_user
):
    assert scope_for(facilitator_a, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_A,)
    assert scope_for(regency_officer, Perm.PEOPLE_CHANGE).prefixes == ("35.07",)
    assert scope_for(ministry_staff, Perm.PEOPLE_VIEW).is_national
    assert scope_for(ministry_staff, Perm.PEOPLE_CHANGE).is_empty
    assert scope_for(partner, Perm.PEOPLE_VIEW).is_empty
    assert scope_for(partner, Perm.AGGREGATES_VIEW).is_national
    assert scope_for(treasurer, Perm.PEOPLE_REVEAL_NIK).is_empty
    assert scope_for(sysadmin, Perm.AUDIT_VIEW).is_national
    assert scope_for(sysadmin, Perm.PEOPLE_VIEW).is_empty
    assert scope_for(no_role_user, Perm.AGGREGATES_VIEW).is_empty


def test_scope_for_unions_the_assignments_that_grant_the_permission(regions):
    user = make_user("two_hats", Role.FACILITATOR, VILLAGE_A)
    RoleAssignment.objects.create(user=user, role=Role.PARTNER, region_code="33")
    assert scope_for(user, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_A,)
    assert scope_for(user, Perm.AGGREGATES_VIEW).prefixes == ("33", VILLAGE_A)
    assert not has_perm(user, Perm.AUDIT_VIEW)
    assert has_perm(user, Perm.PEOPLE_CHANGE)


def test_has_perm_says_whether_the_scope_is_not_empty_for_every_role_and_permission(regions):
    for number, role in enumerate(Role):
        user = make_user(f"role_{number}", role, "" if role == Role.NATIONAL_STAFF else VILLAGE_A)
        for perm in Perm:
            assert has_perm(user, perm) == (not scope_for(user, perm).is_empty), (role, perm)


def test_two_villages_give_a_facilitator_both(regions, person_a, person_b, person_c):
    user = make_user("two_villages", Role.FACILITATOR, VILLAGE_A)
    RoleAssignment.objects.create(user=user, role=Role.FACILITATOR, region_code=VILLAGE_C)
    scope = scope_for(user, Perm.PEOPLE_VIEW)
    assert set(scope.apply(Person.objects.all(), "domicile_village__code")) == {person_a, person_c}


def test_an_inactive_assignment_grants_nothing(regions):
    user = make_user("retired", Role.FACILITATOR, VILLAGE_A)
    RoleAssignment.objects.filter(user=user).update(is_active=False)
    assert not has_perm(user, Perm.PEOPLE_VIEW)
    assert scope_for(user, Perm.PEOPLE_VIEW).is_empty


def test_an_anonymous_user_has_no_scope():
    from django.contrib.auth.models import AnonymousUser

    assert role_assignments(AnonymousUser()) == []
    assert scope_for(AnonymousUser(), Perm.AGGREGATES_VIEW).is_empty


def test_assignments_are_read_once_per_user_object_until_forgotten(regions, django_assert_num_queries):
    user = make_user("cached", Role.FACILITATOR, VILLAGE_A)
    with django_assert_num_queries(1):
        scope_for(user, Perm.PEOPLE_VIEW)
        scope_for(user, Perm.PEOPLE_CHANGE)
        has_perm(user, Perm.AUDIT_VIEW)
    RoleAssignment.objects.create(user=user, role=Role.FACILITATOR, region_code=VILLAGE_B)
    assert scope_for(user, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_A,)
    forget_role_assignments(user)
    assert scope_for(user, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_B, VILLAGE_A)


def test_a_scope_is_worked_out_once_per_permission_until_the_assignments_are_forgotten(regions):
    user = make_user("memo", Role.FACILITATOR, VILLAGE_A)
    first = scope_for(user, Perm.PEOPLE_VIEW)
    assert scope_for(user, Perm.PEOPLE_VIEW) is first  # kept for the request
    assert scope_for(user, Perm.AUDIT_VIEW).is_empty  # another permission, its own scope
    RoleAssignment.objects.create(user=user, role=Role.FACILITATOR, region_code=VILLAGE_B)
    forget_role_assignments(user)
    assert scope_for(user, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_B, VILLAGE_A)


def test_people_registered_through_the_service_fall_in_the_registrars_scope(facilitator_a):
    person = make_person(facilitator_a)
    assert scope_for(facilitator_a, Perm.PEOPLE_CHANGE).contains(person.domicile_village_id)


@pytest.mark.parametrize(
    ("codes", "within"),
    [
        (["35.07"], True),
        (["35.07.33.2006"], True),
        (["35.07.33", "33.07"], True),
        (["35.07", "35"], False),  # a province covers the regency
        (["35"], False),
        ([""], False),
        ([], False),  # nothing is not a small area
    ],
)
def test_a_scope_is_within_regencies_when_no_province_or_the_country_is_in_it(codes, within):
    assert Scope.of(codes).is_within_regencies is within
