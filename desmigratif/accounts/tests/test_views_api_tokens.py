import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from desmigratif.accounts.models import ApiToken
from desmigratif.accounts.services import api_token_create, api_token_revoke
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access

URL = reverse("accounts:api_tokens")


def _revoke_url(token):
    return reverse("accounts:api_token_revoke", args=[token.pk])


def test_every_signed_in_user_manages_their_own_tokens(client, facilitator_a, partner, sysadmin, no_role_user):
    # A token sees exactly what its owner sees, so any account may have one.
    assert_access(client, URL, allowed=[facilitator_a, partner, sysadmin, no_role_user])


def test_an_anonymous_post_creates_nothing(client, db):
    assert_access(client, URL, method="post", data={"name": "sync"})
    assert not ApiToken.objects.exists()


def test_creating_a_token_shows_its_key_once(client, facilitator_a):
    login(client, facilitator_a)
    response = client.post(URL, {"name": "SIAPkerja sync", "read_only": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    shown = re.search(r'id="new-key">(dsm_[^<]+)<', body)
    assert shown is not None
    key = shown.group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.read_only) == (facilitator_a, "SIAPkerja sync", True)
    assert token.key_hash == ApiToken.hash_key(key)
    assert AuditLog.objects.filter(event=AuditEvent.API_TOKEN_CREATED, actor=facilitator_a).count() == 1
    # The key works, and is never shown again.
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/people/").status_code == 200
    again = client.get(URL).content.decode()
    assert key not in again and "SIAPkerja sync" in again and token.key_hint in again


def test_a_token_without_the_read_only_box_may_write(client, facilitator_a):
    assert login(client, facilitator_a).post(URL, {"name": "writer"}).status_code == 200
    assert ApiToken.objects.get().read_only is False


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_missing_or_too_long_name_is_refused_with_400(client, facilitator_a, name):
    response = login(client, facilitator_a).post(URL, {"name": name})
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert "dsm_" not in response.content.decode() and not ApiToken.objects.exists()


def test_the_page_lists_only_the_users_own_tokens(client, facilitator_a, facilitator_b):
    api_token_create(user=facilitator_b, name="token of b", read_only=True, actor=facilitator_b)
    api_token_create(user=facilitator_a, name="token of a", read_only=True, actor=facilitator_a)
    body = login(client, facilitator_a).get(URL).content.decode()
    assert "token of a" in body and "token of b" not in body


def test_the_page_rejects_other_methods(client, facilitator_a):
    assert login(client, facilitator_a).put(URL).status_code == 405


def test_the_query_count_does_not_grow_with_the_number_of_tokens(client, facilitator_a, django_assert_num_queries):
    login(client, facilitator_a)
    client.get(URL)
    # session, user with role assignments (navigation), tokens
    with django_assert_num_queries(3):
        client.get(URL)
    for index in range(5):
        token, _key = api_token_create(user=facilitator_a, name=f"t{index}", read_only=True, actor=facilitator_a)
    api_token_revoke(token=token, actor=facilitator_a)
    with django_assert_num_queries(3):
        assert "t4" in client.get(URL).content.decode()


# --- Revoking -------------------------------------------------------------------------------------


@pytest.fixture
def token_a(facilitator_a):
    return api_token_create(user=facilitator_a, name="sync", read_only=True, actor=facilitator_a)


def test_revoking_matrix(client, token_a, facilitator_a, facilitator_b, ministry_staff, sysadmin):
    token, key = token_a
    # Nobody else, not even a system administrator, revokes a token through this page.
    assert_access(
        client,
        _revoke_url(token),
        method="post",
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, ministry_staff, sysadmin],
        secrets=[token.name, token.key_hint],
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/people/").status_code == 401
    assert AuditLog.objects.filter(event=AuditEvent.API_TOKEN_REVOKED, actor=facilitator_a).count() == 1


def test_refused_revocations_leave_the_token_working(client, token_a, facilitator_b):
    token, _key = token_a
    assert login(client, facilitator_b).post(_revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_is_post_only(client, token_a, facilitator_a):
    token, _key = token_a
    assert login(client, facilitator_a).get(_revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_says_so_and_audits_once(client, token_a, facilitator_a):
    token, _key = token_a
    client.cookies["desmigratif_language"] = "en"
    login(client, facilitator_a)
    response = client.post(_revoke_url(token), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    response = client.post(_revoke_url(token), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert AuditLog.objects.filter(event=AuditEvent.API_TOKEN_REVOKED).count() == 1


def test_revoking_a_token_that_does_not_exist_is_not_found(client, facilitator_a):
    assert login(client, facilitator_a).post(reverse("accounts:api_token_revoke", args=[999])).status_code == 404
