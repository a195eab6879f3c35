"""Loan pages: products, applications, the four-eyes decision, disbursement, repayments, arrears."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.cooperatives import exports, loans, selectors
from desmigratif.cooperatives.loan_forms import (
    DateForm,
    DecideForm,
    LoanApplyForm,
    LoanFilterForm,
    LoanProductForm,
    RepayForm,
)
from desmigratif.cooperatives.models import (
    CollectibilityScheme,
    Cooperative,
    Loan,
    LoanProduct,
    LoanStatus,
    Member,
    MemberStatus,
)
from desmigratif.core.exports import requested_format
from desmigratif.core.forms import add_service_errors
from desmigratif.core.pages import page_of


def _loan(cooperative: Cooperative, loan_id: int) -> Loan:
    return get_object_or_404(
        Loan.objects.select_related("member__person", "product", "applied_by", "decided_by"),
        cooperative=cooperative,
        pk=loan_id,
    )


@require_GET
def loan_list(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    form = LoanFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    qs = Loan.objects.filter(cooperative=cooperative).select_related("member__person", "product")
    if status:
        qs = qs.filter(status=status)
    if fmt := requested_format(request):
        rows = qs.order_by("-applied_on", "-id").iterator(chunk_size=exports.CHUNK)
        return exports.loans(fmt, cooperative, rows, today=timezone.localdate().isoformat())
    page = page_of(request, qs.order_by("-applied_on", "-id"))
    scheme = request.GET.get("scheme", CollectibilityScheme.COOPERATIVE)
    if scheme not in CollectibilityScheme.values:
        scheme = CollectibilityScheme.COOPERATIVE
    quality = loans.portfolio_quality(cooperative.pk, timezone.localdate(), scheme)
    return render(
        request,
        "cooperatives/loans/list.html",
        {
            "cooperative": cooperative,
            "form": form,
            "page": page,
            "quality": quality,
            "scheme": scheme,
            "schemes": CollectibilityScheme.choices,
            "can_change": selectors.can_change(request.user, cooperative),
            "products": LoanProduct.objects.filter(cooperative=cooperative).order_by("name"),
        },
    )


@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    form = LoanProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            loans.loan_product_create(cooperative=cooperative, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The loan product is saved."))
            return redirect("loans:list", cooperative_id=cooperative.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "cooperatives/loans/product_form.html", {"cooperative": cooperative, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def loan_apply(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    members = Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE).select_related("person")
    products = LoanProduct.objects.filter(cooperative=cooperative, is_active=True)
    initial = {"member": request.GET.get("member")} if request.GET.get("member") else None
    form = LoanApplyForm(request.POST or None, initial=initial, members=members.order_by("number"), products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = loans.loan_apply(
                member=data["member"],
                product=data["product"],
                principal=data["principal"],
                term_months=data["term_months"],
                purpose=data["purpose"],
                date=data["date"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The application is recorded; another officer decides on it."))
            return redirect("loans:detail", cooperative_id=cooperative.pk, loan_id=loan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cooperatives/loans/apply.html", {"cooperative": cooperative, "form": form}, status=status)


def _detail_context(request: HttpRequest, cooperative: Cooperative, loan: Loan, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    instalments = list(loan.instalments.order_by("number"))
    oldest = next((i.due_on for i in instalments if i.paid_on is None), None)
    days = loans.days_past_due(loan, today, oldest_unpaid_due=oldest) if oldest else 0
    classes = list(cooperative.collectibility_classes.filter(scheme=CollectibilityScheme.COOPERATIVE))
    return {
        "cooperative": cooperative,
        "loan": loan,
        "instalments": instalments,
        "repayments": loan.repayments.order_by("date", "id"),
        "days_past_due": days,
        "collectibility": loans.collectibility(days, classes) if classes else None,
        "can_change": selectors.can_change(request.user, cooperative),
        "may_decide": loan.status == LoanStatus.APPLIED and loan.applied_by_id != request.user.pk,
        "decide_form": forms.get("decide_form") or DecideForm(),
        "disburse_form": forms.get("disburse_form") or DateForm(),
        "repay_form": forms.get("repay_form") or RepayForm(),
    }


@require_GET
def loan_detail(request: HttpRequest, cooperative_id: int, loan_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    loan = _loan(cooperative, loan_id)
    return render(request, "cooperatives/loans/detail.html", _detail_context(request, cooperative, loan))


@require_POST
def loan_decide(request: HttpRequest, cooperative_id: int, loan_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    loan = _loan(cooperative, loan_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            loans.loan_decide(
                loan=loan,
                approve=form.cleaned_data["decision"] == "approve",
                date=timezone.localdate(),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("loans:detail", cooperative_id=cooperative.pk, loan_id=loan.pk)
    context = _detail_context(request, cooperative, loan, decide_form=form)
    return render(request, "cooperatives/loans/detail.html", context, status=400)


@require_POST
def loan_disburse(request: HttpRequest, cooperative_id: int, loan_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    loan = _loan(cooperative, loan_id)
    form = DateForm(request.POST)
    if form.is_valid():
        try:
            loans.loan_disburse(loan=loan, date=form.cleaned_data["date"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The loan is paid out; the repayment schedule is set."))
            return redirect("loans:detail", cooperative_id=cooperative.pk, loan_id=loan.pk)
    context = _detail_context(request, cooperative, loan, disburse_form=form)
    return render(request, "cooperatives/loans/detail.html", context, status=400)


@require_POST
def loan_repay(request: HttpRequest, cooperative_id: int, loan_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    loan = _loan(cooperative, loan_id)
    form = RepayForm(request.POST)
    if form.is_valid():
        try:
            repayment = loans.loan_repay(
                loan=loan, amount=form.cleaned_data["amount"], date=form.cleaned_data["date"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Repayment recorded: penalty %(penalty)s, interest %(interest)s, principal %(principal)s.")
                % {"penalty": repayment.penalty, "interest": repayment.interest, "principal": repayment.principal},
            )
            return redirect("loans:detail", cooperative_id=cooperative.pk, loan_id=loan.pk)
    context = _detail_context(request, cooperative, loan, repay_form=form)
    return render(request, "cooperatives/loans/detail.html", context, status=400)
