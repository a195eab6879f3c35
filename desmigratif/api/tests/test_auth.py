import datetime

import pytest
import time_machine
from django.test import Client

from conftest import login
from desmigratif.accounts.models import ApiToken, RoleAssignment
from desmigratif.accounts.services import api_token_create, api_token_revoke

URL = "/api/v1/people/"


def _unauthenticated(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"error": {"code": "unauthenticated", "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]
    return True


@pytest.fixture
def token_and_key(facilitator_a):
    return api_token_create(user=facilitator_a, name="sync", read_only=True, actor=facilitator_a)


def test_a_valid_token_is_accepted(token_and_key):
    _token, key = token_and_key
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(URL).status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer dsm_not-a-key",
        "Bearer \x00",
        "Bearer " + "x" * 5000,
        "Token {key}",
        "Basic {key}",
        "{key}",
    ],
)
def test_a_missing_or_malformed_token_is_refused_with_the_json_error_body(token_and_key, header):
    _token, key = token_and_key
    client = Client() if header is None else Client(HTTP_AUTHORIZATION=header.format(key=key))
    assert _unauthenticated(client.get(URL))


def test_the_error_message_follows_the_requested_language(db):
    english = Client().get(URL, headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"] == "A valid API token is required."
    assert Client().get(URL).json()["error"]["message"] != "A valid API token is required."


def test_a_key_in_the_query_string_is_not_accepted(token_and_key):
    _token, key = token_and_key
    assert _unauthenticated(Client().get(URL, {"token": key, "api_key": key}))


def test_a_signed_in_browser_session_is_not_an_api_credential(client, facilitator_a):
    # The API takes no cookies, so a page on another site cannot make a signed-in browser call it.
    assert _unauthenticated(login(client, facilitator_a).get(URL))


def test_a_revoked_token_is_refused(token_and_key, facilitator_a):
    token, key = token_and_key
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(URL).status_code == 200
    api_token_revoke(token=token, actor=facilitator_a)
    assert _unauthenticated(client.get(URL))


def test_the_token_of_a_deactivated_account_is_refused(token_and_key, facilitator_a):
    _token, key = token_and_key
    facilitator_a.is_active = False
    facilitator_a.save(update_fields=["is_active"])
    assert _unauthenticated(Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(URL))


def test_a_token_carries_no_more_than_its_owners_current_roles(token_and_key, facilitator_a, person_a):
    _token, key = token_and_key
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(URL).json()["count"] == 1
    RoleAssignment.objects.filter(user=facilitator_a).update(is_active=False)
    response = client.get(URL)
    assert response.status_code == 403 and person_a.full_name not in response.content.decode()
    assert client.get(f"{URL}{person_a.pk}").status_code == 404


def test_only_a_hash_of_the_key_is_stored(token_and_key):
    token, key = token_and_key
    token.refresh_from_db()
    assert key.startswith("dsm_") and token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert token.key_hint == key[:10]


def test_the_last_use_is_recorded_at_most_once_a_minute(token_and_key):
    token, key = token_and_key
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    start = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.get(URL)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=50), tick=False):
        client.get(URL)
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        client.get(URL)
    token.refresh_from_db()
    assert token.last_used_at == later
