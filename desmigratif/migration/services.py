"""Writes to migration cases. Each service is one transaction and appends to the case's history."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.agencies.selectors import may_recruit
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record
from desmigratif.lib.countries import is_country
from desmigratif.migration.models import (
    CaseDocument,
    CaseEvent,
    CaseStatus,
    DocumentStatus,
    DocumentType,
    EmployerType,
    ExpiryReminder,
    MigrationCase,
    Step,
)
from desmigratif.people.models import Person
from desmigratif.people.services import age_on
from desmigratif.placement.models import Job
from desmigratif.vacancies.models import Vacancy
from desmigratif.vacancies.selectors import public_q

CASE_OPEN_EXISTS = _("This person already has a migration case in progress or is working abroad.")
CASE_OUT_OF_SCOPE = _("This person lives outside your area.")
COUNTRY_UNKNOWN = _("Choose a destination country.")
COUNTRY_HOME = _("The destination must be another country than Indonesia.")
JOB_REQUIRED = _("Enter the job.")
STEP_DOCUMENTS_MISSING = _("This step cannot be completed yet: %(documents)s must be verified first.")
STEP_TOO_YOUNG = _("The worker must be at least %(age)s years old to complete this step (UU 18/2017 Pasal 5).")
CASE_NOT_ACTIVE = _("This case is closed; it cannot change any more.")
CASE_LAST_STEP = _("This case has no further step.")
CLOSE_STATUS_INVALID = _("Choose whether the case was cancelled or the worker failed to depart.")
CLOSE_REASON_REQUIRED = _("Give the reason.")
DOCUMENT_DATES = _("The expiry date must be after the issue date.")
DOCUMENT_EXPIRED = _("This document has already expired.")
FILE_TOO_BIG = _("The file is too big: at most %(limit)s.")
FILE_EMPTY = _("The file is empty.")
FILE_TYPE = _("Only PDF, JPEG or PNG files can be uploaded (a scan or a photo of the document).")
REMINDER_DONE = _("This reminder is already done.")

# The file types a document scan may have, recognised by their first bytes (never by the name or
# the browser's word): content type and the extension of the stored name.
FILE_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
# Days before expiry at which reminders are created, tightest last.
REMINDER_THRESHOLDS = (90, 60, 30)
AGENCY_SUSPENDED = _("%(agency)s is suspended and may not recruit. Choose an agency that may recruit today.")
AGENCY_REVOKED = _("The licence of %(agency)s is revoked: it may not recruit. Choose an agency that may recruit today.")
AGENCY_LICENCE_NOT_IN_FORCE = _("%(agency)s may not recruit: its licence is not in force today.")
VACANCY_CLOSED = _("This vacancy is not open: it must be verified, not past its closing date, of an active agency.")

_STATUS_OF_STEP = {"active": CaseStatus.ACTIVE, "abroad": CaseStatus.ABROAD, "returned": CaseStatus.RETURNED}


def _due(step: Step, start: datetime.datetime) -> datetime.datetime | None:
    return start + datetime.timedelta(days=step.target_days) if step.target_days else None


def _event(case: MigrationCase, actor: Any, kind: str, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=actor, kind=kind, **fields)


@transaction.atomic
def case_open(
    *,
    person: Person,
    destination_country: str,
    job_title: str,
    employer_type: str,
    agency_name: str = "",
    agency: Agency | None = None,
    vacancy: Vacancy | None = None,
    job: Job | None = None,
    actor: Any,
    is_demo: bool = False,
) -> MigrationCase:
    """Open a case at the first step, with a checklist of every document the steps need.

    A vacancy fills the country, job, employer type and agency from the job order. An agency must
    be allowed to recruit today (not suspended or revoked, licence in force).
    """
    errors: dict[str, list[Any]] = {}
    today = timezone.localdate()
    if vacancy is not None:
        if not Vacancy.objects.filter(public_q(today), pk=vacancy.pk).exists():
            errors["vacancy"] = [ValidationError(VACANCY_CLOSED)]
        destination_country, employer_type = vacancy.country, vacancy.employer_type
        agency, job = vacancy.agency, vacancy.job
    if job is not None and not job_title.strip():
        job_title = job.name_id
    if agency is not None:
        agency_name = agency.name
        if agency.status != AgencyStatus.ACTIVE:
            message = AGENCY_REVOKED if agency.status == AgencyStatus.REVOKED else AGENCY_SUSPENDED
            errors["agency"] = [ValidationError(message, params={"agency": agency.name})]
        elif not may_recruit(agency, today):
            errors["agency"] = [ValidationError(AGENCY_LICENCE_NOT_IN_FORCE, params={"agency": agency.name})]
    if not scope_for(actor, Perm.MIGRATION_CHANGE).contains(person.domicile_village_id):
        errors["person"] = [ValidationError(CASE_OUT_OF_SCOPE)]
    country = destination_country.upper().strip()
    if country == "ID":
        errors["destination_country"] = [ValidationError(COUNTRY_HOME)]
    elif not is_country(country):
        errors["destination_country"] = [ValidationError(COUNTRY_UNKNOWN)]
    if not job_title.strip():
        errors["job_title"] = [ValidationError(JOB_REQUIRED)]
    if employer_type not in EmployerType.values:
        errors["employer_type"] = [ValidationError(_("Choose the employer type."))]
    if MigrationCase.objects.filter(person=person, status__in=[CaseStatus.ACTIVE, CaseStatus.ABROAD]).exists():
        errors["person"] = [ValidationError(CASE_OPEN_EXISTS)]
    if errors:
        raise ValidationError(errors)
    first = Step.objects.order_by("order").first()
    assert first is not None, "steps are published by migration migration_cases.0002"
    now = timezone.now()
    try:
        with transaction.atomic():
            case = MigrationCase.objects.create(
                person=person,
                village_id=person.domicile_village_id,
                destination_country=country,
                job_title=" ".join(job_title.split()),
                employer_type=employer_type,
                agency_name=agency_name.strip(),
                agency=agency,
                vacancy=vacancy,
                job=job,
                step=first,
                step_started_at=now,
                step_due_at=_due(first, now),
                opened_at=now,
                opened_by=actor,
                is_demo=is_demo,
            )
    except IntegrityError as exc:
        # A second case opened for the same person at the same moment: the constraint decides.
        raise ValidationError({"person": [ValidationError(CASE_OPEN_EXISTS)]}) from exc
    CaseDocument.objects.bulk_create(
        [CaseDocument(case=case, document_type=doc_type) for doc_type in DocumentType.objects.all()]
    )
    _event(case, actor, CaseEvent.Kind.OPENED, to_step=first)
    return case


def missing_documents(case: MigrationCase, step: Step, today: datetime.date) -> list[CaseDocument]:
    """Documents the step needs that are not verified, or verified but already expired."""
    return [
        doc
        for doc in case.documents.select_related("document_type").filter(document_type__required_for=step)
        if doc.status != DocumentStatus.VERIFIED or (doc.expires_on is not None and doc.expires_on <= today)
    ]


@transaction.atomic
def case_advance(*, case: MigrationCase, actor: Any, language: str = "id") -> MigrationCase:
    """Complete the current step and move to the next one, if its documents and rules allow."""
    locked = MigrationCase.objects.select_for_update().select_related("step", "person").get(pk=case.pk)
    if locked.status not in (CaseStatus.ACTIVE, CaseStatus.ABROAD):
        raise ValidationError(CASE_NOT_ACTIVE)
    next_step = Step.objects.filter(order__gt=locked.step.order).order_by("order").first()
    if next_step is None:
        raise ValidationError(CASE_LAST_STEP)
    today = timezone.localdate()
    missing = missing_documents(locked, locked.step, today)
    if missing:
        names = ", ".join(d.document_type.name_en if language == "en" else d.document_type.name_id for d in missing)
        raise ValidationError(STEP_DOCUMENTS_MISSING, params={"documents": names})
    minimum = locked.step.min_age_to_complete
    if minimum is not None and age_on(locked.person.birth_date, today) < minimum:
        raise ValidationError(STEP_TOO_YOUNG, params={"age": str(minimum)})
    previous = locked.step
    now = timezone.now()
    locked.step = next_step
    locked.step_started_at = now
    locked.step_due_at = _due(next_step, now)
    locked.status = _STATUS_OF_STEP.get(next_step.case_status, CaseStatus.ACTIVE)
    locked.save(update_fields=["step", "step_started_at", "step_due_at", "status"])
    _event(locked, actor, CaseEvent.Kind.STEP_CHANGED, from_step=previous, to_step=next_step)
    return locked


@transaction.atomic
def case_close(*, case: MigrationCase, status: str, reason: str, actor: Any) -> MigrationCase:
    """End a case that will not go on: cancelled, or the worker failed to depart."""
    locked = MigrationCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.ACTIVE:
        raise ValidationError(CASE_NOT_ACTIVE)
    if status not in (CaseStatus.CANCELLED, CaseStatus.FAILED):
        raise ValidationError({"status": [ValidationError(CLOSE_STATUS_INVALID)]})
    if not reason.strip():
        raise ValidationError({"reason": [ValidationError(CLOSE_REASON_REQUIRED)]})
    locked.status = status
    locked.close_reason = reason.strip()[:300]
    locked.step_due_at = None
    locked.save(update_fields=["status", "close_reason", "step_due_at"])
    _event(locked, actor, CaseEvent.Kind.CLOSED, detail=f"{status}: {locked.close_reason}"[:300])
    return locked


def sniff_file_type(upload: UploadedFile) -> tuple[str, str] | None:
    """The content type and extension of a PDF, JPEG or PNG upload, from its first bytes; None otherwise."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extension in FILE_SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Size and type checks of a document scan; raises a ValidationError on the ``file`` field."""
    limit = settings.DOCUMENT_UPLOAD_MAX_BYTES
    if not upload.size:
        raise ValidationError({"file": [ValidationError(FILE_EMPTY)]})
    if upload.size > limit:
        raise ValidationError({"file": [ValidationError(FILE_TOO_BIG, params={"limit": filesizeformat(limit)})]})
    sniffed = sniff_file_type(upload)
    if sniffed is None:
        raise ValidationError({"file": [ValidationError(FILE_TYPE)]})
    return sniffed


def _attach(locked: CaseDocument, upload: UploadedFile, actor: Any, via: str) -> list[str]:
    """Store the upload on a locked document; returns the changed fields. The old file goes after commit."""
    content_type, extension = check_upload(upload)
    old_name = locked.file.name if locked.file else ""
    storage = locked.file.storage
    audit_record(
        actor=actor,
        event=AuditEvent.DOCUMENT_FILE_UPLOADED,
        subject=locked,
        region_code=locked.case.village_id,
        label=locked.document_type.code,
        changes={"file_type": [locked.file_type, content_type], "file_size": [locked.file_size, upload.size]},
        via=via,
    )
    locked.file.save(f"scan{extension}", upload, save=False)
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    locked.file_type, locked.file_size, locked.file_uploaded_at = content_type, upload.size, timezone.now()
    return ["file", "file_type", "file_size", "file_uploaded_at"]


@contextmanager
def _new_file_removed_on_error(locked: CaseDocument, attached: bool) -> Iterator[None]:
    """If the writes after storing a new file fail, the file must not stay behind."""
    try:
        yield
    except BaseException:
        if attached and locked.file:
            locked.file.storage.delete(locked.file.name)
        raise


@transaction.atomic
def document_update(
    *,
    document: CaseDocument,
    status: str,
    number: str,
    issued_on: datetime.date | None,
    expires_on: datetime.date | None,
    actor: Any,
    file: UploadedFile | None = None,
    via: str = "web",
) -> CaseDocument:
    locked = CaseDocument.objects.select_for_update().select_related("case", "document_type").get(pk=document.pk)
    if locked.case.status not in (CaseStatus.ACTIVE, CaseStatus.ABROAD):
        raise ValidationError(CASE_NOT_ACTIVE)
    if file is not None:
        check_upload(file)
    if issued_on and expires_on and expires_on <= issued_on:
        raise ValidationError({"expires_on": [ValidationError(DOCUMENT_DATES)]})
    if status == DocumentStatus.VERIFIED and expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": [ValidationError(DOCUMENT_EXPIRED)]})
    if status not in DocumentStatus.values:
        raise ValidationError({"status": [ValidationError(_("Choose a status."))]})
    old = locked.status
    locked.status, locked.number = status, number.strip()[:60]
    locked.issued_on, locked.expires_on, locked.updated_at = issued_on, expires_on, timezone.now()
    fields = ["status", "number", "issued_on", "expires_on", "updated_at"]
    if file is not None:
        fields += _attach(locked, file, actor, via)
    with _new_file_removed_on_error(locked, file is not None):
        locked.save(update_fields=fields)
        detail = f"{locked.document_type.code}: {old} → {status}"
        _event(locked.case, actor, CaseEvent.Kind.DOCUMENT_UPDATED, detail=detail)
    return locked


@transaction.atomic
def document_file_attach(*, document: CaseDocument, file: UploadedFile, actor: Any, via: str = "web") -> CaseDocument:
    """Store a scan or photo of a document, replacing the previous one (deleted once this commits)."""
    locked = CaseDocument.objects.select_for_update().select_related("case", "document_type").get(pk=document.pk)
    if locked.case.status not in (CaseStatus.ACTIVE, CaseStatus.ABROAD):
        raise ValidationError(CASE_NOT_ACTIVE)
    fields = _attach(locked, file, actor, via)
    locked.updated_at = timezone.now()
    with _new_file_removed_on_error(locked, True):
        locked.save(update_fields=[*fields, "updated_at"])
        _event(locked.case, actor, CaseEvent.Kind.DOCUMENT_UPDATED, detail=f"{locked.document_type.code}: file")
    return locked


@transaction.atomic
def document_file_read(*, document: CaseDocument, actor: Any, via: str = "web") -> CaseDocument:
    """Record that ``actor`` downloads the document's file; the caller has checked the scope."""
    audit_record(
        actor=actor,
        event=AuditEvent.DOCUMENT_FILE_DOWNLOADED,
        subject=document,
        region_code=document.case.village_id,
        label=document.document_type.code,
        via=via,
    )
    return document


def expiry_reminders_create(today: datetime.date | None = None) -> int:
    """Create the due reminders of documents that expire within 90 days; returns how many are new.

    A document gets the reminder of the tightest threshold it has reached (90, 60 or 30 days before
    expiry), once per document, expiry date and threshold: running again the same day, or after
    a missed day, creates nothing twice. Only reminded types (passport, work visa, work agreement,
    BPJS card) of cases in progress or abroad count; expired, missing and rejected documents do not.
    """
    today = today or timezone.localdate()
    widest = max(REMINDER_THRESHOLDS)
    documents = (
        CaseDocument.objects.filter(
            document_type__remind_before_expiry=True,
            case__status__in=[CaseStatus.ACTIVE, CaseStatus.ABROAD],
            expires_on__gt=today,
            expires_on__lte=today + datetime.timedelta(days=widest),
        )
        .exclude(status__in=[DocumentStatus.MISSING, DocumentStatus.REJECTED, DocumentStatus.EXPIRED])
        .select_related("case")
        .only("id", "expires_on", "case__village_id")
    )
    rows = []
    for document in documents:
        assert document.expires_on is not None
        left = (document.expires_on - today).days
        threshold = min(t for t in REMINDER_THRESHOLDS if left <= t)
        rows.append(
            ExpiryReminder(
                document=document,
                village_id=document.case.village_id,
                expires_on=document.expires_on,
                threshold_days=threshold,
            )
        )
    before = ExpiryReminder.objects.count()
    ExpiryReminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return ExpiryReminder.objects.count() - before


@transaction.atomic
def reminder_mark_done(*, reminder: ExpiryReminder, actor: Any) -> ExpiryReminder:
    locked = ExpiryReminder.objects.select_for_update().get(pk=reminder.pk)
    if locked.done_at is not None:
        raise ValidationError(REMINDER_DONE)
    locked.done_at, locked.done_by = timezone.now(), actor
    locked.save(update_fields=["done_at", "done_by"])
    return locked
