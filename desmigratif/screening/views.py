"""The public "Cek tawaran kerja" page and the screening of an offer on a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from desmigratif.core.forms import add_service_errors
from desmigratif.migration.selectors import get_case_for_user
from desmigratif.screening import rules, selectors, services
from desmigratif.screening.forms import OfferForm, PublicOfferForm


@login_not_required
@sensitive_post_parameters("nik")
@require_http_methods(["GET", "POST"])
def offer_check(request: HttpRequest) -> HttpResponse:
    """Public: screen a job offer, for anyone without an account. Nothing of it is stored.

    The form is posted, so that a NIK never ends up in a URL or an access log, and the NIK is
    hidden from error reports.
    """
    form = PublicOfferForm(request.POST or None)
    findings = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = rules.screen(form.to_offer())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                findings = [f.shown() for f in result.findings]
        if findings is None:
            status = 400
    return render(request, "screening/check.html", {"form": form, "findings": findings}, status=status)


@require_http_methods(["GET", "POST"])
def case_screen(request: HttpRequest, case_id: int) -> HttpResponseBase:
    """Screen the offer behind a case; the answers and findings are saved with the case."""
    case = get_case_for_user(request.user, case_id, for_write=True)
    form = OfferForm(request.POST or None, initial=selectors.offer_initial(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_screening_record(case=case, offer=form.to_offer(nik=case.person.nik), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The offer is screened; the findings are saved with the case."))
            return redirect("migration:detail", case_id=case.pk)
    return render(
        request,
        "screening/case_screen.html",
        {"form": form, "case": case},
        status=400 if request.method == "POST" else 200,
    )
