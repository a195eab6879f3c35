"""Migration-case endpoints of the JSON API: thin wrappers around migration selectors and services."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.agencies.selectors import get_agency
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.lib.languages import current_language
from desmigratif.migration import selectors, services
from desmigratif.migration.models import CaseDocument, CaseStatus, DocumentStatus, EmployerType, MigrationCase
from desmigratif.migration.selectors import CaseFilter
from desmigratif.migration.views import file_response
from desmigratif.people.selectors import get_person_for_user
from desmigratif.placement.selectors import get_job
from desmigratif.vacancies.selectors import get_vacancy_for_user

router = Router(tags=["migration cases"])


class StepOut(Schema):
    code: str
    name: str


class CaseOut(Schema):
    id: int
    person_id: int
    person_name: str
    village: str
    destination_country: str
    job_title: str
    employer_type: EmployerType
    agency_name: str
    agency_id: int | None
    vacancy_id: int | None
    job_code: str | None
    status: CaseStatus
    step: StepOut
    step_due_at: datetime.datetime | None
    opened_at: datetime.datetime


class DocumentOut(Schema):
    id: int
    type: str
    name: str
    required_for_step: str | None
    status: DocumentStatus
    number: str
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    has_file: bool
    file_type: str
    file_size: int | None


class CaseDetailOut(CaseOut):
    documents: list[DocumentOut]


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class CasesQuery(PageQuery):
    status: CaseStatus | None = None
    step: str = Field("", max_length=40)
    overdue: bool = False


class CaseIn(InputSchema):
    person_id: int
    vacancy_id: int | None = Field(None, description="A verified open vacancy: fills country, job, employer, agency")
    destination_country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2, e.g. MY")
    job: str = Field("", max_length=60, description="Job code from the catalogue")
    job_title: str = Field("", max_length=150, description="The job as written, for jobs outside the catalogue")
    employer_type: EmployerType | None = None
    agency_id: int | None = Field(None, description="An agency of the registry")
    agency_name: str = Field("", max_length=200, description="An agency not in the registry")


class CloseIn(InputSchema):
    status: CaseStatus
    reason: str = Field(..., max_length=300)


class DocumentIn(InputSchema):
    status: DocumentStatus
    number: str = Field("", max_length=60)
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _case(case: MigrationCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "person_id": case.person_id,
        "person_name": case.person.full_name,
        "village": case.village_id,
        "destination_country": case.destination_country,
        "job_title": case.job_title,
        "employer_type": case.employer_type,
        "agency_name": case.agency_name,
        "agency_id": case.agency_id,
        "vacancy_id": case.vacancy_id,
        "job_code": case.job.code if case.job_id and case.job else None,
        "status": case.status,
        "step": {"code": case.step.code, "name": case.step.name},
        "step_due_at": case.step_due_at,
        "opened_at": case.opened_at,
    }


def _document(doc: CaseDocument) -> dict[str, Any]:
    doc_type = doc.document_type
    return {
        "id": doc.pk,
        "type": doc_type.code,
        "name": doc_type.name,
        "required_for_step": doc_type.required_for.code if doc_type.required_for else None,
        "status": doc.status,
        "number": doc.number,
        "issued_on": doc.issued_on,
        "expires_on": doc.expires_on,
        "has_file": bool(doc.file),
        "file_type": doc.file_type,
        "file_size": doc.file_size,
    }


def _detail(user: Any, case_id: int) -> dict[str, Any]:
    case = selectors.get_case_for_user(user, case_id)
    return {**_case(case), "documents": [_document(d) for d in selectors.case_documents(case)]}


@router.get("/", response=CasePage, summary="List migration cases in your area")
def list_cases(request: HttpRequest, query: Query[CasesQuery]) -> dict[str, Any]:
    user = _user(request)
    if not has_perm(user, Perm.MIGRATION_VIEW):
        raise PermissionDenied
    filters = CaseFilter(status=query.status or "", step=query.step, overdue=query.overdue)
    qs = selectors.cases_for_user(user, filters).select_related("job")  # the API gives the job's code; the page not
    return paged(qs, query, _case, count=selectors.count_cases(user, filters))


@router.get("/{int:case_id}", response=CaseDetailOut, summary="One case with its documents")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _detail(_user(request), case_id)


@router.post("/", response={201: CaseDetailOut}, summary="Open a case for a person")
def open_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    person = get_person_for_user(user, payload.person_id)
    data = payload.dict()
    data.pop("person_id")
    vacancy_id, agency_id, job_code = data.pop("vacancy_id"), data.pop("agency_id"), data.pop("job")
    data["employer_type"] = data["employer_type"] or ""
    case = services.case_open(
        person=person,
        actor=user,
        vacancy=get_vacancy_for_user(user, vacancy_id) if vacancy_id is not None else None,
        agency=get_agency(agency_id) if agency_id is not None else None,
        job=get_job(job_code) if job_code else None,
        **data,
    )
    return Status(201, _detail(user, case.pk))


@router.post("/{int:case_id}/advance", response=CaseDetailOut, summary="Complete the current step")
def advance_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    case = selectors.get_case_for_user(user, case_id, for_write=True)
    services.case_advance(case=case, actor=user, language=current_language())
    return _detail(user, case_id)


@router.post("/{int:case_id}/close", response=CaseDetailOut, summary="Cancel a case or record a failed departure")
def close_case(request: HttpRequest, case_id: int, payload: CloseIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    case = selectors.get_case_for_user(user, case_id, for_write=True)
    services.case_close(case=case, status=payload.status, reason=payload.reason, actor=user)
    return _detail(user, case_id)


@router.put("/{int:case_id}/documents/{int:document_id}", response=DocumentOut, summary="Update a document")
def update_document(request: HttpRequest, case_id: int, document_id: int, payload: DocumentIn) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    case = selectors.get_case_for_user(user, case_id, for_write=True)
    document = selectors.get_document_of_case(case, document_id)
    return _document(services.document_update(document=document, actor=user, **payload.dict()))


@router.post(
    "/{int:case_id}/documents/{int:document_id}/file",
    response=DocumentOut,
    summary="Upload a scan or photo of a document (multipart field 'file': PDF, JPEG or PNG)",
)
def upload_document_file(
    request: HttpRequest, case_id: int, document_id: int, file: File[UploadedFile]
) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    case = selectors.get_case_for_user(user, case_id, for_write=True)
    document = selectors.get_document_of_case(case, document_id)
    return _document(services.document_file_attach(document=document, file=file, actor=user, via="api"))


@router.get(
    "/{int:case_id}/documents/{int:document_id}/file",
    summary="Download a document's scan (an attachment; each download is audited)",
    response={200: None},
)
def download_document_file(request: HttpRequest, case_id: int, document_id: int) -> FileResponse:
    user = _user(request)
    document = selectors.get_document_file_for_user(user, case_id, document_id)
    services.document_file_read(document=document, actor=user, via="api")
    return file_response(document)
