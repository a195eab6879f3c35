"""Learning-house pages: access → form → service → redirect or render.

Lists show children masked (initials and birth year); a child's page shows the record and writes a
``child.read`` audit row; a concern's page writes ``concern.read``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.core.exports import requested_format
from desmigratif.core.forms import add_service_errors
from desmigratif.core.pages import page_of
from desmigratif.learning import exports, selectors, services
from desmigratif.learning.forms import (
    AttendanceForm,
    ChildFilterForm,
    ChildForm,
    ConcernForm,
    ConcernUpdateForm,
    HouseForm,
    LeaveForm,
    SessionForm,
    VolunteerForm,
)
from desmigratif.learning.models import Child, LearningHouse
from desmigratif.people.services import ConsentData, current_consent_text_or_none


def _require(request: HttpRequest, perm: str) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


# --- Learning houses ------------------------------------------------------------------------------


@require_GET
def house_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.LEARNING_VIEW)
    return render(
        request,
        "learning/house_list.html",
        {
            "page": page_of(request, selectors.houses_for_user(request.user)),
            "can_create": has_perm(request.user, Perm.LEARNING_CHANGE),
        },
    )


@require_http_methods(["GET", "POST"])
def house_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.LEARNING_CHANGE)
    form = HouseForm(request.POST or None, villages=selectors.villages_for_house(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            house = services.house_create(data=services.HouseData(**form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The learning house is registered."))
            return redirect("learning:house", house_id=house.pk)
    title = _("Register a learning house")
    return render(
        request, "learning/form.html", {"form": form, "title": title, "form_id": "house-form"}, status=_status(request)
    )


@require_GET
def house_detail(request: HttpRequest, house_id: int) -> HttpResponse:
    house = selectors.get_house_for_user(request.user, house_id)
    children = selectors.children_for_user(request.user, selectors.ChildFilter(house=house.pk))
    return render(
        request,
        "learning/house_detail.html",
        {
            "house": house,
            "volunteers": selectors.house_volunteers(house),
            "child_count": children.count(),
            "sessions": selectors.sessions_for_user(request.user, house)[:10],
            "can_change": selectors.can_change(request.user, house.village_id),
        },
    )


@require_http_methods(["GET", "POST"])
def house_edit(request: HttpRequest, house_id: int) -> HttpResponseBase:
    house = selectors.get_house_for_user(request.user, house_id, for_write=True)
    initial = {"name": house.name, "place": house.place, "schedule": house.schedule}
    form = HouseForm(request.POST or None, initial=initial, villages=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.house_update(house=house, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("learning:house", house_id=house.pk)
    title = _("Edit the learning house")
    return render(
        request, "learning/form.html", {"form": form, "title": title, "subtitle": house.name}, status=_status(request)
    )


@require_http_methods(["GET", "POST"])
def volunteer_add(request: HttpRequest, house_id: int) -> HttpResponseBase:
    house = selectors.get_house_for_user(request.user, house_id, for_write=True)
    form = VolunteerForm(
        request.POST or None,
        accepted=selectors.people_in_scope(request.user),
        shown=selectors.adult_candidates(request.user, house),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_add(house=house, person=form.cleaned_data["person"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The volunteer is added."))
            return redirect("learning:house", house_id=house.pk)
    title = _("Add a volunteer")
    return render(
        request, "learning/form.html", {"form": form, "title": title, "subtitle": house.name}, status=_status(request)
    )


# --- Children -------------------------------------------------------------------------------------


def _child_filters(request: HttpRequest) -> tuple[ChildFilterForm, selectors.ChildFilter]:
    form = ChildFilterForm(request.GET or None, houses=selectors.house_choices(request.user))
    if form.is_valid():
        return form, selectors.ChildFilter(**form.cleaned_data)
    return form, selectors.ChildFilter()


@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.LEARNING_VIEW)
    form, filters = _child_filters(request)
    if fmt := requested_format(request):
        return exports.children(
            fmt, selectors.children_for_export(request.user, filters).iterator(chunk_size=exports.CHUNK)
        )
    return render(
        request,
        "learning/child_list.html",
        {
            "form": form,
            "page": page_of(request, selectors.children_for_user(request.user, filters)),
        },
    )


def _child_form(request: HttpRequest, house: LearningHouse, *, creating: bool, initial: Any = None) -> ChildForm:
    return ChildForm(
        request.POST or None,
        initial=initial,
        accepted=selectors.people_in_scope(request.user),
        children=selectors.child_candidates(request.user, house) if creating else None,
        adults=selectors.adult_candidates(request.user, house),
        parents=selectors.parent_candidates(request.user, house),
    )


def _child_data(cleaned: dict[str, Any], person: Any) -> services.ChildData:
    return services.ChildData(
        person=person,
        caregiver=cleaned["caregiver"],
        caregiver_relation=cleaned["caregiver_relation"],
        parents=list(cleaned["parents"]),
        school_level=cleaned["school_level"],
        school_status=cleaned["school_status"],
    )


@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest, house_id: int) -> HttpResponseBase:
    house = selectors.get_house_for_user(request.user, house_id, for_write=True)
    form = _child_form(request, house, creating=True)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        consent = ConsentData(
            given=cleaned["consent"],
            given_by="guardian",
            guardian_name=cleaned["guardian_name"],
            guardian_relation=cleaned["guardian_relation"],
        )
        try:
            child = services.child_register(
                house=house, data=_child_data(cleaned, cleaned["person"]), consent=consent, actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The child is registered in the learning house."))
            return redirect("learning:child", child_id=child.pk)
    return render(
        request,
        "learning/child_form.html",
        {"form": form, "house": house, "consent_text": current_consent_text_or_none("learning_house")},
        status=_status(request),
    )


@require_GET
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.read_child_for_user(request.user, child_id)
    return render(
        request,
        "learning/child_detail.html",
        {
            "child": child,
            "parents": selectors.child_parents(child),
            "attendances": selectors.child_sessions(child),
            "concerns": selectors.child_concerns(request.user, child),
            "can_change": selectors.can_change(request.user, child.village_id),
            "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: int) -> HttpResponseBase:
    child = selectors.get_child_for_user(request.user, child_id, for_write=True)
    initial = {
        "caregiver": child.caregiver_id,
        "caregiver_relation": child.caregiver_relation,
        "parents": [p.pk for p in selectors.child_parents(child)],
        "school_level": child.school_level,
        "school_status": child.school_status,
    }
    form = _child_form(request, child.house, creating=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_update(child=child, data=_child_data(form.cleaned_data, child.person), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("learning:child", child_id=child.pk)
    # The form shows the child's record (caregiver, parents abroad, schooling): an audited read.
    services.children_audit_read(children=[child], actor=request.user)
    return render(
        request,
        "learning/child_form.html",
        {"form": form, "house": child.house, "child": child},
        status=_status(request),
    )


@require_POST
def child_leave(request: HttpRequest, child_id: int) -> HttpResponseBase:
    child = selectors.get_child_for_user(request.user, child_id, for_write=True)
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            services.child_leave(child=child, left_on=form.cleaned_data["left_on"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The child's leaving is recorded."))
            return redirect("learning:child", child_id=child.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("learning:child", child_id=child.pk)


# --- Sessions -------------------------------------------------------------------------------------


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.LEARNING_VIEW)
    if fmt := requested_format(request):
        return exports.sessions(fmt, selectors.sessions_for_user(request.user).iterator(chunk_size=exports.CHUNK))
    return render(
        request, "learning/session_list.html", {"page": page_of(request, selectors.sessions_for_user(request.user))}
    )


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, house_id: int) -> HttpResponseBase:
    house = selectors.get_house_for_user(request.user, house_id, for_write=True)
    volunteers = house.volunteers.order_by("full_name", "id")
    form = SessionForm(request.POST or None, volunteers=volunteers, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                house=house, data=services.SessionData(**form.cleaned_data), actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session is recorded. Now mark who attended."))
            return redirect("learning:session", session_id=session.pk)
    title = _("Record a session")
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": title, "subtitle": house.name, "form_id": "session-form"},
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponseBase:
    """The session and its attendance sheet. A learning session's sheet names the enrolled children,
    so showing it is a read of their records: one ``child.read`` row each."""
    session = selectors.get_session_for_user(request.user, session_id)
    can_change = selectors.can_change(request.user, session.village_id)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    learning = selectors.is_learning(session)
    attendees: list[Any] = selectors.session_children(session) if learning else selectors.session_caregivers(session)
    if learning:
        choices = [(c.pk, f"{c.person.full_name} · {c.person.birth_date:%Y}") for c in attendees]
    else:
        choices = [(p.pk, p.full_name) for p in attendees]
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"present": [a.pk for a in attendees if a.present]},
    )
    if request.method == "POST" and form.is_valid():
        present = form.cleaned_data["present"]
        try:
            if learning:
                services.attendance_record(session=session, children=present, actor=request.user)
            else:
                services.attendance_record(session=session, caregivers=present, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("learning:session", session_id=session.pk)
    if learning and attendees:
        services.children_audit_read(children=attendees, actor=request.user)
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "form": form,
            "present_count": sum(1 for a in attendees if a.present),
            "can_change": can_change,
        },
        status=_status(request),
    )


# --- Concerns -------------------------------------------------------------------------------------


@require_GET
def concern_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.CHILD_CONCERNS)
    return render(
        request, "learning/concern_list.html", {"page": page_of(request, selectors.concerns_for_user(request.user))}
    )


@require_http_methods(["GET", "POST"])
def concern_create(request: HttpRequest, child_id: int) -> HttpResponseBase:
    child = selectors.get_child_for_user(request.user, child_id)
    if not selectors.can_read_concerns(request.user, child.village_id):
        raise PermissionDenied
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_create(child=child, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The concern is recorded."))
            return redirect("learning:concern", concern_id=concern.pk)
    title = _("Record a concern")
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": title, "subtitle": _masked(child), "form_id": "concern-form"},
        status=_status(request),
    )


def _masked(child: Child) -> str:
    return services.child_label(child)


@require_http_methods(["GET", "POST"])
def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponseBase:
    if request.method == "POST":
        concern = selectors.get_concern_for_user(request.user, concern_id)
        form = ConcernUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.concern_update(concern=concern, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The concern is updated."))
                return redirect("learning:concern", concern_id=concern.pk)
    else:
        form = None
    concern = selectors.read_concern_for_user(request.user, concern_id)
    form = form or ConcernUpdateForm(
        initial={"status": concern.status, "referred_to": concern.referred_to, "referred_on": concern.referred_on}
    )
    return render(request, "learning/concern_detail.html", {"concern": concern, "form": form}, status=_status(request))
