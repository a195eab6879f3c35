"""The read-only rules API: the tables, and every row of one with its legal basis and validity."""

import datetime

from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.placement.models import MoratoriumList, ZeroCostJob
from desmigratif.rules import services
from desmigratif.rules.registry import TABLES, get_table


def test_rules_api_matrix(ministry_staff, regency_officer, facilitator_a, treasurer, partner, sysadmin):
    for url in ("/api/v1/rules/", "/api/v1/rules/zero-cost-jobs/"):
        assert_api_access(
            url,
            allowed=[ministry_staff, regency_officer, facilitator_a],
            forbidden=[treasurer, partner, sysadmin],
            read_only=True,
        )
    response = api_call(api_client_for(ministry_staff), "get", "/api/v1/rules/no-such-table/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_index_lists_every_table_with_its_counts(facilitator_a, django_assert_num_queries):
    client = api_client_for(facilitator_a, read_only=True)
    api_call(client, "get", "/api/v1/rules/")  # the first call of a token records its use
    # token with its user, role assignments, one count per table
    with django_assert_num_queries(2 + len(TABLES)):
        body = api_call(client, "get", "/api/v1/rules/").json()
    assert [t["table"] for t in body] == [t.slug for t in TABLES]
    zero = next(t for t in body if t["table"] == "zero-cost-jobs")
    assert zero["count"] == 10 and zero["in_force"] == 10


def test_rows_carry_legal_basis_validity_and_codes_and_ended_rows_stay(ministry_staff, django_assert_num_queries):
    row = ZeroCostJob.objects.select_related("job").get(job__code="juru_masak")
    services.rule_end(
        table=get_table("zero-cost-jobs"), row=row, valid_to=datetime.date(2021, 1, 1), actor=ministry_staff
    )
    client = api_client_for(ministry_staff, read_only=True)
    api_call(client, "get", "/api/v1/rules/")  # the first call of a token records its use
    # token with its user, role assignments, the rows with their jobs (and the lists' countries)
    with django_assert_num_queries(3):
        body = api_call(client, "get", "/api/v1/rules/zero-cost-jobs/").json()
    assert body["table"] == "zero-cost-jobs" and len(body["rows"]) == 10
    ended = next(r for r in body["rows"] if r["id"] == row.pk)
    assert ended["job"] == "juru_masak" and ended["status"] == "ended"
    assert ended["valid_to"] == "2021-01-01" and ended["valid_from"] == "2020-06-15"
    assert "Perban BP2MI 9/2020" in ended["legal_basis"]
    with django_assert_num_queries(4):
        lists = api_call(client, "get", "/api/v1/rules/moratorium-lists/").json()["rows"]
    applied = next(r for r in lists if r["is_applied"])
    assert applied["countries"] == sorted(
        MoratoriumList.objects.get(is_applied=True).countries.values_list("country", flat=True)
    )
    steps = api_call(client, "get", "/api/v1/rules/document-types/").json()["rows"]
    assert any(r["required_for"] == "registration" for r in steps)
