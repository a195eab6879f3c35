"""``page_of()``: the page of a list that a request asks for, the one way list pages paginate.

The number comes from ``?page=``, which the pager's links write (templates/_pager.html). A number
that is not one, or that lies past the end, gives the first or the last page
(``Paginator.get_page``) rather than an error: an old bookmark, or a link to a list that has since
shrunk, still shows rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
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


# The name of the window count read beside each row (rows_with_count).
_TOTAL = "rows_in_all"
# page_with_count reads a page number up to this one with its count; a larger one (a link typed by
# hand, whose OFFSET could overflow the database's integer) goes through page_of, which corrects it.
_LAST_PAGE_READ_WITH_COUNT = 100_000


def _rows_and_total(objects: QuerySet[Any, T], start: int, stop: int) -> tuple[list[T], int | None]:
    counted = objects.annotate(**{_TOTAL: Window(Count("*"))})
    rows: list[Any] = list(counted[start:stop])
    if not rows:
        return [], None
    if isinstance(rows[0], tuple):  # values_list: the annotation comes last
        return [row[:-1] for row in rows], rows[0][-1]
    return rows, getattr(rows[0], _TOTAL)


def rows_with_count(
    objects: QuerySet[Any, T], start: int, stop: int, *, recount: Callable[[], int]
) -> tuple[list[T], int]:
    """``objects[start:stop]`` and how many ``objects`` there are, read in one query.

    Each row is read with a window count of all the rows (``COUNT(*) OVER ()``), where a count and
    a page would each find the rows: twice the work for a search whose matches the database must
    look up (the people search, bench/README.md, eighth session). The count comes with the rows, so
    when the slice lies past the end ``recount()`` counts. The rows are what ``objects`` gives
    (model instances, or the tuples of ``values_list``), without the count.
    """
    rows, total = _rows_and_total(objects, start, stop)
    if total is None:
        return [], 0 if start == 0 else recount()
    return rows, total


def page_with_count(
    request: HttpRequest, objects: QuerySet[Any, T], *, recount: Callable[[], int], per_page: int | None = None
) -> Page[T]:
    """``page_of()`` in one query, for a list whose count and page are best read together
    (``rows_with_count``).

    A page number that ``page_of`` corrects (not a number, below 1, past the end) goes through
    ``page_of`` with ``recount()``'s count, so that every list answers such a number alike.
    """
    size = settings.PAGE_SIZE if per_page is None else per_page
    raw = request.GET.get("page", "1")
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= _LAST_PAGE_READ_WITH_COUNT:
        number = int(raw)
        rows, total = _rows_and_total(objects, (number - 1) * size, number * size)
        if total is not None or number == 1:
            paginator = Paginator(objects, size)
            paginator.count = total or 0
            return Page(rows, number, paginator)
    return page_of(request, objects, per_page=size, count=recount())
