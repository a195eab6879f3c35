"""The member's passbook as a PDF: scoped like the member page, every transaction in it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services
from desmigratif.cooperatives.models import SavingsAccount, SavingsKind
from desmigratif.cooperatives.pdf import passbook_pdf
from desmigratif.core.testing import assert_access

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def member(cooperative, treasurer):
    person = make_person(treasurer, VILLAGE_A, full_name="Wulan Lestari")
    member = services.member_join(cooperative=cooperative, person=person, date=TODAY, actor=treasurer)
    voluntary = SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY)
    services.savings_deposit(account=voluntary, amount=Decimal("1500000"), date=TODAY, actor=treasurer)
    return member


def test_who_may_download_a_passbook(client, cooperative, member, treasurer, regency_officer, facilitator_a, partner):
    url = reverse("cooperatives:passbook_pdf", args=[cooperative.pk, member.pk])
    other = make_user("koperasi_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    assert_access(client, url, allowed=[treasurer, regency_officer], not_found=[other, facilitator_a, partner])
    response = login(client, treasurer).get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    assert f"buku-simpanan-{member.number}.pdf" in response["Content-Disposition"]


def test_the_pdf_holds_the_balances_and_every_transaction(cooperative, member):
    accounts = {a.kind: a.balance for a in SavingsAccount.objects.filter(member=member)}
    transactions = list(member.savings_accounts.first().transactions.all()) + list(
        SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY).transactions.all()
    )
    content = passbook_pdf(cooperative, member, accounts, transactions, compress=False)
    assert content.startswith(b"%PDF-")
    text = content.decode("latin-1")
    assert "Wulan Lestari" in text and member.number in text
    assert "Rp1.500.000,00" in text and "Rp100.000,00" in text
