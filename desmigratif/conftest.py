"""Fixtures shared by every app's tests beyond the cast in the root conftest: the browser."""

from desmigratif.core.tests.browser import browser, phone

__all__ = ["browser", "phone"]
