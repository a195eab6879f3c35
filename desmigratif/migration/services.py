"""Writes to migration cases. Each service is one transaction and appends to the case's history."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.agencies.selectors import may_recruit
from desmigratif.lib.countries import is_country
from desmigratif.migration.models import (
    CaseDocument,
    CaseEvent,
    CaseStatus,
    DocumentStatus,
    DocumentType,
    EmployerType,
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


@transaction.atomic
def document_update(
    *,
    document: CaseDocument,
    status: str,
    number: str,
    issued_on: datetime.date | None,
    expires_on: datetime.date | None,
    actor: Any,
) -> CaseDocument:
    locked = CaseDocument.objects.select_for_update().select_related("case", "document_type").get(pk=document.pk)
    if locked.case.status not in (CaseStatus.ACTIVE, CaseStatus.ABROAD):
        raise ValidationError(CASE_NOT_ACTIVE)
    if issued_on and expires_on and expires_on <= issued_on:
        raise ValidationError({"expires_on": [ValidationError(DOCUMENT_DATES)]})
    if status == DocumentStatus.VERIFIED and expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": [ValidationError(DOCUMENT_EXPIRED)]})
    if status not in DocumentStatus.values:
        raise ValidationError({"status": [ValidationError(_("Choose a status."))]})
    old = locked.status
    locked.status, locked.number = status, number.strip()[:60]
    locked.issued_on, locked.expires_on, locked.updated_at = issued_on, expires_on, timezone.now()
    locked.save(update_fields=["status", "number", "issued_on", "expires_on", "updated_at"])
    _event(locked.case, actor, CaseEvent.Kind.DOCUMENT_UPDATED, detail=f"{locked.document_type.code}: {old} → {status}")
    return locked
