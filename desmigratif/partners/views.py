"""Partner pages: access → form → service → redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.core.exports import requested_format
from desmigratif.core.forms import add_service_errors
from desmigratif.core.pages import page_of
from desmigratif.lib import nik as nik_lib
from desmigratif.partners import exports, selectors, services
from desmigratif.partners.forms import (
    OrganisationForm,
    PersonSearchForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    ReferralFilterForm,
    ReferralForm,
    StatusForm,
    SupportForm,
)
from desmigratif.partners.models import Organisation, Referral


def _require(request: HttpRequest, perm: str) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


def _render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400 if request.method == "POST" else 200)


# --- Programmes -----------------------------------------------------------------------------------


def _programme_filters(request: HttpRequest) -> tuple[ProgrammeFilterForm, selectors.ProgrammeFilter]:
    form = ProgrammeFilterForm(request.GET or None)
    if form.is_valid():
        return form, selectors.ProgrammeFilter(**form.cleaned_data)
    return form, selectors.ProgrammeFilter()


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.PARTNERS_VIEW)
    form, filters = _programme_filters(request)
    if fmt := requested_format(request):
        return exports.programmes(fmt, selectors.programmes_for_user(request.user, filters))
    return render(
        request,
        "partners/programme_list.html",
        {
            "form": form,
            "page": page_of(request, selectors.programmes_for_user(request.user, filters)),
            "can_change": selectors.can_change(request.user),
        },
    )


def _programme_data(cleaned: dict[str, Any]) -> services.ProgrammeData:
    return services.ProgrammeData(**cleaned)


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.PARTNERS_CHANGE)
    form = ProgrammeForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(data=_programme_data(form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The programme is recorded."))
            return redirect("partners:programme", programme_id=programme.pk)
    return _render_form(
        request,
        "partners/form.html",
        {"form": form, "title": _("Record a partner programme"), "form_id": "programme-form"},
    )


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponseBase:
    programme = selectors.get_programme_for_user(request.user, programme_id, for_write=True)
    initial = {
        "organisation": programme.organisation_id,
        "name": programme.name,
        "pillar": programme.pillar,
        "description": programme.description,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "is_active": programme.is_active,
    }
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, data=_programme_data(form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("partners:programme", programme_id=programme.pk)
    return _render_form(
        request, "partners/form.html", {"form": form, "title": _("Edit the programme"), "form_id": "programme-form"}
    )


@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme_for_user(request.user, programme_id)
    supports = selectors.supports_for_user(request.user, selectors.SupportFilter(programme=programme.pk))
    return render(
        request,
        "partners/programme_detail.html",
        {
            "programme": programme,
            "page": page_of(request, supports),
            "can_change": selectors.can_change(request.user),
            "can_refer": selectors.can_refer(request.user) and programme.is_active,
        },
    )


@require_http_methods(["GET", "POST"])
def support_create(request: HttpRequest, programme_id: int) -> HttpResponseBase:
    programme = selectors.get_programme_for_user(request.user, programme_id, for_write=True)
    form = SupportForm(request.POST or None, villages=selectors.villages_for_support(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.support_add(
                programme=programme, data=services.SupportData(**form.cleaned_data), actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The village support is recorded."))
            return redirect("partners:programme", programme_id=programme.pk)
    return _render_form(
        request,
        "partners/form.html",
        {"form": form, "title": _("Record support to a village"), "subject": programme, "form_id": "support-form"},
    )


# --- Village support ------------------------------------------------------------------------------


@require_GET
def support_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.PARTNERS_VIEW)
    if fmt := requested_format(request):
        return exports.supports(fmt, selectors.supports_for_user(request.user).iterator(chunk_size=exports.CHUNK))
    return render(
        request,
        "partners/support_list.html",
        {"page": page_of(request, selectors.supports_for_user(request.user))},
    )


@require_GET
def village(request: HttpRequest, village_code: str) -> HttpResponse:
    village = selectors.get_village_for_user(request.user, village_code)
    supports = selectors.supports_for_user(request.user, selectors.SupportFilter(village=village.code))
    return render(request, "partners/village.html", {"village": village, "page": page_of(request, supports)})


# --- Organisations --------------------------------------------------------------------------------


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.PARTNERS_VIEW)
    return render(
        request,
        "partners/organisation_list.html",
        {
            "page": page_of(request, selectors.organisations_for_user(request.user)),
            "can_change": selectors.can_change(request.user),
        },
    )


def _organisation_form(request: HttpRequest, organisation: Organisation | None) -> HttpResponseBase:
    initial = (
        {"kind": organisation.kind, "name": organisation.name, "short_name": organisation.short_name}
        if organisation
        else None
    )
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.OrganisationData(**form.cleaned_data)
        try:
            if organisation is None:
                services.organisation_create(data=data, actor=request.user)
            else:
                services.organisation_update(organisation=organisation, data=data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("partners:organisations")
    title = _("Edit the organisation") if organisation else _("Add a partner organisation")
    return _render_form(request, "partners/form.html", {"form": form, "title": title, "form_id": "organisation-form"})


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.PARTNERS_CHANGE)
    return _organisation_form(request, None)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponseBase:
    return _organisation_form(
        request, selectors.get_organisation_for_user(request.user, organisation_id, for_write=True)
    )


# --- Referrals ------------------------------------------------------------------------------------


def _referral_filters(request: HttpRequest) -> tuple[ReferralFilterForm, selectors.ReferralFilter]:
    form = ReferralFilterForm(request.GET or None)
    if form.is_valid():
        return form, selectors.ReferralFilter(**form.cleaned_data)
    return form, selectors.ReferralFilter()


def _require_referrals(request: HttpRequest) -> None:
    # Referrals name people: only for users who may see both partner programmes and people.
    if not (has_perm(request.user, Perm.PARTNERS_VIEW) and has_perm(request.user, Perm.PEOPLE_VIEW)):
        raise PermissionDenied


@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    _require_referrals(request)
    form, filters = _referral_filters(request)
    if fmt := requested_format(request):
        rows = selectors.referrals_for_export(request.user, filters).iterator(chunk_size=exports.CHUNK)
        return exports.referrals(fmt, rows)
    return render(
        request,
        "partners/referral_list.html",
        {
            "form": form,
            "page": page_of(request, selectors.referrals_for_user(request.user, filters)),
            "can_refer": selectors.can_refer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.REFERRALS_CHANGE)
    search = PersonSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = selectors.referral_candidates(request.user, q)
    programme_id = request.GET.get("programme", "")
    initial: dict[str, Any] = {"referred_on": timezone.localdate()}
    if programme_id.isdigit() and len(programme_id) < 19:
        initial["programme"] = int(programme_id)
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        people=selectors.people_for_referral(request.user),
        candidates=candidates,
        programmes=selectors.active_programmes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(data=services.ReferralData(**form.cleaned_data), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person is referred."))
            return redirect("partners:referral", referral_id=referral.pk)
    return _render_form(request, "partners/referral_form.html", {"form": form, "search": search})


def _referral_page(
    request: HttpRequest, referral: Referral, form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "partners/referral_detail.html",
        {
            "referral": referral,
            # Shown masked: a referral does not need the full NIK (the person's page reveals it).
            "nik": nik_lib.mask(referral.person.nik),
            "history": selectors.referral_history(referral),
            "can_change": selectors.can_change_referral(request.user, referral),
            "status_form": form or StatusForm(initial={"on": timezone.localdate()}),
        },
        status=status,
    )


@require_GET
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _referral_page(request, selectors.get_referral_for_user(request.user, referral_id))


@require_POST
def referral_status(request: HttpRequest, referral_id: int) -> HttpResponseBase:
    referral = selectors.get_referral_for_user(request.user, referral_id, for_write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.referral_set_status(referral=referral, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral is updated."))
            return redirect("partners:referral", referral_id=referral.pk)
    return _referral_page(request, referral, form, status=400)


# --- Figures for partners -------------------------------------------------------------------------


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """What partners see: counts per programme and region, small counts hidden, never a name."""
    _require(request, Perm.AGGREGATES_VIEW)
    code = request.GET.get("region", "")[:13]
    if code and not all(part.isdigit() for part in code.split(".")):
        raise Http404(selectors.NOT_FOUND)
    code = selectors.aggregate_region(request.user, code)
    programmes, regions, suppress = selectors.partner_figures(request.user, code)
    if fmt := requested_format(request):
        return exports.figures(fmt, programmes, regions, suppress=suppress, region=code)
    return render(
        request,
        "partners/figures.html",
        {"programmes": programmes, "regions": regions, "suppress": suppress, "region": code},
    )
