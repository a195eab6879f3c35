"""What every request schema of the JSON API shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from desmigratif.core.pages import rows_with_count

# A page number far beyond the last page of any scope, low enough that (page - 1) × page size still
# fits the 64-bit OFFSET of PostgreSQL and SQLite; a larger number would fail in the database.
MAX_PAGE = 1_000_000_000
MAX_PAGE_SIZE = 100


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


class PageQuery(InputSchema):
    """The page of a list: every list's query schema derives from this one."""

    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(settings.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def paged(
    qs: Any,
    query: PageQuery,
    row: Callable[[Any], Any],
    *,
    count: int | None = None,
    recount: Callable[[], int] | None = None,
) -> dict[str, Any]:
    """The answer of a list: ``query``'s page of ``qs``, each item through ``row``, and how many in all.

    ``count`` is the number of items when the caller has counted them already (the count then runs
    no second time). With ``recount`` instead, the page is read with its count in one query
    (``core.pages.rows_with_count``; ``recount()`` counts only for a page past the end). With
    neither, ``qs`` is counted before the page is read.
    """
    start = (query.page - 1) * query.page_size
    stop = start + query.page_size
    if count is None and recount is not None:
        items, count = rows_with_count(qs, start, stop, recount=recount)
    else:
        items = list(qs[start:stop])
    return {
        "count": qs.count() if count is None else count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [row(x) for x in items],
    }
