"""``page_of``: the page a request asks for, of the size asked for, counted once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desmigratif.core.pages import page_of, page_with_count, rows_with_count
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


# --- page_with_count / rows_with_count: the page and its count in one query -----------------------


def _ten_provinces():
    for code in range(80, 90):
        Province.objects.create(code=str(code), name=f"Provinsi Uji {code}")
    return Province.objects.filter(code__gte="80", code__lte="89").order_by("code")


def _no_recount() -> int:
    raise AssertionError("counted a second time")


@pytest.mark.django_db
@pytest.mark.parametrize(("number", "codes"), [("1", ["80", "81", "82"]), ("2", ["83", "84", "85"]), ("4", ["89"])])
def test_a_page_and_its_count_are_one_query(rf, django_assert_num_queries, number, codes):
    provinces = _ten_provinces()
    with django_assert_num_queries(1) as captured:
        page = page_with_count(rf.get("/", {"page": number}), provinces, per_page=3, recount=_no_recount)
        rows = [p.code for p in page]
    assert (page.number, page.paginator.count, page.paginator.num_pages, rows) == (int(number), 10, 4, codes)
    assert "OVER ()" in captured.captured_queries[0]["sql"]
    assert page.has_next() is (number != "4")


@pytest.mark.django_db
def test_without_a_page_number_it_is_the_first_page_and_its_count(rf, django_assert_num_queries):
    provinces = _ten_provinces()
    with django_assert_num_queries(1):
        page = page_with_count(rf.get("/"), provinces, per_page=4, recount=_no_recount)
    assert (page.number, page.paginator.count, [p.code for p in page]) == (1, 10, ["80", "81", "82", "83"])


@pytest.mark.django_db
def test_value_rows_come_without_the_count(rf):
    provinces = _ten_provinces().values_list("code", "name")
    page = page_with_count(rf.get("/", {"page": "2"}), provinces, per_page=2, recount=_no_recount)
    assert list(page) == [("82", "Provinsi Uji 82"), ("83", "Provinsi Uji 83")]
    assert page.paginator.count == 10


@pytest.mark.django_db
def test_an_empty_list_is_one_empty_first_page_without_a_recount(rf, django_assert_num_queries):
    nothing = Province.objects.filter(code="00").order_by("code")
    with django_assert_num_queries(1):
        page = page_with_count(rf.get("/"), nothing, per_page=3, recount=_no_recount)
    assert (page.number, page.paginator.count, page.paginator.num_pages, list(page)) == (1, 0, 1, [])


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["5", "99", "0", "-1", "two", "", "2.5x", "²", "99999999999999999999"])
def test_a_number_page_of_would_correct_is_corrected_alike(rf, number):
    provinces = _ten_provinces()
    recounts = []

    def recount():
        recounts.append(1)
        return provinces.count()

    page = page_with_count(rf.get("/", {"page": number}), provinces, per_page=3, recount=recount)
    expected = page_of(rf.get("/", {"page": number}), provinces, per_page=3)
    assert (page.number, [p.code for p in page]) == (expected.number, [p.code for p in expected])
    assert page.paginator.count == 10
    assert recounts == [1]


@pytest.mark.django_db
def test_rows_with_count_reads_a_slice_and_the_count(django_assert_num_queries):
    provinces = _ten_provinces()
    with django_assert_num_queries(1):
        rows, count = rows_with_count(provinces, 8, 12, recount=_no_recount)
    assert ([p.code for p in rows], count) == (["88", "89"], 10)


@pytest.mark.django_db
def test_rows_with_count_past_the_end_recounts():
    provinces = _ten_provinces()
    assert rows_with_count(provinces, 10, 13, recount=lambda: 10) == ([], 10)
    nothing = Province.objects.filter(code="00").order_by("code")
    assert rows_with_count(nothing, 0, 3, recount=_no_recount) == ([], 0)
