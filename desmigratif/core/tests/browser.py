"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Tests that use them are marked ``browser`` and ``django_db(transaction=True, serialized_rollback=True)``
(the live server reads through its own connection). Fixtures: ``browser`` (one Chromium per test
session), ``phone`` (a fresh 360 × 800 Indonesian context) and ``new_phone`` (more such contexts, one
per user, closed after the test). ``sign_in`` logs in through the real login form.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 800}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's event loop is current, asgiref hands this thread a second set of database
    # connections. Close each set before leaving it, or PostgreSQL cannot drop the test database at
    # the end of the session ("being accessed by other users").
    # The serialized copy of the migrated database (for serialized_rollback) lives on the first set
    # of connections; hand it to the second set, or tests after a flush would find no data rows.
    serialized = {
        alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    connections.close_all()
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield instance
        connections.close_all()
        instance.close()


@pytest.fixture
def new_phone(browser: Any) -> Iterator[Callable[[], Any]]:
    """Open fresh browser contexts like a cheap Android phone in Indonesia: 360 px wide, Indonesian."""
    contexts: list[Any] = []

    def open_context() -> Any:
        context = browser.new_context(viewport=PHONE, locale="id-ID")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_phone: Callable[[], Any]) -> Any:
    """One fresh phone-sized browser context (see ``new_phone``)."""
    return new_phone()


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Log in through the login form (its own button, not the header's language buttons)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button.btn[type=submit]")
    page.wait_for_url(f"{base_url}/")


def scroll_width(page: Any) -> int:
    """The document's width in CSS pixels: more than the viewport means the page scrolls sideways."""
    return int(page.evaluate("document.documentElement.scrollWidth"))
