import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import sign_in
from desmigratif.enterprises.models import Enterprise

# serialized_rollback: keep the rows the data migrations publish (the sectors).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_facilitator_registers_an_enterprise_and_reports_its_progress(live_server, regions, phone):
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    owner = make_person(facilitator, VILLAGE_A, full_name="Siti Aminah")
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.click("nav a[href='/enterprises/']")
    page.click("#new-enterprise")
    page.fill("#id_q", "siti")
    page.click("#find")
    page.check(f"input[name=owners][value='{owner.pk}']")
    page.fill("#id_name", "Keripik Tempe Bu Siti")
    page.select_option("#id_sector", "food")
    page.fill("#id_started_on", "2025-01-10")
    page.fill("#id_capital", "2.500.000")
    page.select_option("#id_capital_source", "remittance")
    page.click("#enterprise-form button[type=submit]")
    enterprise = Enterprise.objects.get()
    page.wait_for_url(f"{base}/enterprises/{enterprise.pk}/")
    assert "Siti Aminah" in page.locator("#owners").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("#add-progress")
    page.select_option("#id_period_kind", "month")
    page.fill("#id_period", "2025-02")
    page.fill("#id_revenue", "1.750.000")
    page.fill("#id_workers_family", "2")
    page.fill("#id_workers_other", "1")
    page.fill("#id_problems", "Harga kedelai naik")
    page.click("#progress-form button[type=submit]")
    page.wait_for_url(f"{base}/enterprises/{enterprise.pk}/")
    assert page.locator(".messages .error").count() == 0
    reports = page.locator("#reports").inner_text()
    assert "Rp1.750.000,00" in reports and "Harga kedelai naik" in reports
    assert page.locator("#progress-chart rect.bar").count() == 1
    assert page.locator("#progress-chart").bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
