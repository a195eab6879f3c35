"""``page_of``: the page a request asks for, of the size asked for, counted once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desmigratif.core.pages import page_of
from desmigratif.regions.models import Province

TEN = list(range(10))


def test_the_page_number_is_read_from_the_query_string(rf):
    page = page_of(rf.get("/", {"page": "2"}), TEN, per_page=3)
    assert (page.number, list(page)) == (2, [3, 4, 5])


def test_without_a_page_number_it_is_the_first_page(rf):
    page = page_of(rf.get("/"), TEN, per_page=3)
    assert (page.number, list(page)) == (1, [0, 1, 2])


@pytest.mark.parametrize("number", ["two", "", "2.5x"])
def test_a_page_number_that_is_not_one_gives_the_first_page(rf, number):
    page = page_of(rf.get("/", {"page": number}), TEN, per_page=3)
    assert (page.number, list(page)) == (1, [0, 1, 2])


@pytest.mark.parametrize("number", ["5", "99", "0", "-1"])
def test_a_page_number_out_of_range_gives_the_last_page(rf, number):
    page = page_of(rf.get("/", {"page": number}), TEN, per_page=3)
    assert (page.number, list(page)) == (4, [9])


def test_per_page_is_honoured(rf):
    page = page_of(rf.get("/", {"page": "2"}), TEN, per_page=4)
    assert (page.paginator.per_page, page.paginator.num_pages, list(page)) == (4, 3, [4, 5, 6, 7])


def test_the_default_size_is_the_setting_at_the_time_of_the_call(rf, settings):
    settings.PAGE_SIZE = 2
    page = page_of(rf.get("/", {"page": "3"}), TEN)
    assert (page.paginator.per_page, list(page)) == (2, [4, 5])


def _provinces():
    for code in ("91", "92", "93"):
        Province.objects.create(code=code, name=f"Provinsi Uji {code}")
    return Province.objects.filter(code__in=["91", "92", "93"]).order_by("code")


@pytest.mark.django_db
def test_a_given_count_is_used_and_nothing_is_counted(rf):
    provinces = _provinces()
    with CaptureQueriesContext(connection) as queries:
        page = page_of(rf.get("/", {"page": "2"}), provinces, per_page=2, count=41)
        rows = [p.code for p in page]
    # 41 rows would make 21 pages; the table holds 3, so page 2 has the third alone.
    assert (page.paginator.count, page.paginator.num_pages, rows) == (41, 21, ["93"])
    assert len(queries) == 1
    assert "COUNT(" not in queries.captured_queries[0]["sql"].upper()


@pytest.mark.django_db
def test_without_a_count_the_rows_are_counted(rf, django_assert_num_queries):
    provinces = _provinces()
    with django_assert_num_queries(2):
        page = page_of(rf.get("/", {"page": "2"}), provinces, per_page=2)
        rows = [p.code for p in page]
    assert (page.paginator.count, page.paginator.num_pages, rows) == (3, 2, ["93"])
