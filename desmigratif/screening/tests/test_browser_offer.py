import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.migration.services import case_open
from desmigratif.screening.models import CaseScreening

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (screening rules, jobs, steps) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_checks_an_offer_on_the_public_page_and_sees_the_findings(live_server, phone):
    page = phone.new_page()
    page.goto(f"{live_server.url}/cek-tawaran/")
    assert page.locator("h1").inner_text() == "Cek tawaran kerja"
    page.check("input[name=recruiter][value=individual]")
    page.select_option("#id_country", "MY")
    page.check("input[name=employer][value=individual]")
    page.check("input[name=visa][value=visit]")
    page.check("input[name=contract_seen][value=no]")
    page.fill("#id_fee_amount", "Rp 8.000.000")
    page.check("input[name=fee_paid_to][value=individual]")
    page.check("input[name=passport_holder][value=agency]")
    page.fill("#id_nik", "3507334403980001")
    page.click("#check-offer")

    findings = page.locator("#findings")
    findings.wait_for()
    codes = [page.locator("#findings .finding").nth(i).get_attribute("data-code") for i in range(5)]
    assert codes[0] == "RF4"
    assert {"RF1", "RF2", "RF4", "RF5", "RF9"} <= set(codes)
    text = findings.inner_text()
    assert "Perekrut tidak berizin (calo/sponsor)" in text and "Bahaya tinggi" in text
    assert "Yang harus dilakukan:" in text and "Dasar hukum:" in text
    assert findings.locator("a[href='/lapor-calo/']").count() == 1
    assert scroll_width(page) <= 360
    assert CaseScreening.objects.count() == 0


def test_a_facilitator_screens_the_offer_of_a_case(live_server, regions, phone):
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    person = make_person(facilitator, VILLAGE_A, full_name="Ratna Sari")
    case = case_open(
        person=person,
        destination_country="SA",
        job_title="Pengurus rumah tangga",
        employer_type="individual",
        agency_name="",
        actor=facilitator,
    )
    page = phone.new_page()
    sign_in(page, live_server.url, "pendamping_a", PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("#screen-link")
    page.check("input[name=recruiter][value=individual]")
    page.check("input[name=visa][value=work]")
    page.click("#screen-offer")
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/")
    text = page.locator("#screenings").inner_text()
    assert "Negara tujuan tertutup untuk majikan perseorangan" in text
    assert "Perekrut tidak berizin" in text
    assert CaseScreening.objects.filter(case=case).count() == 1
    assert scroll_width(page) <= 360
