"""Paging of every JSON list: one query schema (PageQuery) and one answer (paged)."""

import pytest
from django.conf import settings

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C
from desmigratif.api.schemas import MAX_PAGE, PageQuery, paged
from desmigratif.core.testing import api_client_for
from desmigratif.regions.models import Village

URL = "/api/v1/agencies/"


@pytest.fixture
def villages(regions):
    return Village.objects.order_by("code")


def _code(village):
    return village.code


def test_a_page_holds_its_slice_of_the_list_and_the_whole_count(villages, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page
        first = paged(villages, PageQuery(page=1, page_size=2), _code)
    assert first == {"count": 3, "page": 1, "page_size": 2, "results": [VILLAGE_C, VILLAGE_B]}
    assert paged(villages, PageQuery(page=2, page_size=2), _code) == {
        "count": 3,
        "page": 2,
        "page_size": 2,
        "results": [VILLAGE_A],
    }


def test_a_count_the_caller_has_is_used_and_not_counted_again(villages, django_assert_num_queries):
    with django_assert_num_queries(1):  # the page only
        page = paged(villages, PageQuery(page=1, page_size=2), _code, count=41)
    assert page == {"count": 41, "page": 1, "page_size": 2, "results": [VILLAGE_C, VILLAGE_B]}


def test_a_page_past_the_end_is_empty_and_still_counts_the_list(villages):
    assert paged(villages, PageQuery(page=3, page_size=2), _code) == {
        "count": 3,
        "page": 3,
        "page_size": 2,
        "results": [],
    }
    assert paged(villages, PageQuery(page=MAX_PAGE, page_size=100), _code)["results"] == []


def test_the_first_page_of_the_usual_size_by_default():
    query = PageQuery.model_validate({})
    assert (query.page, query.page_size) == (1, settings.PAGE_SIZE)


def test_a_list_endpoint_pages_with_the_defaults_and_the_largest_size(facilitator_a):
    client = api_client_for(facilitator_a)
    body = client.get(URL).json()
    assert (body["page"], body["page_size"]) == (1, settings.PAGE_SIZE)
    body = client.get(URL, {"page": 2, "page_size": 100}).json()
    assert (body["count"], body["page"], body["page_size"], body["results"]) == (0, 2, 100, [])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": MAX_PAGE + 1}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 101}, "page_size"),
    ],
)
def test_a_page_outside_the_bounds_is_a_422_naming_the_parameter(facilitator_a, params, field):
    response = api_client_for(facilitator_a).get(URL, params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["message"] and field in error["fields"]
