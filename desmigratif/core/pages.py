"""``page_of()``: the page of a list that a request asks for, the one way list pages paginate.

The number comes from ``?page=``, which the pager's links write (templates/_pager.html). A number
that is not one, or that lies past the end, gives the first or the last page
(``Paginator.get_page``) rather than an error: an old bookmark, or a link to a list that has since
shrunk, still shows rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

T = TypeVar("T")


def page_of(
    request: HttpRequest,
    objects: QuerySet[Any, T] | Sequence[T],
    *,
    per_page: int | None = None,
    count: int | None = None,
) -> Page[T]:
    """The requested page of ``objects``, ``per_page`` rows long (``settings.PAGE_SIZE`` by default).

    The default is read at each call, not when the module is imported, so a test that sets
    ``settings.PAGE_SIZE`` changes every list. ``count``, when the caller has it already, stands in
    for the paginator's ``COUNT(*)`` of ``objects``: the people and case lists count with a query
    written for counting (``count_people``, ``count_cases``), not with the one that reads a page.
    """
    paginator = Paginator(objects, settings.PAGE_SIZE if per_page is None else per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))
