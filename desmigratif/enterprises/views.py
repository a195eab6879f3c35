"""Enterprise and training pages: access → form → service → redirect or render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
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
from desmigratif.enterprises import exports, selectors, services
from desmigratif.enterprises.forms import (
    AttendanceForm,
    CompleteForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    OwnerSearchForm,
    ParticipantForm,
    ProductForm,
    ProgressForm,
    StatusForm,
    TrainingForm,
)
from desmigratif.enterprises.models import Enterprise
from desmigratif.lib.chart import bar_chart


def _require(request: HttpRequest, perm: str) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


# --- Enterprise list ------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[EnterpriseFilterForm, selectors.EnterpriseFilter]:
    villages = [(v.code, v.name) for v in selectors.villages_for_filter(request.user)]
    form = EnterpriseFilterForm(request.GET or None, villages=villages)
    if form.is_valid():
        return form, selectors.EnterpriseFilter(**form.cleaned_data)
    return form, selectors.EnterpriseFilter()


@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.ENTERPRISES_VIEW)
    form, filters = _filters(request)
    if fmt := requested_format(request):
        rows = selectors.enterprises_for_export(request.user, filters).iterator(chunk_size=exports.CHUNK)
        return exports.enterprises(fmt, rows)
    page = page_of(request, selectors.enterprises_for_user(request.user, filters))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "form": form,
            "page": page,
            "can_create": has_perm(request.user, Perm.ENTERPRISES_CHANGE),
        },
    )


# --- Register and edit ----------------------------------------------------------------------------


def _enterprise_form(
    request: HttpRequest, *, initial: dict[str, Any] | None = None, with_status: bool, keep_village: str = ""
) -> tuple[EnterpriseForm, OwnerSearchForm]:
    search = OwnerSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        selected = [int(v) for v in request.POST.getlist("owners") if v.isascii() and v.isdigit() and len(v) < 19][:50]
    else:
        selected = list((initial or {}).get("owners", []))
    candidates = selectors.owner_candidates(request.user, q, selected)
    form = EnterpriseForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        villages=selectors.villages_for_change(request.user, keep=keep_village),
        people=selectors.people_for_owners(request.user),
        candidates=candidates,
        loans=selectors.loans_for_owners(request.user, [p.pk for p in candidates]),
        with_status=with_status,
    )
    return form, search


def _data(cleaned: dict[str, Any]) -> services.EnterpriseData:
    return services.EnterpriseData(
        village=cleaned["village"],
        name=cleaned["name"],
        sector=cleaned["sector"],
        owners=list(cleaned["owners"]),
        started_on=cleaned["started_on"],
        capital=cleaned["capital"],
        capital_source=cleaned["capital_source"],
        loan=cleaned["loan"],
    )


@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.ENTERPRISES_CHANGE)
    villages = selectors.villages_for_change(request.user)
    initial = {"village": villages[0].code} if len(villages) == 1 else {}
    form, search = _enterprise_form(request, initial=initial, with_status=True)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_register(
                data=_data(form.cleaned_data), status=form.cleaned_data["status"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The enterprise is registered."))
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "search": search, "enterprise": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, enterprise_id: int) -> HttpResponseBase:
    enterprise = selectors.get_enterprise_for_user(request.user, enterprise_id, for_write=True)
    initial = {
        "village": enterprise.village_id,
        "name": enterprise.name,
        "sector": enterprise.sector_id,
        "owners": list(enterprise.ownerships.values_list("person_id", flat=True)),
        "started_on": enterprise.started_on,
        "capital": enterprise.capital,
        "capital_source": enterprise.capital_source,
        "loan": enterprise.loan_id,
    }
    form, search = _enterprise_form(request, initial=initial, with_status=False, keep_village=enterprise.village_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(enterprise=enterprise, data=_data(form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The enterprise is updated."))
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "search": search, "enterprise": enterprise},
        status=400 if request.method == "POST" else 200,
    )


# --- Enterprise page ------------------------------------------------------------------------------


def _detail(
    request: HttpRequest, enterprise: Enterprise, status_form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    reports = list(selectors.enterprise_reports(enterprise))
    series = selectors.enterprise_series(reports)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "owners": selectors.enterprise_owners(enterprise),
            "products": selectors.enterprise_products(enterprise),
            "reports": list(reversed(reports)),
            "chart": bar_chart([(p.label, p.revenue) for p in series]),
            "history": selectors.enterprise_history(enterprise),
            "can_change": selectors.can_change(request.user, enterprise),
            "status_form": status_form or StatusForm(),
        },
        status=status,
    )


@require_GET
def enterprise_detail(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    return _detail(request, selectors.get_enterprise_for_user(request.user, enterprise_id))


@require_POST
def enterprise_status(request: HttpRequest, enterprise_id: int) -> HttpResponseBase:
    enterprise = selectors.get_enterprise_for_user(request.user, enterprise_id, for_write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.enterprise_set_status(enterprise=enterprise, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return _detail(request, enterprise, form, status=400)


@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, enterprise_id: int) -> HttpResponseBase:
    enterprise = selectors.get_enterprise_for_user(request.user, enterprise_id, for_write=True)
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_add(enterprise=enterprise, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The product is added."))
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(
        request,
        "enterprises/product_form.html",
        {"form": form, "enterprise": enterprise},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def product_delete(request: HttpRequest, enterprise_id: int, product_id: int) -> HttpResponseBase:
    enterprise = selectors.get_enterprise_for_user(request.user, enterprise_id, for_write=True)
    services.product_remove(product=selectors.get_product(enterprise, product_id), actor=request.user)
    messages.success(request, _("The product is removed."))
    return redirect("enterprises:detail", enterprise_id=enterprise.pk)


@require_GET
def product_photo(request: HttpRequest, enterprise_id: int, product_id: int) -> HttpResponseBase:
    """A product's photo, from the private storage, only for those who may see the enterprise."""
    enterprise = selectors.get_enterprise_for_user(request.user, enterprise_id)
    product = selectors.get_product(enterprise, product_id)
    if not product.photo:
        raise Http404(selectors.NOT_FOUND)
    response = FileResponse(product.photo.open("rb"), content_type=product.photo_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def progress_create(request: HttpRequest, enterprise_id: int) -> HttpResponseBase:
    enterprise = selectors.get_enterprise_for_user(request.user, enterprise_id, for_write=True)
    today = timezone.localdate()
    form = ProgressForm(request.POST or None, initial={"period": f"{today:%Y-%m}"})
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.progress_report_add(
                enterprise=enterprise,
                data=services.ProgressData(
                    period_kind=cleaned["period_kind"],
                    period_start=cleaned["period"],
                    revenue=cleaned["revenue"],
                    workers_family=cleaned["workers_family"],
                    workers_other=cleaned["workers_other"],
                    problems=cleaned["problems"],
                    support_needed=cleaned["support_needed"],
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The progress report is recorded."))
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(
        request,
        "enterprises/progress_form.html",
        {"form": form, "enterprise": enterprise},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def village_progress(request: HttpRequest, village_code: str) -> HttpResponse:
    _require(request, Perm.ENTERPRISES_VIEW)
    village = selectors.get_village_for_user(request.user, village_code)
    series = selectors.village_series(village)
    return render(
        request,
        "enterprises/village_progress.html",
        {
            "village": village,
            "series": series,
            "chart": bar_chart([(p.label, p.revenue) for p in series]),
            "page": page_of(request, selectors.village_enterprises(request.user, village)),
        },
    )


# --- Trainings ------------------------------------------------------------------------------------


@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.ENTERPRISES_VIEW)
    page = page_of(request, selectors.trainings_for_user(request.user))
    return render(
        request,
        "enterprises/training_list.html",
        {"page": page, "can_create": has_perm(request.user, Perm.ENTERPRISES_CHANGE)},
    )


@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.ENTERPRISES_CHANGE)
    form = TrainingForm(request.POST or None, regions=selectors.regions_for_training(request.user))
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            training = services.training_create(
                data=services.TrainingData(
                    title=cleaned["title"],
                    provider_kind=cleaned["provider_kind"],
                    provider_name=cleaned["provider_name"],
                    topic=cleaned["topic"],
                    sector=cleaned["sector"],
                    starts_on=cleaned["starts_on"],
                    ends_on=cleaned["ends_on"],
                    place=cleaned["place"],
                    region_code=cleaned["region"],
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("enterprises:training", training_id=training.pk)
    return render(
        request, "enterprises/training_form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@require_GET
def training_detail(request: HttpRequest, training_id: int) -> HttpResponse:
    training = selectors.get_training_for_user(request.user, training_id)
    if fmt := requested_format(request):
        rows = selectors.participants_for_user(request.user, training).iterator(chunk_size=exports.CHUNK)
        return exports.participants(fmt, training, rows)
    participants = list(selectors.participants_for_user(request.user, training))
    today = timezone.localdate()
    return render(
        request,
        "enterprises/training_detail.html",
        {
            "training": training,
            "participants": participants,
            "days": [d for d in selectors.course_days(training) if d <= today],
            "can_change": selectors.can_change_training(request.user, training),
            "trained": len([p for p in participants if p.completed_on]),
            "started": len([p for p in participants if getattr(p, "started_business", False)]),
        },
    )


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, training_id: int) -> HttpResponseBase:
    training = selectors.get_training_for_user(request.user, training_id, for_write=True)
    search = OwnerSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    form = ParticipantForm(request.POST or None, people=selectors.people_for_owners(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_add(training=training, person=form.cleaned_data["person"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participant is registered."))
            return redirect("enterprises:training", training_id=training.pk)
    return render(
        request,
        "enterprises/participant_add.html",
        {
            "training": training,
            "search": search,
            "form": form,
            "found": selectors.owner_candidates(request.user, q, []) if q else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def attendance_sheet(request: HttpRequest, training_id: int, day: str) -> HttpResponseBase:
    training = selectors.get_training_for_user(request.user, training_id)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404(selectors.NOT_FOUND) from None
    if not training.starts_on <= date <= training.ends_on:
        raise Http404(selectors.NOT_FOUND)
    if request.method == "POST" and not selectors.can_change_training(request.user, training):
        raise PermissionDenied
    participants = list(selectors.participants_for_user(request.user, training))
    marks = selectors.attendance_on(training, date)
    for p in participants:
        p.present_today = marks.get(p.pk)  # type: ignore[attr-defined]
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,  # no box ticked still posts the sheet
        participants=participants,
        initial={"present": [pk for pk, present in marks.items() if present]},
    )
    # With htmx, each tick saves at once and only the sheet comes back; without it, the button.
    in_place = getattr(request, "htmx", False) and not request.htmx.boosted  # type: ignore[attr-defined]
    saved = False
    if request.method == "POST" and form.is_valid():
        present = set(form.cleaned_data["present"])
        try:
            services.attendance_record(
                training=training,
                day=date,
                marks={p.pk: p.pk in present for p in participants},
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not in_place:
                messages.success(request, _("The attendance is saved."))
                return redirect("enterprises:attendance", training_id=training.pk, day=date.isoformat())
            saved = True
    return render(
        request,
        "enterprises/attendance_sheet.html#sheet" if in_place else "enterprises/attendance_sheet.html",
        {
            "training": training,
            "day": date,
            "form": form,
            "participants": participants,
            "saved": saved,
            "can_change": selectors.can_change_training(request.user, training),
        },
        status=400 if request.method == "POST" and not saved else 200,
    )


@require_http_methods(["GET", "POST"])
def participant_complete(request: HttpRequest, training_id: int, participant_id: int) -> HttpResponseBase:
    training = selectors.get_training_for_user(request.user, training_id, for_write=True)
    participant = selectors.get_participant_for_user(request.user, training, participant_id)
    form = CompleteForm(
        request.POST or None,
        initial={
            "completed_on": participant.completed_on or min(training.ends_on, timezone.localdate()),
            "certificate_number": participant.certificate_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_complete(participant=participant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The completion is recorded."))
            return redirect("enterprises:training", training_id=training.pk)
    return render(
        request,
        "enterprises/participant_complete.html",
        {"training": training, "participant": participant, "form": form},
        status=400 if request.method == "POST" else 200,
    )
