"""The signed-in user and their roles come from one query (accounts/backends.py)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, make_user
from desmigratif.accounts.backends import ModelBackend
from desmigratif.accounts.models import RoleAssignment
from desmigratif.accounts.roles import Perm, Role
from desmigratif.accounts.scope import role_assignments, scope_for

pytestmark = pytest.mark.django_db


def _get(user_id):
    with CaptureQueriesContext(connection) as captured:
        user = ModelBackend().get_user(user_id)
        roles = None if user is None else [(a.role, a.region_code) for a in role_assignments(user)]
    return user, roles, len(captured.captured_queries)


def test_a_user_with_roles_comes_with_their_active_roles_in_one_query(regions):
    user = make_user("petugas", Role.FACILITATOR, VILLAGE_B)
    RoleAssignment.objects.create(user=user, role=Role.FACILITATOR, region_code=VILLAGE_A)
    RoleAssignment.objects.create(user=user, role=Role.REGENCY_OFFICER, region_code="35.07", is_active=False)
    found, roles, queries = _get(str(user.pk))  # the session keeps the id as a string
    assert (found.pk, found.username) == (user.pk, "petugas")
    assert roles == [(Role.FACILITATOR, VILLAGE_B), (Role.FACILITATOR, VILLAGE_A)]  # role, then region code
    assert queries == 1
    assert all(a.user is found for a in role_assignments(found))
    assert scope_for(found, Perm.PEOPLE_VIEW).prefixes == (VILLAGE_B, VILLAGE_A)


def test_a_user_without_an_active_role_is_found_with_none(regions):
    user = make_user("tanpa_peran", None)
    RoleAssignment.objects.create(user=user, role=Role.FACILITATOR, region_code=VILLAGE_A, is_active=False)
    found, roles, queries = _get(user.pk)
    assert (found.pk, roles, queries) == (user.pk, [], 1)


def test_the_user_and_roles_read_are_whole_model_instances(regions):
    user = make_user("lengkap", Role.REGENCY_OFFICER, "35.07")
    found, _roles, _queries = _get(str(user.pk))
    # Every field of the user is read and converted as the ORM would: datetimes, booleans, text.
    assert {f.attname: getattr(found, f.attname) for f in found._meta.concrete_fields} == {
        f.attname: getattr(user, f.attname) for f in user._meta.concrete_fields
    }
    assert found.check_password(PASSWORD) and found.is_active is True
    (assignment,) = role_assignments(found)
    stored = RoleAssignment.objects.get(user=user)
    assert (assignment.pk, assignment.role, assignment.region_code) == (stored.pk, stored.role, stored.region_code)
    assert assignment.get_role_display() == stored.get_role_display()
    assert assignment.created_at == stored.created_at  # not read with the user: fetched when asked for


@pytest.mark.parametrize("with_role", [True, False])
def test_a_deactivated_or_unknown_user_is_not_signed_in(regions, with_role):
    user = make_user("nonaktif", Role.FACILITATOR if with_role else None, VILLAGE_A)
    user.is_active = False
    user.save()
    assert _get(user.pk)[0] is None
    assert _get(user.pk + 1000)[0] is None
    assert _get("not-an-id")[0] is None


def test_a_page_after_signing_in_reads_the_user_and_roles_in_one_query(client, regions):
    make_user("fasilitator", Role.FACILITATOR, VILLAGE_A)
    response = client.post(reverse("accounts:login"), {"username": "fasilitator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "desmigratif.accounts.backends.ModelBackend"
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if '"accounts_user"' in q["sql"]]
    assert len(reads) == 1 and '"accounts_roleassignment"' in reads[0]  # the user joined to the roles
    assert not [q for q in captured.captured_queries if 'FROM "accounts_roleassignment"' in q["sql"]]
