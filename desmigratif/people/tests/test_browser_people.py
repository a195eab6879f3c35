"""The people registry's main flow in Chromium at 360 px: register, reveal, search; another village gets 404."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, VILLAGE_A, VILLAGE_B, ensure_consent_texts, make_person, make_user, valid_nik
from desmigratif.accounts.roles import Role
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.tests.browser import PHONE, scroll_width, sign_in
from desmigratif.people.models import Person

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (steps, document types, consent texts) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Wulan Sekar Arum"


def test_a_facilitator_registers_finds_and_reveals_a_person_that_another_village_cannot_open(
    live_server, regions, new_phone
):
    ensure_consent_texts()
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    make_user("pendamping_b", Role.FACILITATOR, VILLAGE_B)
    # A neighbour the name search must leave out.
    make_person(facilitator, VILLAGE_A, full_name="Bambang Sutrisno", sex="M")
    base = live_server.url
    nik = valid_nik(VILLAGE_A, datetime.date(1994, 4, 21), "F")

    page = new_phone().new_page()
    browser_errors: list[str] = []
    page.on("pageerror", lambda error: browser_errors.append(str(error)))

    def on_console(message):
        # CSP violations, failed scripts and the like: the flow must run without any.
        if message.type == "error":
            browser_errors.append(message.text)

    page.on("console", on_console)

    # Sign in through the form, open the list, follow "register".
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.goto(f"{base}/people/")
    expect(page.locator("#results")).to_contain_text("Bambang Sutrisno")
    page.click("main a[href='/people/new/']")
    page.wait_for_url(f"{base}/people/new/")
    assert scroll_width(page) <= PHONE["width"]

    page.fill("#id_nik", nik)
    page.fill("#id_full_name", NAME)
    page.check("input[name=sex][value=F]")
    page.fill("#id_birth_date", "1994-04-21")
    page.fill("#id_birth_place", "Malang")
    page.select_option("#id_domicile_village", VILLAGE_A)
    page.fill("#id_phone", "0813 1234 5678")
    page.select_option("#id_migrant_status", "prospective")
    page.check("#id_consent")
    page.click("main form button.btn[type=submit]")

    # The detail page shows the NIK masked, never in full.
    page.wait_for_url(re.compile(r"/people/\d+/$"))
    person = Person.objects.get(nik=nik)
    assert page.url == f"{base}/people/{person.pk}/"
    assert person.full_name == NAME and person.domicile_village_id == VILLAGE_A
    assert person.consents.filter(withdrawn_at__isnull=True).exists()
    expect(page.locator("main h1")).to_contain_text(NAME)
    expect(page.locator("#nik")).to_contain_text(person.nik_masked)
    assert nik not in page.content()
    assert scroll_width(page) <= PHONE["width"]

    # "Show full NIK": htmx swaps the full number in place, and the reading is audited.
    with page.expect_response(lambda r: r.url.endswith(f"/people/{person.pk}/reveal-nik/")) as reveal:
        page.click("#nik button")
    assert reveal.value.status == 200 and reveal.value.request.headers.get("hx-request") == "true"
    # Our CSP forbids eval, so wait on locators rather than JavaScript predicates.
    expect(page.locator("#nik")).to_have_text(nik)
    assert page.url == f"{base}/people/{person.pk}/"
    assert AuditLog.objects.filter(
        event=AuditEvent.PERSON_NIK_REVEALED, subject_id=str(person.pk), actor=facilitator
    ).exists()

    # Back on the list, typing a name searches through htmx without a page load.
    page.goto(f"{base}/people/")
    with page.expect_response(lambda r: "q=sekar" in r.url) as search:
        page.fill("#id_q", "sekar")
    assert search.value.status == 200 and search.value.request.headers.get("hx-request") == "true"
    results = page.locator("#results")
    expect(results).not_to_contain_text("Bambang Sutrisno")
    # Only the results were swapped: one header, one heading, one result list.
    expect(page.locator("header.top")).to_have_count(1)
    expect(page.locator("main h1")).to_have_count(1)
    expect(results).to_have_count(1)
    expect(results.locator("li a.name")).to_have_text([NAME])
    expect(results).to_contain_text(person.nik_masked)
    page.wait_for_url(re.compile(r"/people/\?q=sekar(&|$)"))  # hx-push-url keeps the search linkable
    assert scroll_width(page) <= PHONE["width"]
    assert browser_errors == []

    # A facilitator of another village gets the 404 page, with nothing of the person on it.
    outsider = new_phone().new_page()
    sign_in(outsider, base, "pendamping_b", PASSWORD)
    response = outsider.goto(f"{base}/people/{person.pk}/")
    assert response is not None and response.status == 404
    expect(outsider.locator("main h1")).to_have_text("Tidak ditemukan")
    body = outsider.content()
    for secret in ("Wulan", "Sekar", nik, person.nik_masked):
        assert secret not in body
    # Nor does their search find the person.
    outsider.goto(f"{base}/people/?q=sekar")
    expect(outsider.locator("#results li a.name")).to_have_count(0)
    assert "Wulan" not in outsider.content()
