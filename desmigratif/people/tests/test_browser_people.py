import datetime

import pytest

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, ensure_consent_texts, make_user, valid_nik
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import sign_in
from desmigratif.people.models import Person

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (steps, document types, consent texts) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_facilitator_registers_finds_and_reveals_a_person_that_another_village_cannot_open(
    live_server,
    regions,
    phone,
):
    ensure_consent_texts()
    make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    make_user("pendamping_b", Role.FACILITATOR, VILLAGE_B)
    base = live_server.url
    nik = valid_nik(VILLAGE_A, datetime.date(1994, 4, 21), "F")

    page = phone.new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.goto(f"{base}/people/")
    page.click("a[href='/people/new/']")
    page.fill("#id_nik", nik)
    page.fill("#id_full_name", "Wulan Sekar Arum")
    page.check("input[name=sex][value=F]")
    page.fill("#id_birth_date", "1994-04-21")
    page.fill("#id_birth_place", "Malang")
    page.fill("#id_phone", "0813 1234 5678")
    page.select_option("#id_migrant_status", "prospective")
    page.check("#id_consent")
    page.click("main form button[type=submit]")

    person = Person.objects.get(nik=nik)
    page.wait_for_url(f"{base}/people/{person.pk}/")
    assert page.locator("#nik").inner_text().startswith(person.nik_masked)
    assert nik not in page.content()
    page.click("#nik button")
    # Our CSP forbids eval, so wait on a locator rather than a JavaScript predicate.
    page.locator("#nik").filter(has_text=nik).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{base}/people/")
    page.fill("#id_q", "sekar")
    page.wait_for_url("**/people/?q=sekar*")
    results = page.locator("#results")
    assert "Wulan Sekar Arum" in results.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    outsider = phone.browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    sign_in(outsider, base, "pendamping_b", PASSWORD)
    response = outsider.goto(f"{base}/people/{person.pk}/")
    assert response is not None and response.status == 404
    body = outsider.content()
    assert "Wulan" not in body and nik not in body and person.nik_masked not in body
    outsider.goto(f"{base}/people/?q=sekar")
    assert "Wulan" not in outsider.locator("#results").inner_text()
