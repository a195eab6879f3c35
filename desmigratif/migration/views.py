"""Migration case pages. Each view reads: access → form → service → redirect or render."""

from __future__ import annotations

import datetime
from typing import Any, TypedDict, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.core.forms import add_service_errors
from desmigratif.core.models import choice_labels
from desmigratif.core.pages import page_of
from desmigratif.core.paths import object_path
from desmigratif.lib.countries import country_name
from desmigratif.lib.languages import current_language
from desmigratif.migration import selectors, services
from desmigratif.migration.forms import CaseCloseForm, CaseFilterForm, CaseOpenForm, DocumentForm
from desmigratif.migration.models import CaseDocument, CaseStatus, MigrationCase
from desmigratif.migration.selectors import CaseFilter
from desmigratif.people.selectors import get_person_for_user
from desmigratif.screening.selectors import case_screenings


class CaseRow(TypedDict):
    """A row of the case list, as migration/case_list.html shows it."""

    url: str
    is_demo: bool
    overdue: bool
    person: str
    step: str
    status: str
    job_title: str
    destination_country: str
    village: str
    opened_at: datetime.datetime


def _case_rows(cases: QuerySet[MigrationCase], *, now: datetime.datetime) -> list[CaseRow]:
    """The page's rows as plain values: only the columns shown are read (with those of the person,
    step and village joined to them), no model instance is made, and the template reads dictionaries."""
    statuses = choice_labels(MigrationCase._meta.get_field("status"))
    step_name = "step__name_en" if current_language() == "en" else "step__name_id"
    return [
        {
            "url": object_path("migration:detail", pk),
            "is_demo": is_demo,
            "overdue": status == CaseStatus.ACTIVE and due is not None and due < now,
            "person": person,
            "step": step,
            "status": statuses.get(status, status),
            "job_title": job_title,
            "destination_country": country,
            "village": village,
            "opened_at": opened_at,
        }
        for pk, is_demo, status, due, job_title, country, opened_at, person, step, village in cases.values_list(
            "id",
            "is_demo",
            "status",
            "step_due_at",
            "job_title",
            "destination_country",
            "opened_at",
            "person__full_name",
            step_name,
            "village__name",
        )
    ]


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.MIGRATION_VIEW):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None, steps=selectors.steps())
    filters = CaseFilter()
    if form.is_valid():
        filters = CaseFilter(
            status=form.cleaned_data["status"], step=form.cleaned_data["step"], overdue=form.cleaned_data["overdue"]
        )
    count = selectors.count_cases(request.user, filters)
    page = page_of(request, selectors.cases_for_user(request.user, filters), count=count)
    rows = _case_rows(cast("QuerySet[MigrationCase]", page.object_list), now=timezone.now())
    return render(request, "migration/case_list.html", {"form": form, "page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, person_id: int) -> HttpResponseBase:
    person = get_person_for_user(request.user, person_id)
    if not scope_for(request.user, Perm.MIGRATION_CHANGE).contains(person.domicile_village_id):
        raise PermissionDenied
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(person=person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The case is opened."))
            return redirect("migration:detail", case_id=case.pk)
    return render(
        request,
        "migration/case_open.html",
        {"form": form, "person": person},
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, case: MigrationCase, **extra: Any) -> dict[str, Any]:
    documents = selectors.case_documents(case)
    return {
        "case": case,
        "country": country_name(case.destination_country),
        "steps": selectors.steps(),
        "documents": documents,
        "events": [(e, selectors.event_detail(e, documents)) for e in selectors.case_events(case)],
        "screenings": case_screenings(case),
        "can_change": selectors.can_change_case(request.user, case),
        "close_form": CaseCloseForm(),
        "language": current_language(),
        "now": timezone.now(),
        **extra,
    }


@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.get_case_for_page(request.user, case_id)
    return render(request, "migration/case_detail.html", _detail_context(request, case))


@require_POST
def case_advance(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = selectors.get_case_for_user(request.user, case_id, for_write=True)
    try:
        services.case_advance(case=case, actor=request.user, language=current_language())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The step is completed."))
    return redirect("migration:detail", case_id=case.pk)


@require_POST
def case_close(request: HttpRequest, case_id: int) -> HttpResponseBase:
    case = selectors.get_case_for_user(request.user, case_id, for_write=True)
    form = CaseCloseForm(request.POST)
    if form.is_valid():
        try:
            services.case_close(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The case is closed."))
            return redirect("migration:detail", case_id=case.pk)
    return render(request, "migration/case_detail.html", _detail_context(request, case, close_form=form), status=400)


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, case_id: int, document_id: int) -> HttpResponseBase:
    case = selectors.get_case_for_user(request.user, case_id, for_write=True)
    document = selectors.get_document_of_case(case, document_id)
    initial = {
        "status": document.status,
        "number": document.number,
        "issued_on": document.issued_on,
        "expires_on": document.expires_on,
    }
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(document=document, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document is updated."))
            return redirect("migration:detail", case_id=case.pk)
    return render(
        request,
        "migration/document_form.html",
        {"form": form, "case": case, "document": document, "language": current_language()},
        status=400 if request.method == "POST" else 200,
    )


def file_response(document: CaseDocument) -> FileResponse:
    """The stored file as an attachment of its sniffed type, never rendered inline nor cached."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(document.file_type, "bin")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.document_type.code}-{document.case_id}.{extension}",
        content_type=document.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def document_file(request: HttpRequest, case_id: int, document_id: int) -> HttpResponseBase:
    """Download a document's scan: only within the user's scope, and every download is audited."""
    document = selectors.get_document_file_for_user(request.user, case_id, document_id)
    services.document_file_read(document=document, actor=request.user)
    return file_response(document)


@require_POST
def reminder_done(request: HttpRequest, reminder_id: int) -> HttpResponseBase:
    reminder = selectors.get_reminder_for_user(request.user, reminder_id)
    try:
        services.reminder_mark_done(reminder=reminder, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The reminder is marked as done."))
    return redirect("migration:expiring")


@require_GET
def expiring_documents(request: HttpRequest) -> HttpResponse:
    """Passports, visas, contracts and BPJS cards of open cases that expire soon."""
    if not has_perm(request.user, Perm.MIGRATION_VIEW):
        raise PermissionDenied
    try:
        within = int(request.GET.get("within", "30"))
    except ValueError:
        within = 30
    if within not in selectors.EXPIRY_WINDOWS:
        within = 30
    page = page_of(request, selectors.expiring_documents_for_user(request.user, within_days=within), per_page=50)
    return render(
        request,
        "migration/expiring.html",
        {
            "page": page,
            "within": within,
            "windows": selectors.EXPIRY_WINDOWS,
            "language": current_language(),
            "reminders": list(selectors.open_reminders_for_user(request.user)[:100]),
        },
    )
