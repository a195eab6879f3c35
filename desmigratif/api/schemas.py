"""What every request schema of the JSON API shares."""

from __future__ import annotations

from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

# A page number far beyond the last page of any scope, low enough that (page - 1) × page size still
# fits the 64-bit OFFSET of PostgreSQL and SQLite; a larger number would fail in the database.
MAX_PAGE = 1_000_000_000


class InputSchema(Schema):
    """Base of every request schema (body and query): the stricter half of django-ninja's ``Schema``.

    Ninja's schemas also read ORM objects through their attributes, so any JSON value passes for
    an object with defaults: ``"consent": false`` would register a person as having consented.
    Request data must therefore be a JSON object. Text with a NUL character is refused too:
    PostgreSQL cannot store or even compare it, so it would fail deep in a query as a server
    error (Django's form fields refuse it the same way).
    """

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        # Ninja's own validator has already wrapped the value for attribute access.
        raw = value._obj if isinstance(value, DjangoGetter) else value
        if not isinstance(raw, dict):
            raise PydanticCustomError("model_type", "Input should be an object")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_null_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("null_character", str(ProhibitNullCharactersValidator.message))
        return value
