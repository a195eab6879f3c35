"""Document scans: stored privately under unguessable names, checked by content, served only in scope."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import login
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import api_client_for, assert_access, assert_api_access
from desmigratif.migration.models import CaseDocument, DocumentStatus
from desmigratif.migration.services import case_open, check_upload, document_file_attach, document_update

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


def upload(content: bytes, name: str = "paspor.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def case_a(facilitator_a, person_a):
    return case_open(
        person=person_a,
        destination_country="TW",
        job_title="Caregiver",
        employer_type="individual",
        actor=facilitator_a,
    )


@pytest.fixture
def passport(case_a):
    return case_a.documents.get(document_type__code="paspor")


@pytest.fixture
def stored(passport, facilitator_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return document_file_attach(document=passport, file=upload(PDF), actor=facilitator_a)


# --- Rules of the upload ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type"), [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")]
)
def test_the_type_is_told_by_the_content_not_by_the_name(content, content_type):
    # The name says .txt and the browser says text/plain: the bytes decide.
    assert check_upload(upload(content, "foto.txt", "text/plain"))[0] == content_type


@pytest.mark.parametrize(
    ("content", "name", "browser_type"),
    [
        (HTML, "paspor.pdf", "application/pdf"),  # an HTML page dressed as a PDF
        (b"GIF89a" + b"\x00" * 20, "paspor.png", "image/png"),
        (b"PK\x03\x04" + b"\x00" * 20, "kontrak.pdf", "application/pdf"),  # a zip or .docx
    ],
)
def test_other_types_are_refused_whatever_their_name(content, name, browser_type):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(content, name, browser_type))
    assert "PDF, JPEG" in str(caught.value.message_dict["file"])


def test_a_file_over_the_limit_or_empty_is_refused(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    check_upload(upload(PDF + b"x" * (1024 - len(PDF))))
    with translation.override("id"):
        with pytest.raises(ValidationError, match="terlalu besar: paling besar 1,0"):
            check_upload(upload(PDF + b"x" * 1024))
        with pytest.raises(ValidationError, match="kosong"):
            check_upload(upload(b""))


def test_the_stored_name_is_unguessable_and_keeps_nothing_of_the_upload(stored):
    name = stored.file.name
    assert name.startswith("case-documents/") and name.endswith(".pdf")
    assert "paspor" not in name and len(name.rsplit("/", 1)[1]) >= 32
    assert default_storage.open(name).read() == PDF
    assert (stored.file_type, stored.file_size) == ("application/pdf", len(PDF))
    event = AuditLog.objects.get(event=AuditEvent.DOCUMENT_FILE_UPLOADED)
    assert event.subject_id == str(stored.pk) and event.region_code == stored.case.village_id


def test_a_new_upload_replaces_the_old_file_after_commit(stored, facilitator_a, django_capture_on_commit_callbacks):
    old = stored.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        replaced = document_file_attach(document=stored, file=upload(PNG, "foto.png"), actor=facilitator_a)
    # Until the transaction commits, the old file is still there.
    assert default_storage.exists(old) and len(callbacks) == 1
    callbacks[0]()
    assert not default_storage.exists(old)
    assert default_storage.exists(replaced.file.name) and replaced.file_type == "image/png"


def test_a_refused_upload_saves_nothing(passport, facilitator_a):
    before = set(default_storage.listdir("case-documents")[1]) if default_storage.exists("case-documents") else set()
    with pytest.raises(ValidationError):
        document_update(
            document=passport,
            status="verified",
            number="C1",
            issued_on=None,
            expires_on=None,
            actor=facilitator_a,
            file=upload(HTML),
        )
    passport.refresh_from_db()
    assert (passport.status, passport.number, passport.file.name) == (DocumentStatus.MISSING, "", "")
    after = set(default_storage.listdir("case-documents")[1]) if default_storage.exists("case-documents") else set()
    assert after == before
    assert not AuditLog.objects.filter(event=AuditEvent.DOCUMENT_FILE_UPLOADED).exists()


def test_a_closed_case_takes_no_file(passport, facilitator_a):
    from desmigratif.migration.services import case_close

    case_close(case=passport.case, status="cancelled", reason="Batal", actor=facilitator_a)
    with pytest.raises(ValidationError):
        document_file_attach(document=passport, file=upload(PDF), actor=facilitator_a)


# --- Pages ------------------------------------------------------------------------------------


def test_a_facilitator_uploads_on_the_document_page(client, case_a, passport, facilitator_a):
    login(client, facilitator_a)
    url = reverse("migration:document", args=[case_a.pk, passport.pk])
    body = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in body and 'name="file"' in body
    response = client.post(
        url,
        {"status": "submitted", "number": "C123", "issued_on": "", "expires_on": "", "file": upload(JPEG, "hp.jpg")},
    )
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.file_type == "image/jpeg" and passport.number == "C123"
    detail = client.get(reverse("migration:detail", args=[case_a.pk])).content.decode()
    assert reverse("migration:document_file", args=[case_a.pk, passport.pk]) in detail


@pytest.mark.parametrize(
    ("content", "message"),
    [(HTML, "Hanya berkas PDF, JPEG atau PNG"), (PDF + b"x" * 2048, "Berkas terlalu besar")],
)
def test_a_bad_upload_on_the_page_is_explained_in_indonesian_and_saves_nothing(
    client, settings, case_a, passport, facilitator_a, content, message
):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    response = login(client, facilitator_a).post(
        reverse("migration:document", args=[case_a.pk, passport.pk]),
        {"status": "verified", "number": "C9", "issued_on": "", "expires_on": "", "file": upload(content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    passport.refresh_from_db()
    assert (passport.status, passport.number, passport.file.name) == (DocumentStatus.MISSING, "", "")
    assert not AuditLog.objects.filter(event=AuditEvent.DOCUMENT_FILE_UPLOADED).exists()


def test_the_download_is_scoped_and_answers_with_safe_headers(
    client,
    stored,
    person_a,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    regency_officer,
    ministry_staff,
    partner,
    treasurer,
    regions,
):
    from conftest import make_user
    from desmigratif.accounts.roles import Role

    other_regency = make_user("officer_wonosobo", Role.REGENCY_OFFICER, "33.07")
    url = reverse("migration:document_file", args=[stored.case_id, stored.pk])
    assert_access(
        client,
        url,
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, facilitator_c, other_regency, partner, treasurer],
        secrets=[person_a.full_name, PDF.decode()],
    )
    # Only the three allowed downloads are in the log, each with its reader.
    readers = AuditLog.objects.filter(event=AuditEvent.DOCUMENT_FILE_DOWNLOADED).values_list(
        "actor__username", flat=True
    )
    assert sorted(readers) == sorted(["facilitator_a", "regency_officer", "ministry_staff"])
    response = login(client, facilitator_a).get(url)
    assert response.getvalue() == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="paspor-{stored.case_id}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_document_without_a_file_or_of_another_case_is_not_found(client, case_a, passport, stored, facilitator_a):
    login(client, facilitator_a)
    visa = case_a.documents.get(document_type__code="visa_kerja")
    assert client.get(reverse("migration:document_file", args=[case_a.pk, visa.pk])).status_code == 404
    assert client.get(reverse("migration:document_file", args=[case_a.pk + 1, stored.pk])).status_code == 404
    assert client.post(reverse("migration:document_file", args=[case_a.pk, stored.pk])).status_code == 405


def test_the_upload_page_refuses_readers_and_other_villages(
    client, case_a, passport, facilitator_b, facilitator_c, ministry_staff, partner, treasurer
):
    from conftest import make_user
    from desmigratif.accounts.roles import Role

    other_regency = make_user("officer_wonosobo", Role.REGENCY_OFFICER, "33.07")
    url = reverse("migration:document", args=[case_a.pk, passport.pk])
    data = {"status": "submitted", "number": "", "issued_on": "", "expires_on": ""}
    refused = [(facilitator_b, 404), (facilitator_c, 404), (other_regency, 404), (partner, 404), (treasurer, 404)]
    for user, status in [*refused, (ministry_staff, 403)]:
        response = login(client, user).post(url, {**data, "file": upload(PDF)})
        assert response.status_code == status
    passport.refresh_from_db()
    assert not passport.file


def test_files_are_never_under_a_public_url(stored, settings):
    # No MEDIA_URL, and no URL pattern that serves the storage: only the checked download view.
    assert settings.MEDIA_URL in ("", "/")
    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    with pytest.raises(Resolver404):
        resolve("/" + stored.file.name)


# --- API --------------------------------------------------------------------------------------

URL = "/api/v1/cases/"


def test_the_api_uploads_and_downloads_with_the_same_checks(
    case_a, passport, person_a, facilitator_a, facilitator_b, regency_officer, partner, ministry_staff
):
    url = f"{URL}{case_a.pk}/documents/{passport.pk}/file"
    client = api_client_for(facilitator_a)
    refused = client.post(url, {"file": upload(HTML)})
    assert refused.status_code == 422 and "PDF" in refused.json()["error"]["message"]
    passport.refresh_from_db()
    assert not passport.file
    assert api_client_for(facilitator_a, read_only=True).post(url, {"file": upload(PDF)}).status_code == 403
    assert api_client_for(facilitator_b).post(url, {"file": upload(PDF)}).status_code == 404
    assert api_client_for(ministry_staff).post(url, {"file": upload(PDF)}).status_code == 403
    response = client.post(url, {"file": upload(PNG, "x.pdf", "application/pdf")})
    assert response.status_code == 200, response.content
    assert response.json()["has_file"] is True and response.json()["file_type"] == "image/png"
    assert AuditLog.objects.get(event=AuditEvent.DOCUMENT_FILE_UPLOADED).via == "api"

    assert_api_access(
        url,
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        secrets=[person_a.full_name],
    )
    download = client.get(url)
    assert download.getvalue() == PNG
    assert download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    reads = AuditLog.objects.filter(event=AuditEvent.DOCUMENT_FILE_DOWNLOADED, via="api")
    assert reads.count() == 3
    detail = client.get(f"{URL}{case_a.pk}").json()
    assert [d["has_file"] for d in detail["documents"] if d["id"] == passport.pk] == [True]


def test_the_api_upload_needs_a_file(case_a, passport, facilitator_a):
    response = api_client_for(facilitator_a).post(f"{URL}{case_a.pk}/documents/{passport.pk}/file", {})
    assert response.status_code in (400, 422)
    assert not CaseDocument.objects.get(pk=passport.pk).file
