import datetime

import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import sign_in
from desmigratif.facilitators.models import MonthlyReport, ReportStatus
from desmigratif.facilitators.tests.conftest import appoint, deliberate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_facilitator_submits_a_report_and_the_regency_officer_returns_it(live_server, regions, new_phone):
    officer = make_user("disnaker_malang", Role.REGENCY_OFFICER, "35.07")
    officer.set_password(PASSWORD)
    officer.save(update_fields=["password"])
    person = make_person(officer, VILLAGE_A, full_name="Sri Rahayu")
    deliberation = deliberate(officer, [person], held_on=datetime.date.today() - datetime.timedelta(days=90))
    result = appoint(officer, deliberation, person, starts_on=deliberation.held_on, username="sri.rahayu")
    assert result.user is not None
    result.user.set_password(PASSWORD)
    result.user.save(update_fields=["password"])
    base = live_server.url
    last_month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)

    page = new_phone().new_page()
    sign_in(page, base, "sri.rahayu", PASSWORD)
    page.click("nav a[href='/facilitators/']")
    page.click("a[href='/facilitators/reports/']")
    page.wait_for_url(f"{base}/facilitators/reports/")
    # The month field is styled like every field: a 44 px tap target. A locator waits for the
    # field to be on the new page; eval_on_selector would read whatever is parsed so far.
    month = page.locator("#id_month")
    assert month.evaluate("e => e.type") == "month"
    assert month.evaluate("e => e.getBoundingClientRect().height") >= 44
    page.fill("#id_month", last_month.strftime("%Y-%m"))
    page.click("#report-start button[type=submit]")
    report = MonthlyReport.objects.get()
    page.wait_for_url(f"{base}/facilitators/reports/{report.pk}/")
    page.fill("#id_narrative", "Tiga kunjungan rumah dan satu sosialisasi.")
    page.click("#submit")
    page.wait_for_url(f"{base}/facilitators/reports/{report.pk}/")
    assert page.locator(".messages .error").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    page = new_phone().new_page()
    sign_in(page, base, "disnaker_malang", PASSWORD)
    page.goto(f"{base}/facilitators/reports/{report.pk}/")
    page.fill("#id_comment", "Lengkapi jumlah peserta sosialisasi.")
    page.click("#return")
    page.wait_for_url(f"{base}/facilitators/reports/{report.pk}/")
    assert "Lengkapi jumlah peserta sosialisasi." in page.locator("#history").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
