"""On phones: one officer takes a loan application, another approves it, the first pays it out,
records a repayment and opens the balance sheet."""

import datetime
from decimal import Decimal

import pytest

from conftest import PASSWORD, VILLAGE_A, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services
from desmigratif.cooperatives.models import Account, InterestMethod, Loan, LoanStatus
from desmigratif.cooperatives.tests.lending import ready_to_lend
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.regions.models import Village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_officers_take_a_loan_from_application_to_repayment(live_server, regions, new_phone):
    officer = make_user("koperasi_a", Role.COOPERATIVE_OFFICER, VILLAGE_A)
    make_user("koperasi_b", Role.COOPERATIVE_OFFICER, VILLAGE_A)
    cooperative = services.cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi Sejahtera Brongkal",
        founded_on=datetime.date(2018, 3, 1),
        principal_savings_amount=Decimal("100000"),
        mandatory_savings_amount=Decimal("20000"),
        actor=officer,
    )
    today = datetime.date.today()
    product, member = ready_to_lend(
        cooperative, officer, date=today, grant="20000000", full_name="Wulan Lestari", method=InterestMethod.FLAT
    )
    base = live_server.url
    loans_url = f"{base}/cooperatives/{cooperative.pk}/loans/"

    a = new_phone().new_page()
    sign_in(a, base, "koperasi_a", PASSWORD)
    a.goto(loans_url)
    a.click(f"main a[href='/cooperatives/{cooperative.pk}/loans/apply/']")
    a.select_option("#id_member", str(member.pk))
    a.select_option("#id_product", str(product.pk))
    a.fill("#id_principal", "6.000.000")
    a.fill("#id_term_months", "12")
    a.fill("#id_purpose", "Warung sembako")
    a.click("main form button[type=submit]")
    loan = Loan.objects.get(member=member)
    a.wait_for_url(f"{loans_url}{loan.pk}/")
    assert "petugas lain yang memutuskannya" in a.locator("main").inner_text()
    assert a.locator("#decide").count() == 0  # the applicant's officer cannot decide

    b = new_phone().new_page()
    sign_in(b, base, "koperasi_b", PASSWORD)
    b.goto(f"{loans_url}{loan.pk}/")
    b.check("input[name=decision][value=approve]")
    b.click("#decide")
    b.wait_for_url(f"{loans_url}{loan.pk}/")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED
    assert loan.decided_by is not None and loan.decided_by.username == "koperasi_b"

    a.reload()
    a.click("#disburse")
    a.wait_for_url(f"{loans_url}{loan.pk}/")
    # Flat 12 %: 500,000 principal + 60,000 interest a month.
    assert a.locator("table.grid tbody tr").count() == 12
    a.fill("#id_amount", "560.000")
    a.click("#repay")
    a.wait_for_url(f"{loans_url}{loan.pk}/")
    assert a.locator(".messages .error").count() == 0, a.locator(".messages").inner_text()
    assert "Rp5.500.000,00" in a.locator("main dl").inner_text()  # outstanding principal
    assert scroll_width(a) <= 360

    a.click(f"a[href='/cooperatives/{cooperative.pk}/reports/balance-sheet/']")
    assert "Rp5.500.000,00" in a.locator("#report").inner_text()  # loans to members
    receivable = Account.objects.get(cooperative=cooperative, role="loans_receivable")
    assert receivable.balance == Decimal("5500000.00")
