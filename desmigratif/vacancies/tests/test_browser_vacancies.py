import pytest

from desmigratif.core.tests.browser import scroll_width

from .conftest import make_vacancy

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (jobs, zero-cost rules, moratorium lists) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_searches_vacancies_on_a_phone_and_opens_one(live_server, regency_officer, agency, phone):
    carer = make_vacancy(
        regency_officer,
        agency,
        "pengasuh_lanjut_usia",
        country="TW",
        salary_currency="TWD",
        employer_name="Keluarga Chen",
    )
    make_vacancy(regency_officer, agency, employer_name="Pabrik Elektronik Sdn Bhd")
    hidden = make_vacancy(regency_officer, agency, verify=False, employer_name="Belum Diperiksa")
    base = live_server.url

    page = phone.new_page()
    page.goto(f"{base}/lowongan/")
    results = page.locator("#results")
    assert "Pabrik Elektronik" in results.inner_text() and "Keluarga Chen" in results.inner_text()
    assert hidden.employer_name not in results.inner_text()
    assert scroll_width(page) <= 360

    # Typing updates the results in place (htmx), without a page load.
    page.fill("#id_q", "pengasuh")
    page.locator("#results li", has_text="Pabrik Elektronik").wait_for(state="detached")
    page.wait_for_url("**/lowongan/?q=pengasuh*")
    assert "Keluarga Chen" in results.inner_text()
    assert page.locator("#results .badge", has_text="tanpa biaya").count() == 1

    page.click(f"#results a[href='/lowongan/{carer.pk}/']")
    page.wait_for_url(f"{base}/lowongan/{carer.pk}/")
    main = page.locator("main").inner_text()
    assert "Pengasuh lanjut usia" in main and "Taiwan" in main and "Perban BP2MI 9/2020" in main
    assert scroll_width(page) <= 360
    page.click("main a[href='/migrasi-aman/biaya/']")
    page.wait_for_url(f"{base}/migrasi-aman/biaya/")
    assert "Paspor" in page.locator("main").inner_text()
