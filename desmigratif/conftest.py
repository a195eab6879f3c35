"""Fixtures shared by every app's tests beyond the cast in the root conftest: the browser."""

from desmigratif.core.tests.browser import browser, new_phone, phone

__all__ = ["browser", "new_phone", "phone"]
