"""A facilitator records a remittance from a family member's page on a phone and sees its cost."""

import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.remittances.models import Remittance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_facilitator_records_a_remittance_and_sees_what_it_cost(live_server, regions, phone):
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    person = make_person(facilitator, VILLAGE_A, full_name="Sri Wahyuni")
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.goto(f"{base}/people/{person.pk}/")
    page.click(f"a[href='/remittances/new/{person.pk}/']")
    page.select_option("#id_sending_country", "MY")
    page.fill("#id_amount_sent", "1.000")
    page.fill("#id_currency_sent", "MYR")
    page.fill("#id_fee", "10")
    page.fill("#id_amount_received", "3.300.000")  # applied 3,300 against mid 3,500: a 5.71 % margin
    page.fill("#id_mid_rate", "3.500")
    page.check("input[name=channel][value=informal]")
    page.select_option("#id_intended_use", "education")
    page.click("main form button[type=submit]")

    remittance = Remittance.objects.get(recipient=person)
    page.wait_for_url(f"{base}/remittances/{remittance.pk}/")
    main = page.locator("main").inner_text()
    assert "Rp3.300.000" in main and "6,71%" in main  # fee 1 % + margin 5.71 %
    assert "5,39%" in main and "2020Q3" in main  # the Malaysia corridor's published average
    assert "di atas" in main  # above the SDG targets
    assert scroll_width(page) <= 360
