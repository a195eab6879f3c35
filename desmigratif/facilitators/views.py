"""Facilitator pages: access → form → service → redirect or render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.core.exports import requested_format
from desmigratif.core.forms import add_service_errors
from desmigratif.core.pages import page_of
from desmigratif.facilitators import exports, report, selectors, services
from desmigratif.facilitators.forms import (
    AccountForm,
    AppointForm,
    DecisionForm,
    DeliberationForm,
    EndForm,
    FacilitatorFilterForm,
    NarrativeForm,
    PersonSearchForm,
    ReportFilterForm,
    ReportStartForm,
    VisitFilterForm,
    VisitForm,
)
from desmigratif.facilitators.models import OPEN_STATUSES, Appointment, MonthlyReport, ReportStatus, VillageDeliberation
from desmigratif.lib.months import previous_month


def _require(request: HttpRequest, perm: str) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


def _village_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(v.code, v.name) for v in selectors.villages_for_filter(request.user)]


def _selected(request: HttpRequest, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isascii() and v.isdigit() and len(v) < 19][:50]


def _q(request: HttpRequest) -> tuple[PersonSearchForm, str]:
    search = PersonSearchForm(request.GET or None)
    return search, search.cleaned_data["q"] if search.is_valid() else ""


# --- Facilitators ---------------------------------------------------------------------------------


def _facilitator_filters(request: HttpRequest) -> tuple[FacilitatorFilterForm, selectors.FacilitatorFilter]:
    form = FacilitatorFilterForm(request.GET or None, villages=_village_choices(request))
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.FacilitatorFilter(village=data["village"], active=not data["ended"])
    return form, selectors.FacilitatorFilter()


@require_GET
def facilitator_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.FACILITATORS_VIEW)
    form, filters = _facilitator_filters(request)
    if fmt := requested_format(request):
        rows = selectors.facilitators_for_export(request.user, filters).iterator(chunk_size=exports.CHUNK)
        return exports.facilitators(fmt, rows)
    page = page_of(request, selectors.facilitators_for_user(request.user, filters))
    return render(
        request,
        "facilitators/facilitator_list.html",
        {
            "form": form,
            "page": page,
            "can_appoint": has_perm(request.user, Perm.FACILITATORS_APPOINT),
            "own": selectors.own_appointment(request.user),
        },
    )


def _facilitator_page(
    request: HttpRequest,
    appointment: Appointment,
    *,
    end_form: EndForm | None = None,
    account_form: AccountForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "facilitators/facilitator_detail.html",
        {
            "a": appointment,
            "replaced_by": selectors.replaced_by(appointment),
            "visits": selectors.timeline(appointment)[:100],
            "can_appoint": selectors.can_appoint(request.user, appointment.village_id),
            "is_own": appointment.user_id is not None and appointment.user_id == request.user.pk,
            "end_form": end_form or EndForm(initial={"ended_on": timezone.localdate()}),
            "account_form": account_form or AccountForm(),
        },
        status=status,
    )


@require_GET
def facilitator_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _facilitator_page(request, selectors.get_facilitator_for_user(request.user, appointment_id))


@require_POST
def facilitator_end(request: HttpRequest, appointment_id: int) -> HttpResponseBase:
    appointment = selectors.get_facilitator_for_user(request.user, appointment_id, for_write=True)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.facilitator_end(appointment=appointment, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The appointment has ended."))
            return redirect("facilitators:detail", appointment_id=appointment.pk)
    return _facilitator_page(request, appointment, end_form=form, status=400)


def _account_created(request: HttpRequest, appointment: Appointment, username: str, password: str) -> HttpResponse:
    """The first password is shown once, on this page, and never stored."""
    response = render(
        request,
        "facilitators/account_created.html",
        {"a": appointment, "username": username, "password": password},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def facilitator_account(request: HttpRequest, appointment_id: int) -> HttpResponseBase:
    appointment = selectors.get_facilitator_for_user(request.user, appointment_id, for_write=True)
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            user, password = services.facilitator_account_create(
                appointment=appointment, username=form.cleaned_data["username"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _account_created(request, appointment, user.username, password)
    return _facilitator_page(request, appointment, account_form=form, status=400)


# --- Deliberations --------------------------------------------------------------------------------


@require_GET
def deliberation_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.FACILITATORS_VIEW)
    page = page_of(request, selectors.deliberations_for_user(request.user))
    return render(
        request,
        "facilitators/deliberation_list.html",
        {"page": page, "can_appoint": has_perm(request.user, Perm.FACILITATORS_APPOINT)},
    )


@require_http_methods(["GET", "POST"])
def deliberation_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.FACILITATORS_APPOINT)
    search, q = _q(request)
    selected = _selected(request, "chosen") if request.method == "POST" else []
    form = DeliberationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        villages=selectors.villages_for_appoint(request.user),
        people=selectors.people_for_appoint(request.user),
        candidates=selectors.appoint_candidates(request.user, q, selected),
        per_village=selectors.facilitators_per_village(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deliberation = services.deliberation_record(
                data=services.DeliberationData(
                    village=data["village"],
                    held_on=data["held_on"],
                    attendees=data["attendees"],
                    minutes_number=data["minutes_number"],
                    chosen=list(data["chosen"]),
                    notes=data["notes"],
                ),
                minutes_file=data["minutes_file"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The village deliberation is recorded."))
            return redirect("facilitators:deliberation", deliberation_id=deliberation.pk)
    return render(
        request,
        "facilitators/deliberation_form.html",
        {"form": form, "search": search},
        status=400 if request.method == "POST" else 200,
    )


def _deliberation_page(
    request: HttpRequest, deliberation: VillageDeliberation, form: AppointForm | None = None, status: int = 200
) -> HttpResponse:
    can_appoint = selectors.can_appoint(request.user, deliberation.village_id)
    active = selectors.facilitators_for_user(request.user, selectors.FacilitatorFilter(village=deliberation.village_id))
    if can_appoint and form is None:
        form = AppointForm(
            people=selectors.deliberation_chosen(deliberation),
            active=active,
            initial={"starts_on": deliberation.held_on},
        )
    return render(
        request,
        "facilitators/deliberation_detail.html",
        {
            "d": deliberation,
            "chosen": selectors.deliberation_chosen(deliberation),
            "appointments": deliberation.appointments.select_related("person").order_by("slot", "starts_on"),
            "can_appoint": can_appoint,
            "form": form,
        },
        status=status,
    )


@require_GET
def deliberation_detail(request: HttpRequest, deliberation_id: int) -> HttpResponse:
    return _deliberation_page(request, selectors.get_deliberation_for_user(request.user, deliberation_id))


@require_GET
def deliberation_minutes(request: HttpRequest, deliberation_id: int) -> HttpResponseBase:
    """Download the minutes' scan: only within the user's scope, and every download is audited."""
    deliberation = selectors.get_deliberation_for_user(request.user, deliberation_id)
    if not deliberation.minutes_file:
        raise Http404(selectors.NOT_FOUND)
    services.deliberation_minutes_read(deliberation=deliberation, actor=request.user)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        deliberation.minutes_file_type, "bin"
    )
    response = FileResponse(
        deliberation.minutes_file.open("rb"),
        as_attachment=True,
        filename=f"berita-acara-{deliberation.pk}.{extension}",
        content_type=deliberation.minutes_file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def deliberation_appoint(request: HttpRequest, deliberation_id: int) -> HttpResponseBase:
    deliberation = selectors.get_deliberation_for_user(request.user, deliberation_id, for_write=True)
    active = selectors.facilitators_for_user(request.user, selectors.FacilitatorFilter(village=deliberation.village_id))
    form = AppointForm(request.POST, people=selectors.deliberation_chosen(deliberation), active=active)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.facilitator_appoint(
                deliberation=deliberation,
                person=data["person"],
                starts_on=data["starts_on"],
                replaces=data["replaces"],
                end_reason=data["end_reason"],
                username=data["username"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if result.user is not None:
                return _account_created(request, result.appointment, result.user.username, result.password)
            messages.success(request, _("The facilitator is appointed."))
            return redirect("facilitators:detail", appointment_id=result.appointment.pk)
    return _deliberation_page(request, deliberation, form, status=400)


# --- Visits ---------------------------------------------------------------------------------------


def _visit_filters(request: HttpRequest) -> tuple[VisitFilterForm, selectors.VisitFilter]:
    form = VisitFilterForm(request.GET or None, villages=_village_choices(request))
    if form.is_valid():
        return form, selectors.VisitFilter(**form.cleaned_data)
    return form, selectors.VisitFilter()


@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.FACILITATORS_VIEW)
    form, filters = _visit_filters(request)
    if fmt := requested_format(request):
        return exports.visits(fmt, selectors.visits_for_user(request.user, filters).iterator(chunk_size=exports.CHUNK))
    page = page_of(request, selectors.visits_for_user(request.user, filters))
    return render(
        request,
        "facilitators/visit_list.html",
        {"form": form, "page": page, "own": selectors.own_appointment(request.user)},
    )


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.VISITS_CHANGE)
    own = selectors.own_appointment(request.user)
    if own is None:
        raise PermissionDenied(services.NO_APPOINTMENT)
    search, q = _q(request)
    selected = _selected(request, "people") if request.method == "POST" else []
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        initial={"on": timezone.localdate()},
        people=selectors.people_of_village(own.village_id),
        candidates=selectors.person_candidates(own.village_id, q, selected),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record(
                data=services.VisitData(
                    village=own.village,
                    on=data["on"],
                    kind=data["kind"],
                    people=list(data["people"]),
                    attendees=data["attendees"] or 0,
                    notes=data["notes"],
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect("facilitators:detail", appointment_id=own.pk)
    return render(
        request,
        "facilitators/visit_form.html",
        {"form": form, "search": search, "own": own},
        status=400 if request.method == "POST" else 200,
    )


# --- Monthly reports ------------------------------------------------------------------------------


def _report_filters(request: HttpRequest) -> tuple[ReportFilterForm, selectors.ReportFilter]:
    villages = [(v.code, v.name) for v in selectors.villages_for_reports(request.user)] or _village_choices(request)
    form = ReportFilterForm(request.GET or None, villages=villages)
    if form.is_valid():
        return form, selectors.ReportFilter(**form.cleaned_data)
    return form, selectors.ReportFilter()


def _report_list(request: HttpRequest, start_form: ReportStartForm | None = None, status: int = 200) -> HttpResponse:
    form, filters = _report_filters(request)
    page = page_of(request, selectors.reports_for_user(request.user, filters))
    writes = has_perm(request.user, Perm.REPORTS_WRITE)
    if writes and start_form is None:
        month = previous_month(timezone.localdate())
        start_form = ReportStartForm(
            villages=selectors.villages_for_reports(request.user), initial={"month": month.strftime("%Y-%m")}
        )
    return render(
        request,
        "facilitators/report_list.html",
        {"form": form, "page": page, "start_form": start_form},
        status=status,
    )


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.FACILITATORS_VIEW)
    if fmt := requested_format(request):
        _form, filters = _report_filters(request)
        rows = selectors.reports_for_user(request.user, filters).iterator(chunk_size=exports.CHUNK)
        return exports.reports(fmt, rows)
    return _report_list(request)


@require_POST
def report_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.REPORTS_WRITE)
    form = ReportStartForm(request.POST, villages=selectors.villages_for_reports(request.user))
    if form.is_valid():
        try:
            made = services.report_start(
                village=form.cleaned_data["village"], month=form.cleaned_data["month"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft of the report is started."))
            return redirect("facilitators:report", report_id=made.pk)
    return _report_list(request, form, status=400)


@require_GET
def report_overdue(request: HttpRequest) -> HttpResponse:
    """The overdue reports of the user's area: counted per regency when the area holds several (a
    province, the nation), each regency's list one click further, in pages."""
    _require(request, Perm.FACILITATORS_VIEW)
    regency = request.GET.get("regency", "")
    if regency:
        selectors.check_regency(request.user, regency)
    rows = selectors.overdue_reports(request.user, regency=regency)
    due_days = settings.FACILITATOR_REPORT_DUE_DAYS
    fmt = requested_format(request)
    context: dict[str, Any] = {"due_days": due_days, "regency": regency}
    if not regency and len({selectors.regency_of(o.village.code) for o in rows}) > 1:
        if fmt:
            return exports.overdue_regencies(fmt, selectors.overdue_by_regency(rows), due_days=due_days)
        context["regencies"] = selectors.overdue_by_regency(rows)
        context["total"] = len(rows)
    elif fmt:
        return exports.overdue(fmt, rows, due_days=due_days, regency=regency)
    else:
        context["page"] = page_of(request, rows)
        if regency:
            context["regency_name"] = selectors.regency_name(regency)
            # A link back to the regencies when the area holds more than this one.
            context["wider"] = selectors.area_wider_than(request.user, regency)
    return render(request, "facilitators/report_overdue.html", context)


def _report_page(
    request: HttpRequest,
    found: MonthlyReport,
    *,
    narrative_form: NarrativeForm | None = None,
    decision_form: DecisionForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    editable = found.status in OPEN_STATUSES
    can_write = services.can_write(request.user, found.village_id)
    can_review = services.can_review(request.user, found.village_id)
    return render(
        request,
        "facilitators/report_detail.html",
        {
            "r": found,
            "sections": selectors.report_figures(found),
            "history": selectors.report_history(found),
            "due_on": report.due_on(found.month),
            "can_edit": can_write and editable,
            "can_decide": can_review and found.status == ReportStatus.SUBMITTED,
            "narrative_form": narrative_form or NarrativeForm(initial={"narrative": found.narrative}),
            "decision_form": decision_form or DecisionForm(),
            "error": error,
        },
        status=status,
    )


@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_page(request, selectors.get_report_for_user(request.user, report_id))


def _for_write(request: HttpRequest, report_id: int) -> MonthlyReport:
    found = selectors.get_report_for_user(request.user, report_id)
    if not services.can_write(request.user, found.village_id):
        raise PermissionDenied(services.CANNOT_WRITE)
    return found


def _for_review(request: HttpRequest, report_id: int) -> MonthlyReport:
    found = selectors.get_report_for_user(request.user, report_id)
    if not services.can_review(request.user, found.village_id):
        raise PermissionDenied(services.CANNOT_REVIEW)
    return found


@require_POST
def report_edit(request: HttpRequest, report_id: int) -> HttpResponseBase:
    """Save the narrative, and submit when the "submit" button was pressed."""
    found = _for_write(request, report_id)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            # One transaction: a refused submission must not leave the narrative half-saved.
            with transaction.atomic():
                found = services.report_update(
                    report_=found, narrative=form.cleaned_data["narrative"], actor=request.user
                )
                if "submit" in request.POST:
                    services.report_submit(report_=found, actor=request.user)
        except ValidationError as exc:
            found.refresh_from_db()
            return _report_page(request, found, narrative_form=form, error=" ".join(exc.messages), status=400)
        else:
            if "submit" in request.POST:
                messages.success(request, _("The report is submitted to the regency office."))
            else:
                messages.success(request, _("The report is saved."))
            return redirect("facilitators:report", report_id=found.pk)
    return _report_page(request, found, narrative_form=form, status=400)


def _decide(request: HttpRequest, report_id: int, approve: bool) -> HttpResponseBase:
    found = _for_review(request, report_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if approve:
                services.report_approve(report_=found, actor=request.user, comment=comment)
            else:
                services.report_return(report_=found, actor=request.user, comment=comment)
        except ValidationError as exc:
            return _report_page(request, found, decision_form=form, error=" ".join(exc.messages), status=400)
        else:
            if approve:
                messages.success(request, _("The report is approved."))
            else:
                messages.success(request, _("The report is returned to the facilitator."))
            return redirect("facilitators:report", report_id=found.pk)
    return _report_page(request, found, decision_form=form, status=400)


@require_POST
def report_approve(request: HttpRequest, report_id: int) -> HttpResponseBase:
    return _decide(request, report_id, approve=True)


@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponseBase:
    return _decide(request, report_id, approve=False)
