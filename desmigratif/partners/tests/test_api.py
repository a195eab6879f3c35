"""The partner API: the same scope as the pages, and fixed query counts for the lists."""

import pytest

from conftest import VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.partners.tests.conftest import REASON, make_programme, refer, support

pytestmark = pytest.mark.django_db

BIG = 99999999999999999999999


def test_api_matrix(
    referral_a,
    support_a,
    programme,
    facilitator_a,
    facilitator_b,
    regency_officer,
    ministry_staff,
    partner,
    treasurer,
    no_role_user,
):
    officer_c = make_user("officer_c", Role.REGENCY_OFFICER, "33.07")
    viewers = [facilitator_a, facilitator_b, regency_officer, officer_c, ministry_staff]
    for url in (
        "/api/v1/partner-organisations/",
        "/api/v1/partner-programmes/",
        "/api/v1/village-support/",
        "/api/v1/referrals/",
    ):
        assert_api_access(url, allowed=viewers, forbidden=[partner, treasurer, no_role_user])
    assert_api_access(
        f"/api/v1/partner-programmes/{programme.pk}", allowed=viewers, not_found=[partner, treasurer, no_role_user]
    )
    assert_api_access(
        f"/api/v1/village-support/{support_a.pk}",
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, officer_c, partner, treasurer],
    )
    assert_api_access(
        f"/api/v1/referrals/{referral_a.pk}",
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, officer_c, partner, treasurer, no_role_user],
        secrets=["Siti Aminah", REASON],
    )
    listed = api_call(api_client_for(facilitator_b), "get", "/api/v1/referrals/").json()
    assert listed["count"] == 0
    mine = api_call(api_client_for(facilitator_a), "get", f"/api/v1/referrals/{referral_a.pk}").json()
    assert mine["full_name"] == "Siti Aminah" and mine["reason"] == REASON and "nik" not in mine
    assert [h["to_status"] for h in mine["history"]] == ["referred"]
    supports = api_call(api_client_for(facilitator_a), "get", "/api/v1/village-support/").json()
    assert supports["results"][0]["amount"] == "25000000.50"


def test_the_api_refuses_impossible_input(facilitator_a):
    client = api_client_for(facilitator_a)
    assert api_call(client, "get", f"/api/v1/referrals/{BIG}").status_code == 404
    assert api_call(client, "get", f"/api/v1/partner-programmes/{BIG}").status_code == 404
    assert api_call(client, "get", "/api/v1/referrals/", {"status": "x"}).status_code == 422
    assert api_call(client, "get", "/api/v1/village-support/", {"village": "x" * 20}).status_code == 422


@pytest.mark.parametrize("rows", [2, 12])
def test_the_api_lists_cost_a_fixed_number_of_queries(ministry_staff, facilitator_a, rows, django_assert_num_queries):
    for i in range(rows):
        programme = make_programme(ministry_staff, name=f"Program {i:02}")
        support(ministry_staff, programme)
        refer(facilitator_a, make_person(facilitator_a, VILLAGE_A, full_name=f"Orang {i:02}"), programme)
    # A fresh token per call: token (with its user), its last use, role assignments, count, page.
    for url in ("/api/v1/partner-programmes/", "/api/v1/village-support/", "/api/v1/referrals/"):
        client = api_client_for(facilitator_a)
        with django_assert_num_queries(5):
            body = api_call(client, "get", url).json()
        assert body["count"] == rows and len(body["results"]) == rows
    client = api_client_for(facilitator_a)
    with django_assert_num_queries(5):
        assert api_call(client, "get", "/api/v1/partner-organisations/").status_code == 200
