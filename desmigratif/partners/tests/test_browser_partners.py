import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.partners.models import Programme, Referral, VillageSupport
from desmigratif.partners.tests.conftest import designate, organisation

# serialized_rollback: keep the rows the data migrations publish (the partner organisations).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_add_a_programme_and_support_then_a_facilitator_refers_a_person(live_server, regions, new_phone):
    make_user("nasional", Role.NATIONAL_STAFF, "")
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    person = make_person(facilitator, VILLAGE_A, full_name="Siti Aminah")
    designate(VILLAGE_A)
    bri = organisation("BRI")
    base = live_server.url

    staff = new_phone().new_page()
    sign_in(staff, base, "nasional", PASSWORD)
    staff.click("nav a[href='/partners/']")
    staff.click("#new-programme")
    staff.select_option("#id_organisation", str(bri.pk))
    staff.fill("#id_name", "Literasi keuangan keluarga PMI")
    staff.select_option("#id_pillar", "cooperative")
    staff.fill("#id_starts_on", "2025-01-01")
    staff.click("#programme-form button[type=submit]")
    programme = Programme.objects.get()
    staff.wait_for_url(f"{base}/partners/programmes/{programme.pk}/")
    staff.click("#add-support")
    staff.select_option("#id_village", VILLAGE_A)
    staff.fill("#id_what", "Pelatihan literasi keuangan")
    staff.fill("#id_amount", "25.000.000")
    staff.fill("#id_since", "2025-03-01")
    staff.click("#support-form button[type=submit]")
    staff.wait_for_url(f"{base}/partners/programmes/{programme.pk}/")
    assert "Brongkal" in staff.locator("#supports").inner_text()
    assert str(VillageSupport.objects.get().amount) == "25000000.00"
    assert scroll_width(staff) <= 360

    page = new_phone().new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.click("nav a[href='/partners/']")
    page.click("nav.subnav a[href='/partners/referrals/']")
    page.click("#new-referral")
    page.fill("#id_q", "siti")
    page.click("#find")
    page.check(f"input[name=person][value='{person.pk}']")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_referred_on", "2025-04-02")
    page.fill("#id_reason", "Ingin menabung hasil kerja di Taiwan.")
    page.click("#referral-form button[type=submit]")
    referral = Referral.objects.get()
    page.wait_for_url(f"{base}/partners/referrals/{referral.pk}/")
    page.click("#status-box summary")
    page.select_option("#id_status", "taken_up")
    page.fill("#id_on", "2025-04-10")
    page.click("#status-form button[type=submit]")
    page.wait_for_url(f"{base}/partners/referrals/{referral.pk}/")
    assert "Diterima / diikuti" in page.locator("#status").inner_text()
    assert page.locator("#history li").count() == 2
    assert scroll_width(page) <= 360
    referral.refresh_from_db()
    assert referral.status == "taken_up"
