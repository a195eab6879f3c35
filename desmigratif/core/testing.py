"""Test helpers shared by every app: the access matrix (STYLE.md §5), for pages and for the API;
the rows of a list page and of a download.

In the style of RapidPro's ``assertUpdateFetch``: one call states who may use a URL, who gets the
"not found" answer (out of scope looks exactly like "does not exist") and who is refused, and checks
that no refused answer carries any of the record's secrets (names, NIKs).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any, Literal

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from openpyxl import load_workbook  # type: ignore[import-untyped]

from desmigratif.accounts.models import User
from desmigratif.accounts.services import api_token_create
from desmigratif.core.exports import XLSX

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


def download_rows(response: Any, fmt: str, filename: str) -> list[list[Any]]:
    """The rows of a download (``?format=xlsx`` or ``csv``) named ``filename.fmt``, after checking
    its type and name: a CSV's cells as text (the byte-order mark stripped), an XLSX's as openpyxl
    reads them (it must open). Empty lines are kept, as ``[]``, so that positions can be checked."""
    assert response.status_code == 200, response.status_code
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="{filename}.{fmt}"', disposition
    assert response["Cache-Control"] == "private, no-store"
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith("\ufeff".encode())
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:  # openpyxl pads every row to the widest one
            cells.pop()
        rows.append(cells)
    return rows


def table_of(rows: list[list[Any]], first: str) -> list[dict[str, Any]]:
    """The rows after the header (the first row that starts with ``first``), as dicts by header
    (a cell missing at a row's end is None); stops at the first empty row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first)
    header = rows[start]
    table = []
    for row in rows[start + 1 :]:
        if not row:
            break
        table.append(dict(zip(header, row + [None] * (len(header) - len(row)), strict=False)))
    return table


def list_rows(body: str) -> list[str]:
    """The rows of a page's list (its one ``<ul class="list">``), each the HTML inside its ``<li>``,
    for tests of what each row shows."""
    assert body.count('<ul class="list">') == 1, "the page should have one list"
    items = body.split('<ul class="list">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", items, flags=re.DOTALL)


def list_row(body: str, text: str) -> str:
    """The one row of a page's list that contains ``text`` (a name, an employer)."""
    rows = [row for row in list_rows(body) if text in row]
    assert len(rows) == 1, f"{len(rows)} rows contain {text!r}"
    return rows[0]
