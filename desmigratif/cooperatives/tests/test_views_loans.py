"""Loan pages: who may see and act, the four-eyes decision through the pages, bad input, queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import VILLAGE_A, login, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives.models import Loan, LoanStatus
from desmigratif.cooperatives.tests.lending import fund, make_loan, make_member, make_product
from desmigratif.core.testing import assert_access

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


@pytest.fixture
def checker(regions):
    return make_user("koperasi_dua", Role.COOPERATIVE_OFFICER, VILLAGE_A)


@pytest.fixture
def product(cooperative, treasurer):
    fund(cooperative, treasurer, date=TODAY)
    return make_product(cooperative, treasurer)


@pytest.fixture
def member(cooperative, treasurer):
    return make_member(cooperative, treasurer, date=TODAY, full_name="Sri Rahayu")


@pytest.fixture
def loan(member, product, treasurer):
    return make_loan(member, product, treasurer, date=TODAY, principal="6000000", term_months=12, purpose="Warung")


def test_who_may_see_a_loan_and_act_on_it(
    client, cooperative, loan, treasurer, checker, regency_officer, facilitator_a, facilitator_b, partner
):
    url = reverse("loans:detail", args=[cooperative.pk, loan.pk])
    assert_access(
        client,
        url,
        allowed=[treasurer, checker, regency_officer],
        not_found=[facilitator_a, facilitator_b, partner],
        secrets=["Sri Rahayu"],
    )
    decide = reverse("loans:decide", args=[cooperative.pk, loan.pk])
    assert login(client, regency_officer).post(decide, {"decision": "approve"}).status_code == 403
    assert login(client, facilitator_a).post(decide, {"decision": "approve"}).status_code == 404
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPLIED


def test_apply_decide_disburse_and_repay_through_the_pages(client, cooperative, member, product, treasurer, checker):
    response = login(client, treasurer).post(
        reverse("loans:apply", args=[cooperative.pk]),
        {
            "member": member.pk,
            "product": product.pk,
            "principal": "6.000.000",
            "term_months": 12,
            "purpose": "Warung sembako",
            "date": TODAY.isoformat(),
        },
    )
    loan = Loan.objects.get()
    assert response.status_code == 302
    detail = reverse("loans:detail", args=[cooperative.pk, loan.pk])
    # The officer who entered it is told another officer must decide, and cannot.
    page = client.get(detail).content.decode()
    assert "petugas lain yang memutuskannya" in page
    refused = client.post(reverse("loans:decide", args=[cooperative.pk, loan.pk]), {"decision": "approve"})
    assert refused.status_code == 400 and "tidak boleh memutuskannya" in refused.content.decode()
    login(client, checker).post(reverse("loans:decide", args=[cooperative.pk, loan.pk]), {"decision": "approve"})
    login(client, treasurer).post(
        reverse("loans:disburse", args=[cooperative.pk, loan.pk]), {"date": TODAY.isoformat()}
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSED and loan.instalments.count() == 12
    paid = client.post(
        reverse("loans:repay", args=[cooperative.pk, loan.pk]), {"amount": "533.093", "date": TODAY.isoformat()}
    )
    assert paid.status_code == 302
    loan.refresh_from_db()
    assert loan.outstanding_principal < Decimal("6000000")
    too_much = client.post(
        reverse("loans:repay", args=[cooperative.pk, loan.pk]), {"amount": "99.000.000", "date": TODAY.isoformat()}
    )
    assert too_much.status_code == 400 and "melebihi kewajiban" in too_much.content.decode()
    assert loan.repayments.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("principal", "enam juta", "Tulis jumlah"),
        ("term_months", "99", "antara"),
        ("purpose", "", "tidak boleh kosong"),
    ],
)
def test_a_bad_application_gets_a_message_and_saves_nothing(
    client, cooperative, member, product, treasurer, field, value, message
):
    data = {
        "member": member.pk,
        "product": product.pk,
        "principal": "1.000.000",
        "term_months": 12,
        "purpose": "Usaha",
        "date": TODAY.isoformat(),
        field: value,
    }
    response = login(client, treasurer).post(reverse("loans:apply", args=[cooperative.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Loan.objects.exists()


def test_list_and_detail_queries_do_not_grow(
    client, cooperative, product, treasurer, checker, django_assert_num_queries
):
    for _ in range(4):
        m = make_member(cooperative, treasurer, date=TODAY)
        loan = make_loan(m, product, treasurer, date=TODAY, principal="1000000", term_months=6, approver=checker)
    login(client, treasurer)
    # session, user with roles, cooperative, count, classes, portfolio, products, page of loans
    with django_assert_num_queries(8):
        body = client.get(reverse("loans:list", args=[cooperative.pk])).content.decode()
    # The portfolio's tables scroll inside the page on a phone instead of widening it.
    assert body.count('<div class="table-scroll"><table class="grid">') == 2
    # session, user with roles, cooperative, loan, instalments, classes, repayments
    with django_assert_num_queries(7):
        assert client.get(reverse("loans:detail", args=[cooperative.pk, loan.pk])).status_code == 200
