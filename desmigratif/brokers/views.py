"""Broker report pages: the public form, the staff list/detail/entry, and the early-warning list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.brokers import selectors, services
from desmigratif.brokers.forms import PublicReportForm, ReportFilterForm, StaffReportForm, StatusForm
from desmigratif.brokers.models import BrokerReport
from desmigratif.core.forms import add_service_errors
from desmigratif.core.pages import page_of
from desmigratif.core.public_forms import public_form, render_village_choices, village_picker
from desmigratif.regions.models import Village


def _data(cleaned: dict[str, Any], village: Village) -> services.BrokerReportData:
    return services.BrokerReportData(
        village=village,
        broker_name=cleaned["broker_name"],
        broker_phone=cleaned["broker_phone"],
        offered_country=cleaned["offered_country"],
        offered_job=cleaned["offered_job"],
        money_asked=cleaned["money_asked"],
        description=cleaned["description"],
        reporter_name=cleaned["reporter_name"],
        reporter_contact=cleaned["reporter_contact"],
    )


@login_not_required
@public_form
@require_http_methods(["GET", "POST"])
def public_report(request: HttpRequest) -> HttpResponseBase:
    """Anyone reports an illegal broker (calo), anonymously if they wish, without an account."""
    choices = render_village_choices(request)
    if choices is not None:
        return choices
    form = PublicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            return redirect("broker_thanks")  # the honeypot was filled: answer as if saved, save nothing
        try:
            services.broker_report_receive(data=_data(form.cleaned_data, form.cleaned_data["village"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("broker_thanks")
    village = form.data.get("village", "") if form.is_bound else ""
    return render(
        request,
        "brokers/public_form.html",
        {"form": form, **village_picker(request, selected=str(village))},
        status=400 if request.method == "POST" else 200,
    )


@login_not_required
@require_GET
def public_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "brokers/public_thanks.html")


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.BROKERS_VIEW):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = page_of(request, selectors.reports_for_user(request.user, status=status))
    return render(
        request,
        "brokers/report_list.html",
        {
            "form": form,
            "page": page,
            "can_create": has_perm(request.user, Perm.BROKERS_CHANGE),
        },
    )


def _staff_villages(request: HttpRequest) -> QuerySet[Village]:
    return (
        scope_for(request.user, Perm.BROKERS_CHANGE)
        .apply(Village.objects.filter(is_active=True), "code")
        .select_related("district")
        .order_by("district__name", "name")
    )


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponseBase:
    if not has_perm(request.user, Perm.BROKERS_CHANGE):
        raise PermissionDenied
    form = StaffReportForm(request.POST or None, villages=_staff_villages(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.broker_report_receive(
                data=_data(form.cleaned_data, form.cleaned_data["village"]), actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The broker report is recorded."))
            return redirect("brokers:detail", report_id=report.pk)
    return render(request, "brokers/report_form.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _detail(
    request: HttpRequest, report: BrokerReport, form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "brokers/report_detail.html",
        {
            "report": report,
            "events": selectors.report_events(report),
            "can_change": selectors.can_change_report(request.user, report),
            "form": form or StatusForm(),
        },
        status=status,
    )


@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _detail(request, selectors.get_report_for_user(request.user, report_id))


@require_POST
def report_status(request: HttpRequest, report_id: int) -> HttpResponseBase:
    report = selectors.get_report_for_user(request.user, report_id, for_write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.broker_report_set_status(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("brokers:detail", report_id=report.pk)
    return _detail(request, report, form, status=400)


@require_GET
def early_warning(request: HttpRequest) -> HttpResponse:
    """Residents recorded abroad who never departed through a migration case: likely non-procedural."""
    if not has_perm(request.user, Perm.BROKERS_VIEW):
        raise PermissionDenied
    page = page_of(request, selectors.early_warning_for_user(request.user))
    return render(request, "brokers/early_warning.html", {"page": page})
