"""Test helpers shared by every app: the access matrix (STYLE.md §5), for pages and for the API.

In the style of RapidPro's ``assertUpdateFetch``: one call states who may use a URL, who gets the
"not found" answer (out of scope looks exactly like "does not exist") and who is refused, and checks
that no refused answer carries any of the record's secrets (names, NIKs).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from desmigratif.accounts.models import User
from desmigratif.accounts.services import api_token_create

Anonymous = Literal["login"] | int


def _body(response: Any) -> str:
    return bytes(response.content).decode()


def _refused(response: Any, who: str, expected: int, what: str, secrets: Iterable[str]) -> None:
    assert response.status_code == expected, f"{who} {what}: {response.status_code}, expected {expected}"
    body = _body(response)
    for secret in secrets:
        assert secret not in body, f"{who} saw {secret!r} at {what}"


def assert_access(
    client: Client,
    url: str,
    *,
    method: str = "get",
    data: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    anonymous: Anonymous = "login",
    allowed: Iterable[User] = (),
    allowed_status: int = 200,
    not_found: Iterable[User] = (),
    forbidden: Iterable[User] = (),
    secrets: Iterable[str] = (),
) -> None:
    """Check one page or action against the access matrix.

    ``anonymous="login"`` expects a redirect to the login page (any other value is the status an
    anonymous visitor gets); ``not_found`` users get 404 and ``forbidden`` users 403, both with a body
    that contains none of ``secrets``; ``allowed`` users get ``allowed_status``. Allowed users go
    last, so that a state-changing request is refused to everyone else first.
    """
    secrets = list(secrets)
    call = getattr(client, method)
    what = f"{method.upper()} {url}"

    client.logout()
    response = call(url, data or {}, headers=headers)
    if anonymous == "login":
        login_url = resolve_url(settings.LOGIN_URL)
        assert response.status_code == 302, f"anonymous {what}: {response.status_code}"
        assert response["Location"].startswith(f"{login_url}?next="), response["Location"]
    else:
        _refused(response, "anonymous", anonymous, what, secrets)

    refused = [*((user, 404) for user in not_found), *((user, 403) for user in forbidden)]
    for user, expected in refused:
        client.force_login(user)
        _refused(call(url, data or {}, headers=headers), user.username, expected, what, secrets)
    for user in allowed:
        client.force_login(user)
        response = call(url, data or {}, headers=headers)
        assert response.status_code == allowed_status, f"{user.username} {what}: {response.status_code}"
    client.logout()


def api_client_for(user: User, *, read_only: bool = False) -> Client:
    """A test client that sends a fresh API token of ``user``."""
    _token, key = api_token_create(user=user, name="test", read_only=read_only, actor=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def api_call(client: Client, method: str, url: str, payload: Any = None) -> Any:
    """GET with ``payload`` as query parameters; any other method sends it as a JSON body."""
    if method == "get":
        return client.get(url, payload or {})
    return getattr(client, method)(url, data=json.dumps(payload or {}), content_type="application/json")


def assert_api_access(
    url: str,
    *,
    method: str = "get",
    payload: Any = None,
    read_only: bool = False,
    allowed: Iterable[User] = (),
    allowed_status: int = 200,
    not_found: Iterable[User] = (),
    forbidden: Iterable[User] = (),
    secrets: Iterable[str] = (),
) -> None:
    """Check one API endpoint against the access matrix, each user calling with a fresh token.

    A call without a token gets 401; refused users get the one JSON error body with code
    ``not_found`` (404) or ``forbidden`` (403) and none of ``secrets``.
    """
    secrets = list(secrets)
    what = f"{method.upper()} {url}"
    response = api_call(Client(), method, url, payload)
    assert response.status_code == 401, f"no token {what}: {response.status_code}"
    assert response.json()["error"]["code"] == "unauthenticated"
    codes = {404: "not_found", 403: "forbidden"}
    refused = [*((user, 404) for user in not_found), *((user, 403) for user in forbidden)]
    for user, expected in refused:
        response = api_call(api_client_for(user, read_only=read_only), method, url, payload)
        _refused(response, user.username, expected, what, secrets)
        assert response.json()["error"]["code"] == codes[expected], _body(response)
    for user in allowed:
        response = api_call(api_client_for(user, read_only=read_only), method, url, payload)
        assert response.status_code == allowed_status, (
            f"{user.username} {what}: {response.status_code} {_body(response)}"
        )
