import pytest

from conftest import PASSWORD, VILLAGE_A, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.tests.browser import scroll_width, sign_in
from desmigratif.migration.services import case_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_facilitator_uploads_a_passport_scan_and_downloads_it(live_server, regions, phone, tmp_path):
    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    person = make_person(facilitator, VILLAGE_A, full_name="Ratna Sari")
    case = case_open(
        person=person, destination_country="HK", job_title="Caregiver", employer_type="individual", actor=facilitator
    )
    passport = case.documents.get(document_type__code="paspor")
    base = live_server.url

    page = phone.new_page()
    sign_in(page, base, "pendamping_a", PASSWORD)
    page.goto(f"{base}/cases/{case.pk}/documents/{passport.pk}/")

    # A page that only pretends to be a PDF is refused, in Indonesian, and nothing is stored.
    page.select_option("#id_status", "submitted")
    page.set_input_files("#id_file", files=[{"name": "paspor.pdf", "mimeType": "application/pdf", "buffer": b"<html>"}])
    page.click("main form button[type=submit]")
    assert "Hanya berkas PDF, JPEG atau PNG" in page.locator("main").inner_text()
    passport.refresh_from_db()
    assert not passport.file

    page.select_option("#id_status", "submitted")
    page.fill("#id_number", "C1234567")
    page.set_input_files("#id_file", files=[{"name": "paspor.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    assert scroll_width(page) <= 360

    with page.expect_download() as caught:
        page.click(f"a[href='/cases/{case.pk}/documents/{passport.pk}/file/']")
    download = caught.value
    assert download.suggested_filename == f"paspor-{case.pk}.pdf"
    target = tmp_path / "downloaded.pdf"
    download.save_as(target)
    assert target.read_bytes() == PDF
    assert AuditLog.objects.filter(event=AuditEvent.DOCUMENT_FILE_DOWNLOADED, actor=facilitator).count() == 1
