import json

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, make_user
from desmigratif.accounts.models import ApiToken, RoleAssignment
from desmigratif.accounts.roles import Role
from desmigratif.accounts.services import (
    ROLE_REGION_LEVEL_WRONG,
    ROLE_REGION_UNKNOWN,
    TOKEN_ALREADY_REVOKED,
    TOKEN_NAME_REQUIRED,
    api_token_create,
    api_token_revoke,
    role_assign,
    user_set_language,
)
from desmigratif.audit.models import AuditEvent, AuditLog

# api_token_create and api_token_revoke


def test_a_token_key_is_returned_once_and_only_its_hash_is_stored(facilitator_a):
    token, key = api_token_create(user=facilitator_a, name="  SIAPkerja  ", read_only=True, actor=facilitator_a)
    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith(ApiToken.PREFIX) and len(key) > 40
    assert stored.key_hash == ApiToken.hash_key(key)
    assert stored.key_hint == key[:10]
    for value in (stored.key_hash, stored.key_hint, stored.name):
        assert key not in value
    assert (stored.name, stored.read_only, stored.user, stored.revoked_at) == ("SIAPkerja", True, facilitator_a, None)


def test_the_key_is_not_written_to_the_audit_log(facilitator_a):
    token, key = api_token_create(user=facilitator_a, name="SIAPkerja", read_only=False, actor=facilitator_a)
    entry = AuditLog.objects.get(event=AuditEvent.API_TOKEN_CREATED)
    assert (entry.actor, entry.subject_type, entry.subject_id) == (facilitator_a, "accounts.apitoken", str(token.pk))
    assert entry.changes == {"name": [None, "SIAPkerja"], "read_only": [None, False]}
    assert entry.subject_label == "facilitator_a"
    assert key not in json.dumps(entry.changes) and key not in entry.subject_label


def test_every_token_gets_its_own_key(facilitator_a):
    keys = {api_token_create(user=facilitator_a, name="t", read_only=True, actor=facilitator_a)[1] for _ in range(3)}
    assert len(keys) == 3
    assert ApiToken.objects.values("key_hash").distinct().count() == 3


@pytest.mark.parametrize("name", ["", "   "])
def test_a_token_needs_a_name(facilitator_a, name):
    with pytest.raises(ValidationError) as exc:
        api_token_create(user=facilitator_a, name=name, read_only=True, actor=facilitator_a)
    assert exc.value.message_dict == {"name": [str(TOKEN_NAME_REQUIRED)]}
    assert not ApiToken.objects.exists()
    assert not AuditLog.objects.exists()


def test_a_long_token_name_is_cut_to_the_field_length(facilitator_a):
    token, _key = api_token_create(user=facilitator_a, name="x" * 150, read_only=True, actor=facilitator_a)
    assert ApiToken.objects.get(pk=token.pk).name == "x" * 100


@time_machine.travel("2026-06-01 09:00 +0700", tick=False)
def test_a_token_is_revoked_once_and_a_second_revocation_is_rejected(facilitator_a):
    token, _key = api_token_create(user=facilitator_a, name="SIAPkerja", read_only=True, actor=facilitator_a)
    revoked = api_token_revoke(token=token, actor=facilitator_a)
    assert revoked.revoked_at is not None
    first_revocation = ApiToken.objects.get(pk=token.pk).revoked_at
    assert first_revocation == revoked.revoked_at
    with pytest.raises(ValidationError) as exc:
        api_token_revoke(token=token, actor=facilitator_a)
    assert exc.value.messages == [str(TOKEN_ALREADY_REVOKED)]
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first_revocation
    assert AuditLog.objects.filter(event=AuditEvent.API_TOKEN_REVOKED).count() == 1


def test_a_stale_copy_of_a_revoked_token_cannot_be_revoked_again(facilitator_a):
    token, _key = api_token_create(user=facilitator_a, name="SIAPkerja", read_only=True, actor=facilitator_a)
    stale = ApiToken.objects.get(pk=token.pk)
    api_token_revoke(token=token, actor=facilitator_a)
    assert stale.revoked_at is None
    with pytest.raises(ValidationError):
        api_token_revoke(token=stale, actor=facilitator_a)


# role_assign


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.REGENCY_OFFICER, VILLAGE_A),
        (Role.REGENCY_OFFICER, ""),
        (Role.FACILITATOR, "35.07"),
        (Role.FACILITATOR, "35.07.33"),
        (Role.COOPERATIVE_OFFICER, ""),
        (Role.NATIONAL_STAFF, "35"),
        (Role.SYSTEM_ADMIN, "35.07"),
        (Role.PARTNER, VILLAGE_A),
    ],
)
def test_role_assign_rejects_a_region_of_the_wrong_level(regions, role, region):
    user = make_user("someone", None)
    with pytest.raises(ValidationError) as exc:
        role_assign(user=user, role=role, region_code=region)
    assert exc.value.message_dict == {"region_code": [str(ROLE_REGION_LEVEL_WRONG)]}
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.parametrize("region", ["35.07.33.2999", "35.99", "99"])
def test_role_assign_rejects_a_region_that_does_not_exist(regions, region):
    user = make_user("someone", None)
    role = {1: Role.PARTNER, 2: Role.REGENCY_OFFICER, 4: Role.FACILITATOR}[region.count(".") + 1]
    with pytest.raises(ValidationError) as exc:
        role_assign(user=user, role=role, region_code=region)
    assert exc.value.message_dict == {"region_code": [str(ROLE_REGION_UNKNOWN)]}
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.NATIONAL_STAFF, ""),
        (Role.REGENCY_OFFICER, "35.07"),
        (Role.FACILITATOR, VILLAGE_A),
        (Role.COOPERATIVE_OFFICER, VILLAGE_A),
        (Role.PARTNER, ""),
        (Role.PARTNER, "35"),
        (Role.PARTNER, "35.07"),
        (Role.SYSTEM_ADMIN, ""),
    ],
)
def test_role_assign_gives_a_role_for_a_region_of_its_level(regions, role, region):
    user = make_user("someone", None)
    assignment = role_assign(user=user, role=role, region_code=region)
    assert (assignment.user, assignment.role, assignment.region_code, assignment.is_active) == (
        user,
        role,
        region,
        True,
    )


def test_role_assign_twice_keeps_one_assignment_and_reactivates_it(regions):
    user = make_user("someone", Role.FACILITATOR, VILLAGE_A)
    RoleAssignment.objects.filter(user=user).update(is_active=False)
    role_assign(user=user, role=Role.FACILITATOR, region_code=VILLAGE_A)
    role_assign(user=user, role=Role.FACILITATOR, region_code=VILLAGE_A)
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "region_code", "is_active")) == [
        (Role.FACILITATOR, VILLAGE_A, True)
    ]


def test_user_set_language_stores_the_choice(facilitator_a):
    user_set_language(user=facilitator_a, language="en")
    facilitator_a.refresh_from_db()
    assert facilitator_a.language == "en"
