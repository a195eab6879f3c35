import pytest

from conftest import PASSWORD, VILLAGE_A, make_user
from desmigratif.accounts.roles import Role
from desmigratif.complaints.models import Complaint
from desmigratif.core.tests.browser import scroll_width, sign_in

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (complaint categories, escalation levels, steps) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_files_a_complaint_on_a_phone_and_the_facilitator_escalates_it(live_server, regions, new_phone):
    make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    base = live_server.url

    # A mother files a complaint on her phone, without an account.
    visitor = new_phone().new_page()
    visitor.goto(f"{base}/pengaduan/")
    visitor.fill("#desa", "Brong")
    village = visitor.locator(f"input[name=village][value='{VILLAGE_A}']")
    village.check()  # waits until the search has put the village on the page
    visitor.fill("#id_complainant_name", "Sumarni")
    visitor.fill("#id_complainant_phone", "0812 3456 7891")
    visitor.select_option("#id_complainant_relationship", "parent")
    visitor.fill("#id_migrant_name", "Rina Wulandari")
    visitor.select_option("#id_destination_country", "MY")
    visitor.select_option("#id_category", "unpaid_wages")
    visitor.fill("#id_description", "Gaji tiga bulan belum dibayar majikan.")
    assert scroll_width(visitor) <= 360
    visitor.click("main form[method=post] button[type=submit]")
    visitor.wait_for_url(f"{base}/pengaduan/terima/")
    ticket = visitor.locator("#ticket").inner_text().strip()
    complaint = Complaint.objects.get()
    assert ticket == complaint.ticket and complaint.village_id == VILLAGE_A

    # The facilitator of her village sees it in the list and escalates it to the Disnaker.
    page = new_phone().new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.goto(f"{base}/complaints/")
    page.click(f"#complaints a:text('{ticket}')")
    page.wait_for_url(f"{base}/complaints/{complaint.pk}/")
    page.fill("#id_reason", "Majikan tidak bisa dihubungi; perlu Disnaker.")
    page.click("#escalate")
    page.wait_for_url(f"{base}/complaints/{complaint.pk}/")
    assert "Disnaker" in page.locator("#level").inner_text()
    assert "Majikan tidak bisa dihubungi" in page.locator("#timeline").inner_text()
    assert scroll_width(page) <= 360

    # The visitor's status page shows the new level, and nothing personal.
    visitor.click("text=Periksa status")
    status = visitor.locator("#status").inner_text()
    assert "Disnaker" in status and "Rina" not in status
