"""The facilitators API: the same scope as the pages, and list query counts that do not grow."""

import datetime

import pytest
import time_machine

from conftest import make_person
from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.facilitators import services
from desmigratif.facilitators.tests.conftest import start_report, visit

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC)


@pytest.fixture
def report_a(pendamping_a, person_a):
    visit(pendamping_a, datetime.date(2026, 2, 3), people=[person_a])
    with time_machine.travel(NOW, tick=False):
        return services.report_submit(
            report_=start_report(pendamping_a, datetime.date(2026, 2, 1)), actor=pendamping_a.user
        )


def test_api_matrix(report_a, pendamping_a, pendamping_b, regency_officer, ministry_staff, partner, treasurer):
    secrets = ["Sri Rahayu", "Siti Aminah"]
    visit_id = pendamping_a.visits.get().pk
    for url in (
        f"/api/v1/facilitators/{pendamping_a.pk}",
        f"/api/v1/facilitator-visits/{visit_id}",
        f"/api/v1/facilitator-reports/{report_a.pk}",
    ):
        assert_api_access(
            url,
            allowed=[pendamping_a.user, regency_officer, ministry_staff],
            not_found=[pendamping_b.user, partner, treasurer],
            secrets=secrets,
        )
    for url in ("/api/v1/facilitators/", "/api/v1/facilitator-visits/", "/api/v1/facilitator-reports/"):
        assert_api_access(
            url,
            allowed=[pendamping_a.user, pendamping_b.user, regency_officer],
            forbidden=[partner, treasurer],
            secrets=secrets,
        )
        assert api_call(api_client_for(pendamping_b.user), "get", url).json()["count"] == (
            1 if "visits" not in url and "reports" not in url else 0
        )
    body = api_call(api_client_for(regency_officer), "get", f"/api/v1/facilitator-reports/{report_a.pk}").json()
    assert body["status"] == "submitted" and body["figures"]["visits"]["visits"] == "1"
    assert [h["to_status"] for h in body["history"]] == ["draft", "submitted"]


def _visits(appointment, officer, rows):
    """``rows`` visits in February 2026, each meeting the same three people."""
    people = [make_person(officer, appointment.village_id, full_name=f"Warga {i}") for i in range(3)]
    for i in range(rows):
        visit(appointment, datetime.date(2026, 2, 1 + i), people=people)


@pytest.mark.parametrize("rows", [2, 10])
def test_api_lists_cost_a_fixed_number_of_queries(pendamping_a, regency_officer, rows, django_assert_num_queries):
    _visits(pendamping_a, regency_officer, rows)
    with time_machine.travel(NOW, tick=False):
        for m in range(rows):
            services.report_start(
                village=pendamping_a.village, month=datetime.date(2025, m + 1, 1), actor=pendamping_a.user
            )
    client = api_client_for(regency_officer)
    with django_assert_num_queries(5):  # token (with user), its last use, roles, count, page
        assert api_call(client, "get", "/api/v1/facilitators/").json()["count"] == 1
    # The token's last use is written once per interval, so later calls skip it.
    with django_assert_num_queries(5):  # token, roles, count, page, people met
        assert api_call(client, "get", "/api/v1/facilitator-visits/").json()["count"] == rows
    with django_assert_num_queries(4):  # token, roles, count, page
        assert api_call(client, "get", "/api/v1/facilitator-reports/").json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 8])
def test_api_details_cost_a_fixed_number_of_queries(pendamping_a, regency_officer, rows, django_assert_num_queries):
    _visits(pendamping_a, regency_officer, rows)
    with time_machine.travel(NOW, tick=False):
        found = start_report(pendamping_a, datetime.date(2026, 2, 1))
        services.report_submit(report_=found, actor=pendamping_a.user)
    client = api_client_for(regency_officer)
    api_call(client, "get", "/api/v1/facilitators/")  # the token's last use is written once
    # token, roles, appointment (village, person and user joined), visits, people met
    with django_assert_num_queries(5):
        body = api_call(client, "get", f"/api/v1/facilitators/{pendamping_a.pk}").json()
    assert len(body["visits"]) == rows and all(len(v["people"]) == 3 for v in body["visits"])
    # token, roles, report, history
    with django_assert_num_queries(4):
        body = api_call(client, "get", f"/api/v1/facilitator-reports/{found.pk}").json()
    assert body["figures"]["visits"]["visits"] == str(rows)


@pytest.mark.parametrize("people", [1, 6])
def test_the_api_visit_detail_costs_a_fixed_number_of_queries(
    pendamping_a, regency_officer, people, django_assert_num_queries
):
    met = [make_person(regency_officer, pendamping_a.village_id, full_name=f"Warga {i}") for i in range(people)]
    made = visit(pendamping_a, datetime.date(2026, 2, 3), people=met)
    client = api_client_for(regency_officer)
    api_call(client, "get", "/api/v1/facilitators/")  # the token's last use is written once
    with django_assert_num_queries(4):  # token, roles, visit (village and facilitator joined), people met
        body = api_call(client, "get", f"/api/v1/facilitator-visits/{made.pk}").json()
    assert [p["full_name"] for p in body["people"]] == [f"Warga {i}" for i in range(people)]
