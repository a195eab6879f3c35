import datetime

import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.tests.browser import sign_in
from desmigratif.migration.models import CaseStatus, MigrationCase, Step

# serialized_rollback: the flush after a live-server test would otherwise remove the rows that
# data migrations publish (steps, document types, consent texts) for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_facilitator_walks_a_case_from_registration_to_departure(live_server, regions, phone):
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    person = make_person(facilitator, VILLAGE_A, full_name="Ratna Sari", migrant_status="prospective")
    base = live_server.url
    expiry = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()

    page = phone.new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.goto(f"{base}/people/{person.pk}/")
    page.click(f"a[href='/cases/new/{person.pk}/']")
    page.select_option("#id_destination_country", "TW")
    page.fill("#id_job_title", "Caregiver")
    page.check("input[name=employer_type][value=individual]")
    page.fill("#id_agency_name", "PT Contoh Penempatan")
    page.click("main form button[type=submit]")
    case = MigrationCase.objects.get(person=person)
    page.wait_for_url(f"{base}/cases/{case.pk}/")

    # Completing a step without its documents is refused, naming what is missing.
    page.click("#advance")
    assert "Kartu keluarga (KK)" in page.locator(".messages").inner_text()

    for step in Step.objects.filter(order__lt=80).order_by("order"):
        for document in case.documents.filter(document_type__required_for=step).select_related("document_type"):
            page.goto(f"{base}/cases/{case.pk}/documents/{document.pk}/")
            page.select_option("#id_status", "verified")
            page.fill("#id_number", f"NO-{document.pk}")
            if document.document_type.expires:
                page.fill("#id_expires_on", expiry)
            page.click("main form button[type=submit]")
            page.wait_for_url(f"{base}/cases/{case.pk}/")
        page.click("#advance")
        page.wait_for_url(f"{base}/cases/{case.pk}/")
        assert page.locator(".messages .error").count() == 0, page.locator(".messages").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    case.refresh_from_db()
    assert case.step.code == "abroad" and case.status == CaseStatus.ABROAD
    assert "Bekerja di luar negeri" in page.locator("main").inner_text()
