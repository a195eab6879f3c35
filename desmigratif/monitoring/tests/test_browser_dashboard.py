import pytest
from django.utils import timezone

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.lib.months import month_start
from desmigratif.monitoring.models import Indicator, Rollup

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (the indicator catalogue among them) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_national_staff_drill_down_from_the_nation_to_a_village_on_a_phone(live_server, regions, phone):
    make_user("staf_nasional", Role.NATIONAL_STAFF, "")
    served = Indicator.objects.get(code="prospective_served")
    month = month_start(timezone.localdate())
    Rollup.objects.create(village_id=VILLAGE_A, month=month, indicator=served, value=7)
    Rollup.objects.create(village_id=VILLAGE_B, month=month, indicator=served, value=11)
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "staf_nasional", PASSWORD)
    page.click("nav a[href='/monitoring/']")
    page.wait_for_url(f"{base}/monitoring/")
    assert page.locator("#ind-prospective_served").inner_text() == "18"
    assert page.locator("svg.chart").count() == 1
    assert scroll_width(page) <= 360
    # Nation → Jawa Timur → Kabupaten Malang → Kecamatan Pagelaran → Desa Brongkal.
    for name in ("Jawa Timur", "Malang", "Pagelaran", "Brongkal"):
        page.locator("#children a", has_text=name).first.click()
        page.wait_for_load_state()
        assert name.upper() in page.locator("h1").inner_text().upper()
        assert scroll_width(page) <= 360
    assert page.locator("#ind-prospective_served").inner_text() == "7"
    assert page.locator("#children").count() == 0
    # The trail leads back up to the nation.
    page.locator("nav.muted a", has_text="Indonesia").click()
    page.wait_for_load_state()
    assert page.locator("#ind-prospective_served").inner_text() == "18"


def test_a_regency_officer_builds_and_downloads_the_pdf_report(live_server, regions, phone):
    make_user("dinas_malang", Role.REGENCY_OFFICER, "35.07")
    served = Indicator.objects.get(code="prospective_served")
    Rollup.objects.create(village_id=VILLAGE_A, month=month_start(timezone.localdate()), indicator=served, value=7)
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "dinas_malang", PASSWORD)
    page.goto(f"{base}/monitoring/")
    page.click("a:has-text('Laporan PDF')")
    page.wait_for_url(f"{base}/monitoring/reports/?region=35.07")
    page.click("button:has-text('Buat laporan')")
    # The build runs as a task; the page polls its progress until the file is ready.
    page.wait_for_selector("#report-download", timeout=20_000)
    with page.expect_download() as download:
        page.click("#report-download")
    assert download.value.suggested_filename.startswith("desmigratif-35.07-")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.goto(f"{base}/monitoring/reports/?region=35.07")
    assert page.locator("#reports tbody tr").count() == 1
