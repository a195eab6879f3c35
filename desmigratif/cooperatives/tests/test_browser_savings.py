import datetime
from decimal import Decimal

import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services
from desmigratif.cooperatives.models import Member, SavingsAccount, SavingsKind
from desmigratif.core.tests.browser import sign_in
from desmigratif.regions.models import Village

# serialized_rollback: keep the rows the data migrations publish (the chart-of-accounts template).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_officer_registers_a_member_takes_savings_and_opens_the_balance_sheet(live_server, regions, phone):
    officer = make_user("koperasi_a", Role.COOPERATIVE_OFFICER, VILLAGE_A)
    cooperative = services.cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi Sejahtera Brongkal",
        founded_on=datetime.date(2018, 3, 1),
        principal_savings_amount=Decimal("100000"),
        mandatory_savings_amount=Decimal("20000"),
        actor=officer,
    )
    person = make_person(officer, VILLAGE_A, full_name="Wulan Lestari")
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "koperasi_a", PASSWORD)
    page.click("nav a[href='/cooperatives/']")
    page.click(f"a[href='/cooperatives/{cooperative.pk}/']")
    page.click(f"main a[href='/cooperatives/{cooperative.pk}/members/join/']")
    page.fill("#id_q", "wulan")
    page.click("#find")
    page.click(f"#join-{person.pk}")
    member = Member.objects.get(person=person)
    page.wait_for_url(f"{base}/cooperatives/{cooperative.pk}/members/{member.pk}/")
    assert "Rp100.000,00" in page.locator("#total").inner_text()

    page.click("details:has(#deposit) summary")
    page.select_option("#id_deposit-kind", "voluntary")
    page.fill("#id_deposit-amount", "1.500.000")
    page.click("#deposit button[type=submit]")
    page.wait_for_url(f"{base}/cooperatives/{cooperative.pk}/members/{member.pk}/")
    assert "Rp1.600.000,00" in page.locator("#total").inner_text()

    page.click("details:has(#withdraw) summary")
    page.fill("#id_withdraw-amount", "250000")
    page.click("#withdraw button[type=submit]")
    page.wait_for_url(f"{base}/cooperatives/{cooperative.pk}/members/{member.pk}/")
    assert page.locator(".messages .error").count() == 0
    assert "Rp1.350.000,00" in page.locator("#total").inner_text()
    assert page.locator("#passbook tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click(f"a[href='/cooperatives/{cooperative.pk}/reports/balance-sheet/']")
    report = page.locator("#report").inner_text()
    assert "SHU tahun berjalan" in report
    assert "Rp1.350.000,00" in page.locator("#total-le").inner_text()  # = cash, the only asset
    assert SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY).balance == Decimal("1250000.00")
