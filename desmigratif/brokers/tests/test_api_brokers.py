"""The broker-reports API: the same scope as the pages, reporter details only for follow-up."""

import pytest

from conftest import VILLAGE_A
from desmigratif.brokers.models import BrokerReport
from desmigratif.brokers.tests.test_brokers import _report
from desmigratif.core.testing import api_call, api_client_for, assert_api_access

pytestmark = pytest.mark.django_db

BASE = "/api/v1/broker-reports/"
BODY = {
    "village": VILLAGE_A,
    "broker_name": "Pak Joko",
    "description": "Menawarkan kerja di Malaysia dengan visa turis.",
    "offered_country": "MY",
    "money_asked": "15000000",
}


@pytest.fixture
def report_a(regions):
    return _report(VILLAGE_A, broker_name="Pak Joko", reporter_name="Warga Peduli", reporter_contact="0812000111")


def test_list_and_detail_matrix(
    report_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    assert_api_access(BASE, allowed=[facilitator_a, regency_officer, ministry_staff], forbidden=[partner, treasurer])
    assert_api_access(
        f"{BASE}{report_a.pk}",
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner, treasurer],
        secrets=["Pak Joko", "Warga Peduli"],
    )


def test_reporter_contact_only_for_those_who_follow_up(report_a, facilitator_a, ministry_staff):
    own = api_call(api_client_for(facilitator_a), "get", f"{BASE}{report_a.pk}").json()
    assert own["reporter_contact"] == "0812000111"
    national = api_call(api_client_for(ministry_staff), "get", f"{BASE}{report_a.pk}").json()
    assert national["reporter_name"] is None and national["reporter_contact"] is None
    listed = api_call(api_client_for(facilitator_a), "get", BASE).json()["results"][0]
    assert "reporter_contact" not in listed and listed["money_asked"] == "15000000"


def test_create_and_follow_up(regions, facilitator_a, facilitator_b):
    created = api_call(api_client_for(facilitator_a), "post", BASE, BODY)
    assert created.status_code == 201, created.content
    report = BrokerReport.objects.get(pk=created.json()["id"])
    assert report.source == "facilitator" and report.offered_country == "MY"
    url = f"{BASE}{report.pk}/status"
    assert api_call(api_client_for(facilitator_b), "post", url, {"status": "verifying"}).status_code == 404
    assert (
        api_call(api_client_for(facilitator_a, read_only=True), "post", url, {"status": "verifying"}).status_code == 403
    )
    moved = api_call(api_client_for(facilitator_a), "post", url, {"status": "verifying", "note": "Dicek."})
    assert moved.status_code == 200 and moved.json()["status"] == "verifying"
    assert [e["to_status"] for e in moved.json()["events"]] == ["new", "verifying"]


def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(regions, facilitator_a, facilitator_b):
    bad = api_call(api_client_for(facilitator_a), "post", BASE, {**BODY, "offered_country": "ZQ"})
    assert bad.status_code in (400, 422) and "offered_country" in bad.content.decode()
    other = api_call(api_client_for(facilitator_b), "post", BASE, BODY)
    assert other.status_code in (400, 422) and "village" in other.content.decode()
    negative = api_call(api_client_for(facilitator_a), "post", BASE, {**BODY, "money_asked": "-5"})
    assert negative.status_code == 422
    assert not BrokerReport.objects.exists()


def test_the_list_query_count_does_not_grow(regions, facilitator_a, django_assert_num_queries):
    for _ in range(5):
        _report(VILLAGE_A)
    client = api_client_for(facilitator_a)
    with django_assert_num_queries(5):  # token (with user), its last use, roles, count, page
        assert api_call(client, "get", BASE).status_code == 200
