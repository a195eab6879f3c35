"""Test helpers shared by every app: the access matrix (STYLE.md §5)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.test import Client

from desmigratif.accounts.models import User
from desmigratif.accounts.services import api_token_create


def assert_access(
    client: Client,
    url: str,
    *,
    method: str = "get",
    data: dict[str, Any] | None = None,
    allowed: Iterable[User] = (),
    allowed_status: int = 200,
    not_found: Iterable[User] = (),
    forbidden: Iterable[User] = (),
    secrets: Iterable[str] = (),
) -> None:
    """Check one URL against the access matrix.

    Anonymous users are sent to the login page; ``not_found`` users get 404 and a body that
    contains none of ``secrets`` (names, NIKs); ``forbidden`` users get 403, also without them.
    """
    call = getattr(client, method)
    client.logout()
    response = call(url, data or {})
    assert response.status_code == 302, f"anonymous {method} {url}: {response.status_code}"
    assert "/accounts/login/" in response["Location"]
    for user, expected in [*((u, 404) for u in not_found), *((u, 403) for u in forbidden)]:
        client.force_login(user)
        response = call(url, data or {})
        assert response.status_code == expected, f"{user.username} {method} {url}: {response.status_code}"
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, f"{user.username} saw {secret!r} at {url}"
    for user in allowed:
        client.force_login(user)
        response = call(url, data or {})
        assert response.status_code == allowed_status, f"{user.username} {method} {url}: {response.status_code}"
    client.logout()


def api_client_for(user: User, *, read_only: bool = False) -> Client:
    """A test client that sends a fresh API token of ``user``."""
    _token, key = api_token_create(user=user, name="test", read_only=read_only, actor=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")
