"""Complaint pages: the public form and status page, and the handling chain's list and detail.

Each view reads: access → form → service → redirect or render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.complaints import selectors, services
from desmigratif.complaints.forms import (
    CloseForm,
    ComplaintFilterForm,
    EscalateForm,
    NoteForm,
    PublicComplaintForm,
    ResolveForm,
    StaffComplaintForm,
    StatusLookupForm,
)
from desmigratif.complaints.models import Complaint
from desmigratif.complaints.selectors import ComplaintFilter
from desmigratif.core.forms import add_service_errors
from desmigratif.core.pages import page_of
from desmigratif.core.public_forms import public_form, render_village_choices, village_picker
from desmigratif.lib.countries import country_name
from desmigratif.lib.languages import current_language
from desmigratif.migration.selectors import get_case_for_user
from desmigratif.people.models import Person
from desmigratif.people.selectors import get_person_for_user
from desmigratif.regions.models import Village

SESSION_TICKET = "complaint_ticket"


# --- Public pages -------------------------------------------------------------------------------


@login_not_required
@public_form
@require_http_methods(["GET", "POST"])
def public_submit(request: HttpRequest) -> HttpResponseBase:
    """Anyone files a complaint about a worker abroad, without an account, and gets a receipt."""
    choices = render_village_choices(request)
    if choices is not None:
        return choices
    form = PublicComplaintForm(request.POST or None, categories=selectors.categories())
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # The honeypot was filled: answer as if saved, save nothing.
            request.session[SESSION_TICKET] = services.new_ticket()
            return redirect("complaint_receipt")
        data = form.cleaned_data
        try:
            complaint = services.complaint_receive(
                data=services.ComplaintData(
                    village=data["village"],
                    complainant_name=data["complainant_name"],
                    complainant_phone=data["complainant_phone"],
                    complainant_relationship=data["complainant_relationship"],
                    migrant_name=data["migrant_name"],
                    category=data["category"],
                    destination_country=data["destination_country"],
                    description=data["description"],
                )
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[SESSION_TICKET] = complaint.ticket
            return redirect("complaint_receipt")
    village = form.data.get("village", "") if form.is_bound else ""
    return render(
        request,
        "complaints/public_form.html",
        {"form": form, **village_picker(request, selected=str(village))},
        status=400 if request.method == "POST" else 200,
    )


@login_not_required
@require_GET
def public_receipt(request: HttpRequest) -> HttpResponseBase:
    """The receipt number of the complaint just sent (kept in the session, never in the URL)."""
    ticket = request.session.get(SESSION_TICKET)
    if not ticket:
        return redirect("complaint_submit")
    return render(request, "complaints/public_receipt.html", {"ticket": ticket})


@login_not_required
@require_GET
def public_status(request: HttpRequest) -> HttpResponse:
    """Status of a complaint by receipt number: status, handling level and last update only."""
    form = StatusLookupForm(request.GET or None)
    status = None
    looked_up = False
    if form.is_valid():
        looked_up = True
        status = selectors.public_status(form.cleaned_data["tiket"])
    return render(
        request,
        "complaints/public_status.html",
        {"form": form, "status": status, "looked_up": looked_up, "language": current_language()},
        status=404 if looked_up and status is None else 200,
    )


# --- The handling chain --------------------------------------------------------------------------


def _list(request: HttpRequest, qs: QuerySet[Complaint], form: ComplaintFilterForm, overdue_page: bool) -> HttpResponse:
    page = page_of(request, qs)
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "form": form,
            "page": page,
            "now": timezone.now(),
            "language": current_language(),
            "overdue_page": overdue_page,
            "can_create": has_perm(request.user, Perm.COMPLAINTS_HANDLE),
        },
    )


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_list_complaints(request.user):
        raise PermissionDenied
    form = ComplaintFilterForm(request.GET or None, categories=selectors.categories())
    filters = ComplaintFilter()
    if form.is_valid():
        filters = ComplaintFilter(
            status=form.cleaned_data["status"],
            category=form.cleaned_data["category"],
            overdue=form.cleaned_data["overdue"],
        )
    return _list(request, selectors.complaints_for_user(request.user, filters), form, overdue_page=False)


@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Overdue escalations: complaints in the user's chain past their level's response deadline."""
    if not selectors.may_list_complaints(request.user):
        raise PermissionDenied
    form = ComplaintFilterForm(categories=selectors.categories())
    return _list(request, selectors.overdue_complaints_for_user(request.user), form, overdue_page=True)


def _staff_villages(request: HttpRequest) -> QuerySet[Village]:
    return (
        scope_for(request.user, Perm.COMPLAINTS_HANDLE)
        .apply(Village.objects.filter(is_active=True), "code")
        .select_related("district")
        .order_by("district__name", "name")
    )


@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest) -> HttpResponseBase:
    """Staff of the handling chain enter a complaint, from a worker's page or case, or on its own."""
    if not has_perm(request.user, Perm.COMPLAINTS_HANDLE):
        raise PermissionDenied
    case = None
    person: Person | None = None
    if request.GET.get("case", "").isdigit():
        case = get_case_for_user(request.user, int(request.GET["case"]))
        person = case.person
    elif request.GET.get("person", "").isdigit():
        person = get_person_for_user(request.user, int(request.GET["person"]))
    if person is not None and not scope_for(request.user, Perm.COMPLAINTS_HANDLE).contains(person.domicile_village_id):
        raise PermissionDenied
    family = (
        Person.objects.filter(migrant_links__migrant=person).order_by("full_name")
        if person is not None
        else Person.objects.none()
    )
    initial: dict[str, Any] = {}
    if person is not None:
        initial = {"migrant_name": person.full_name, "village": person.domicile_village_id}
    if case is not None:
        initial["destination_country"] = case.destination_country
    form = StaffComplaintForm(
        request.POST or None,
        initial=initial,
        categories=selectors.categories(),
        villages=_staff_villages(request),
        family=family,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = data["village"] or (person.domicile_village if person is not None else None)
        if village is None:
            form.add_error("village", services.VILLAGE_REQUIRED)
        else:
            try:
                complaint = services.complaint_receive(
                    data=services.ComplaintData(
                        village=village,
                        complainant_name=data["complainant_name"],
                        complainant_phone=data["complainant_phone"],
                        complainant_relationship=data["complainant_relationship"],
                        migrant_name=data["migrant_name"],
                        category=data["category"],
                        destination_country=data["destination_country"],
                        description=data["description"],
                        confidential_notes=data["confidential_notes"],
                        complainant_person=data["complainant_person"],
                        migrant_person=person,
                        migration_case=case,
                    ),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The complaint is recorded."))
                return redirect("complaints:detail", complaint_id=complaint.pk)
    return render(
        request,
        "complaints/complaint_form.html",
        {"form": form, "person": person, "case": case},
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, complaint: Complaint, **extra: Any) -> dict[str, Any]:
    return {
        "complaint": complaint,
        "country": country_name(complaint.destination_country),
        "events": selectors.complaint_events(complaint),
        "levels": selectors.levels(),
        "next_level": selectors.next_level(complaint),
        "can_handle": selectors.can_handle(request.user, complaint),
        "note_form": NoteForm(),
        "escalate_form": EscalateForm(),
        "resolve_form": ResolveForm(),
        "close_form": CloseForm(),
        "language": current_language(),
        "now": timezone.now(),
        **extra,
    }


@require_GET
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = selectors.read_complaint_for_user(request.user, complaint_id)
    return render(request, "complaints/complaint_detail.html", _detail_context(request, complaint))


_ACTIONS: dict[str, tuple[type[Any], Any, Any]] = {
    "note": (NoteForm, services.complaint_add_note, gettext_lazy("The note is added.")),
    "escalate": (EscalateForm, services.complaint_escalate, gettext_lazy("The complaint is escalated.")),
    "resolve": (ResolveForm, services.complaint_resolve, gettext_lazy("The complaint is marked resolved.")),
    "close": (CloseForm, services.complaint_close, gettext_lazy("The complaint is closed.")),
}


@require_POST
def complaint_action(request: HttpRequest, complaint_id: int, action: str) -> HttpResponseBase:
    """One of the handling actions: add a note, escalate, resolve, close."""
    if action not in _ACTIONS:
        raise Http404
    complaint = selectors.get_complaint_for_user(request.user, complaint_id, for_write=True)
    form_class, service, done = _ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(complaint=complaint, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("complaints:detail", complaint_id=complaint.pk)
    # Re-rendering shows the complaint again: that is a read, so it is audited like one.
    complaint = selectors.read_complaint_for_user(request.user, complaint_id)
    return render(
        request,
        "complaints/complaint_detail.html",
        _detail_context(request, complaint, **{f"{action}_form": form}),
        status=400,
    )
