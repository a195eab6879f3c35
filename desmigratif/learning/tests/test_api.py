"""The learning-house API: the access matrix, masked lists, audited detail reads, query counts."""

import pytest

from desmigratif.audit.models import AuditLog
from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.learning.tests.conftest import CHILD_NAME, child_with_two_parents_and_three_sessions
from desmigratif.learning.tests.test_views import NOTE, _many

pytestmark = pytest.mark.django_db

BIG = 99999999999999999999999


def test_detail_endpoints_matrix(
    concern_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    child = concern_a.child
    outsiders = [facilitator_b, ministry_staff, partner, treasurer]
    for url in (f"/api/v1/learning/children/{child.pk}", f"/api/v1/learning/houses/{child.house_id}"):
        assert_api_access(url, allowed=[facilitator_a, regency_officer], not_found=outsiders, secrets=[CHILD_NAME])
    assert_api_access(
        f"/api/v1/learning/concerns/{concern_a.pk}",
        allowed=[facilitator_a, regency_officer],
        not_found=outsiders,
        secrets=[NOTE, CHILD_NAME],
    )
    for url in ("/api/v1/learning/children", "/api/v1/learning/houses", "/api/v1/learning/sessions"):
        assert_api_access(url, allowed=[facilitator_a, facilitator_b], forbidden=[ministry_staff, partner, treasurer])
    assert_api_access("/api/v1/learning/concerns", allowed=[regency_officer], forbidden=[ministry_staff, partner])
    assert AuditLog.objects.filter(event="child.read", via="api").count() == 2
    assert AuditLog.objects.filter(event="concern.read", via="api").count() == 2


def test_lists_are_masked_and_details_audited(child_a, facilitator_a, facilitator_b):
    client = api_client_for(facilitator_a)
    listing = api_call(client, "get", "/api/v1/learning/children").json()
    assert listing["count"] == 1 and listing["results"][0]["name_masked"] == "P. A. L."
    assert CHILD_NAME not in str(listing)
    detail = api_call(client, "get", f"/api/v1/learning/children/{child_a.pk}").json()
    assert detail["full_name"] == CHILD_NAME and detail["parents_abroad"][0]["full_name"] == "Sri Rahayu"
    assert AuditLog.objects.get(event="child.read").actor == facilitator_a
    assert api_call(api_client_for(facilitator_b), "get", "/api/v1/learning/children").json()["count"] == 0


def test_the_api_refuses_impossible_ids(facilitator_a):
    client = api_client_for(facilitator_a)
    for what in ("children", "houses", "sessions", "concerns"):
        assert api_call(client, "get", f"/api/v1/learning/{what}/{BIG}").status_code == 404
    assert api_call(client, "get", "/api/v1/learning/children", {"house": BIG}).status_code == 422


# token (with user), its last use, roles, count, page (a fresh token each time, so the last use is written).
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/learning/houses", 5),
        ("/api/v1/learning/children", 5),
        ("/api/v1/learning/sessions", 5),
        ("/api/v1/learning/concerns", 5),
    ],
)
def test_api_lists_cost_a_fixed_number_of_queries(
    facilitator_a, house_a, volunteer_a, django_assert_num_queries, url, queries
):
    _many(facilitator_a, house_a, volunteer_a)
    client = api_client_for(facilitator_a)
    with django_assert_num_queries(queries):
        assert api_call(client, "get", url).status_code == 200
    _many(facilitator_a, house_a, volunteer_a, n=3)
    client = api_client_for(facilitator_a)
    with django_assert_num_queries(queries):
        assert api_call(client, "get", url).status_code == 200


def test_sessions_attended_counts_each_session_once_for_a_child_with_two_parents(facilitator_a, house_a, volunteer_a):
    child = child_with_two_parents_and_three_sessions(facilitator_a, house_a, volunteer_a)
    listing = api_call(api_client_for(facilitator_a), "get", "/api/v1/learning/children").json()
    assert [(r["id"], r["sessions_attended"]) for r in listing["results"]] == [(child.pk, 3)]
