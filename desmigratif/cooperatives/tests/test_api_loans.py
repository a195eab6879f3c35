"""The loans API: the same services and scope as the pages; amounts as decimal strings."""

import datetime

import pytest

from conftest import VILLAGE_A, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives.models import InterestMethod, Loan
from desmigratif.cooperatives.tests.lending import make_loan, ready_to_lend
from desmigratif.core.testing import api_call, api_client_for, assert_api_access

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def setup(cooperative, treasurer):
    return ready_to_lend(cooperative, treasurer, date=TODAY, grant="10000000", name="Usaha", method=InterestMethod.FLAT)


def test_the_whole_loan_through_the_api(cooperative, treasurer, setup):
    product, member = setup
    checker = make_user("koperasi_dua", Role.COOPERATIVE_OFFICER, VILLAGE_A)
    base = f"/api/v1/cooperatives/{cooperative.pk}/loans/"
    body = {
        "member_id": member.pk,
        "product_id": product.pk,
        "principal": "1200000",
        "term_months": 12,
        "purpose": "Warung",
    }
    created = api_call(api_client_for(treasurer), "post", base, body)
    assert created.status_code == 201, created.content
    loan_id = created.json()["id"]
    assert created.json()["principal"] == "1200000.00"
    own = api_call(api_client_for(treasurer), "post", f"{base}{loan_id}/decide", {"approve": True})
    assert own.status_code in (400, 422)
    assert api_call(api_client_for(checker), "post", f"{base}{loan_id}/decide", {"approve": True}).status_code == 200
    paid_out = api_call(api_client_for(treasurer), "post", f"{base}{loan_id}/disburse", {})
    assert paid_out.status_code == 200 and len(paid_out.json()["instalments"]) == 12
    repaid = api_call(api_client_for(treasurer), "post", f"{base}{loan_id}/repay", {"amount": "112000"})
    assert repaid.status_code == 200
    [repayment] = repaid.json()["repayments"]
    assert (repayment["interest"], repayment["principal"]) == ("12000.00", "100000.00")
    assert repaid.json()["outstanding_principal"] == "1100000.00"
    portfolio = api_call(api_client_for(treasurer), "get", f"{base}portfolio").json()
    assert portfolio["outstanding"] == "1100000.00" and portfolio["par"]["PAR30"] == "0.00"


def test_loans_are_scoped_like_the_cooperative(cooperative, treasurer, setup, regency_officer, facilitator_a, partner):
    product, member = setup
    loan = make_loan(member, product, treasurer, date=TODAY, principal="500000", term_months=6)
    other = make_user("koperasi_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    base = f"/api/v1/cooperatives/{cooperative.pk}/loans/"
    assert_api_access(
        f"{base}{loan.pk}", allowed=[treasurer, regency_officer], not_found=[other, facilitator_a, partner]
    )
    refused = api_call(api_client_for(regency_officer), "post", f"{base}{loan.pk}/decide", {"approve": True})
    assert refused.status_code == 403
    assert Loan.objects.get().status == "applied"


def test_bad_amounts_are_refused_and_nothing_is_saved(cooperative, treasurer, setup):
    product, member = setup
    base = f"/api/v1/cooperatives/{cooperative.pk}/loans/"
    for principal in ("-5", "1.001", "abc", 1.005):
        body = {
            "member_id": member.pk,
            "product_id": product.pk,
            "principal": principal,
            "term_months": 6,
            "purpose": "x",
        }
        assert api_call(api_client_for(treasurer), "post", base, body).status_code == 422, principal
    assert not Loan.objects.exists()


def test_the_list_query_count_does_not_grow(cooperative, treasurer, setup, django_assert_num_queries):
    product, member = setup
    for _ in range(4):
        make_loan(member, product, treasurer, date=TODAY, principal="500000", term_months=6)
    client = api_client_for(treasurer)
    with django_assert_num_queries(6):  # token, its last use, roles, cooperative, count, page
        assert api_call(client, "get", f"/api/v1/cooperatives/{cooperative.pk}/loans/").status_code == 200
