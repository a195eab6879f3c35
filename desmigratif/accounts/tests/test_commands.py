import pytest
from django.core.management import CommandError, call_command

from conftest import VILLAGE_A, make_user
from desmigratif.accounts.models import RoleAssignment
from desmigratif.accounts.roles import Role


def test_grant_role_gives_a_facilitator_their_village(regions):
    user = make_user("new_facilitator", None)
    call_command("grant_role", "new_facilitator", Role.FACILITATOR, VILLAGE_A)
    call_command("grant_role", "new_facilitator", Role.FACILITATOR, VILLAGE_A)
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "region_code")) == [
        (Role.FACILITATOR, VILLAGE_A)
    ]


def test_grant_role_refuses_a_regency_code_for_a_facilitator(regions):
    make_user("new_facilitator", None)
    with pytest.raises(CommandError):
        call_command("grant_role", "new_facilitator", Role.FACILITATOR, "35.07")
    assert not RoleAssignment.objects.exists()


def test_grant_role_refuses_an_unknown_user(regions):
    with pytest.raises(CommandError, match="No user"):
        call_command("grant_role", "nobody", Role.NATIONAL_STAFF)


def test_grant_role_refuses_a_village_code_that_does_not_exist(regions):
    make_user("new_facilitator", None)
    with pytest.raises(CommandError):
        call_command("grant_role", "new_facilitator", Role.FACILITATOR, "35.07.33.2999")
    assert not RoleAssignment.objects.exists()
