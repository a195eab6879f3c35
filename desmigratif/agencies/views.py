"""The public "cek P3MI" page and the national staff's agency registry pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.agencies import selectors, services
from desmigratif.agencies.forms import AgencyForm, AgencySearchForm, AgencyStatusForm
from desmigratif.core.pages import page_of

PUBLIC_RESULTS = 20


def _can_change(request: HttpRequest) -> bool:
    return scope_for(request.user, Perm.AGENCIES_CHANGE).is_national


@login_not_required
@require_GET
def agency_check(request: HttpRequest) -> HttpResponse:
    """Public: may this agency recruit today? For anyone, without an account."""
    form = AgencySearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        today = timezone.localdate()
        results = [
            (a, selectors.may_recruit(a, today))
            for a in selectors.agencies_search(form.cleaned_data["q"])[:PUBLIC_RESULTS]
        ]
    return render(request, "agencies/check.html", {"form": form, "results": results})


@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.MIGRATION_VIEW) and not _can_change(request):
        raise PermissionDenied
    form = AgencySearchForm(request.GET or None)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    page = page_of(request, selectors.agencies_search(term))
    today = timezone.localdate()
    rows = [(a, selectors.may_recruit(a, today)) for a in page.object_list]
    return render(
        request,
        "agencies/agency_list.html",
        {"form": form, "page": page, "rows": rows, "can_change": _can_change(request)},
    )


@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest) -> HttpResponseBase:
    if not _can_change(request):
        raise PermissionDenied
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The agency is registered."))
            return redirect("agencies:detail", agency_id=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form}, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponseBase:
    if not has_perm(request.user, Perm.MIGRATION_VIEW) and not _can_change(request):
        raise PermissionDenied
    agency = selectors.get_agency(agency_id)
    form = AgencyStatusForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _can_change(request):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.agency_change_status(agency=agency, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The status is changed."))
                return redirect("agencies:detail", agency_id=agency.pk)
        status = 400
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "may_recruit": selectors.may_recruit(agency),
            "form": form,
            "history": agency.status_changes.select_related("actor"),
            "can_change": _can_change(request),
        },
        status=status,
    )
