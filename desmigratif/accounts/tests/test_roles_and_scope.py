import pytest
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_user
from desmigratif.accounts.models import ApiToken, RoleAssignment
from desmigratif.accounts.roles import ROLE_PERMISSIONS, ROLE_REGION_LEVELS, Perm, Role, region_level
from desmigratif.accounts.scope import Scope, has_perm, scope_for
from desmigratif.accounts.services import (
    ROLE_REGION_LEVEL_WRONG,
    TOKEN_ALREADY_REVOKED,
    api_token_create,
    api_token_revoke,
    role_assign,
)
from desmigratif.regions.models import Village


def test_every_role_has_permissions_and_a_region_level():
    assert set(ROLE_PERMISSIONS) == set(Role.values) == set(ROLE_REGION_LEVELS)
    assert all(p in Perm.values for perms in ROLE_PERMISSIONS.values() for p in perms)


def test_partners_get_aggregates_and_never_personal_data():
    assert ROLE_PERMISSIONS[Role.PARTNER] == {Perm.AGGREGATES_VIEW}


def test_only_facilitators_officers_and_staff_may_reveal_a_nik():
    revealers = {role for role, perms in ROLE_PERMISSIONS.items() if Perm.PEOPLE_REVEAL_NIK in perms}
    assert revealers == {Role.FACILITATOR, Role.REGENCY_OFFICER, Role.NATIONAL_STAFF}


def test_national_staff_read_but_do_not_edit_people():
    assert Perm.PEOPLE_VIEW in ROLE_PERMISSIONS[Role.NATIONAL_STAFF]
    assert Perm.PEOPLE_CHANGE not in ROLE_PERMISSIONS[Role.NATIONAL_STAFF]


def test_region_levels_count_dotted_segments():
    assert [region_level(c) for c in ("", "35", "35.07", "35.07.33", VILLAGE_A)] == [0, 1, 2, 3, 4]


def test_a_scope_drops_codes_covered_by_a_shorter_one():
    assert Scope.of(["35.07.33.2006", "35.07", "35.07.11.2008"]).prefixes == ("35.07",)
    assert Scope.of(["35.07", ""]).is_national
    assert Scope.of([]).is_empty
    scope = Scope.of(["35.07"])
    assert scope.contains(VILLAGE_A) and scope.contains("35.07") and not scope.contains(VILLAGE_C)
    assert not Scope.of(["35.0"]).contains("35.07.33.2006")


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([VILLAGE_A], {VILLAGE_A}),
        (["35.07"], {VILLAGE_A, VILLAGE_B}),
        (["33"], {VILLAGE_C}),
        ([""], {VILLAGE_A, VILLAGE_B, VILLAGE_C}),
        ([], set()),
        ([VILLAGE_A, "33.07"], {VILLAGE_A, VILLAGE_C}),
    ],
)
def test_a_scope_filters_rows_by_code_prefix(regions, codes, expected):
    assert set(Scope.of(codes).apply(Village.objects.all(), "code").values_list("code", flat=True)) == expected


def test_scope_for_unions_the_assignments_that_grant_the_permission(regions):
    user = make_user("two_hats", Role.FACILITATOR, VILLAGE_A)
    RoleAssignment.objects.create(user=user, role=Role.PARTNER, region_code="33")
    assert scope_for(user, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_A,)
    assert scope_for(user, Perm.AGGREGATES_VIEW).prefixes == ("33", VILLAGE_A)
    assert not has_perm(user, Perm.AUDIT_VIEW)


def test_an_inactive_assignment_grants_nothing(regions):
    user = make_user("retired", Role.FACILITATOR, VILLAGE_A)
    RoleAssignment.objects.filter(user=user).update(is_active=False)
    assert not has_perm(user, Perm.PEOPLE_VIEW)


def test_a_token_key_is_returned_once_and_only_its_hash_is_stored(regions):
    user = make_user("client", Role.FACILITATOR, VILLAGE_A)
    token, key = api_token_create(user=user, name="  SIAPkerja  ", read_only=True, actor=user)
    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith("dsm_") and key not in (stored.key_hash, stored.key_hint)
    assert stored.key_hash == ApiToken.hash_key(key) and stored.name == "SIAPkerja"
    api_token_revoke(token=stored, actor=user)
    with pytest.raises(ValidationError) as exc:
        api_token_revoke(token=stored, actor=user)
    assert exc.value.messages == [str(TOKEN_ALREADY_REVOKED)]


def test_a_token_needs_a_name(regions):
    user = make_user("client", Role.FACILITATOR, VILLAGE_A)
    with pytest.raises(ValidationError):
        api_token_create(user=user, name=" ", read_only=True, actor=user)
    assert not ApiToken.objects.exists()


def test_role_assign_checks_the_region_level(regions):
    user = make_user("officer", None)
    with pytest.raises(ValidationError) as exc:
        role_assign(user=user, role=Role.REGENCY_OFFICER, region_code=VILLAGE_A)
    assert exc.value.message_dict == {"region_code": [str(ROLE_REGION_LEVEL_WRONG)]}
    assert role_assign(user=user, role=Role.REGENCY_OFFICER, region_code="35.07").region_code == "35.07"
