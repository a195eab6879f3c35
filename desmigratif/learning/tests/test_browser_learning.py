import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, VILLAGE_A, ensure_consent_texts, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import sign_in
from desmigratif.learning.models import Attendance, Child
from desmigratif.learning.tests.conftest import make_family, make_house, years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_facilitator_registers_a_child_with_consent_and_records_attendance(live_server, regions, phone):
    ensure_consent_texts()
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    volunteer = make_person(facilitator, VILLAGE_A, full_name="Bu Guru Wulan", birth_date=years_ago(28))
    house = make_house(facilitator, VILLAGE_A, volunteer)
    family = make_family(facilitator)
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.click("nav a[href='/learning/']")
    page.click(f"a[href='/learning/houses/{house.pk}/']")
    page.click("#register-child")
    page.select_option("#id_person", str(family["child"].pk))
    page.select_option("#id_caregiver", str(family["caregiver"].pk))
    page.select_option("#id_caregiver_relation", "grandparent")
    page.select_option("#id_parents", [str(family["parent"].pk)])
    page.select_option("#id_school_level", "sd")
    page.select_option("#id_school_status", "enrolled")
    page.fill("#id_guardian_name", "Mbah Sumini")
    page.fill("#id_guardian_relation", "nenek")
    page.click("#child-form button[type=submit]")
    expect(page.locator(".errorlist").first).to_be_visible()  # waits for the answer to the post
    assert not Child.objects.exists()  # no consent, no child
    page.check("#id_consent")
    page.click("#child-form button[type=submit]")
    child = Child.objects.get()
    page.wait_for_url(f"{base}/learning/children/{child.pk}/")
    assert "Putri Ayu Lestari" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{base}/learning/houses/{house.pk}/")
    page.click("#new-session")
    page.select_option("#id_kind", "learning")
    page.fill("#id_topic", "Membaca bersama")
    page.select_option("#id_led_by", str(volunteer.pk))
    page.click("#session-form button[type=submit]")
    page.wait_for_selector("#attendance-form")
    page.check(f"#attendance-form input[name=present][value='{child.pk}']")
    page.click("#attendance-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert list(Attendance.objects.values_list("child_id", flat=True)) == [child.pk]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
