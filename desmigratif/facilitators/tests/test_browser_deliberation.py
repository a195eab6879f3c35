import datetime
import re

import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import sign_in
from desmigratif.facilitators.models import VillageDeliberation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Text, number, date fields and selects: what a thumb must hit on a phone (WCAG 2.5.5 asks 44 px).
FIELDS = "#deliberation-form input:not([type=hidden]):not([type=checkbox]):not([type=file]), #deliberation-form select"


def test_the_regency_officer_records_a_deliberation_on_a_phone(live_server, regions, programme, new_phone):
    officer = make_user("disnaker_malang", Role.REGENCY_OFFICER, "35.07")
    officer.set_password(PASSWORD)
    officer.save(update_fields=["password"])
    sri = make_person(officer, VILLAGE_A, full_name="Sri Rahayu")
    make_person(officer, VILLAGE_A, full_name="Budi Santoso")
    base = live_server.url
    held_on = datetime.date.today() - datetime.timedelta(days=7)

    page = new_phone().new_page()
    sign_in(page, base, "disnaker_malang", PASSWORD)
    page.goto(f"{base}/facilitators/deliberations/new/")
    # The number the rule in force allows (2 since the 2017 launch) is stated on the form.
    assert "(paling banyak 2)" in page.locator("#deliberation-form").inner_text()
    page.fill("#id_q", "sri")
    page.click("#find")
    page.get_by_label(re.compile("Sri Rahayu")).check()
    page.select_option("#id_village", VILLAGE_A)
    page.fill("#id_held_on", held_on.isoformat())
    page.fill("#id_attendees", "42")
    page.fill("#id_minutes_number", "BA/07/2026")
    heights = page.eval_on_selector_all(FIELDS, "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 4 and min(heights) >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The header's language and sign-out buttons are no slivers either (WCAG 2.5.8 asks 24 px).
    header = page.eval_on_selector_all("header button", "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(header) == 3 and min(header) >= 24
    page.click("#deliberation-form button[type=submit]")
    page.wait_for_url(re.compile(rf"{re.escape(base)}/facilitators/deliberations/\d+/$"))
    deliberation = VillageDeliberation.objects.get()
    assert (deliberation.attendees, deliberation.held_on, deliberation.minutes_number) == (42, held_on, "BA/07/2026")
    assert list(deliberation.chosen.all()) == [sri]
