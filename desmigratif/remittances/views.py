"""Remittance pages: the scoped list, recording one for a person, its page, and the summaries."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.cooperatives.models import Member, MemberStatus
from desmigratif.core.exports import requested_format
from desmigratif.core.pages import page_of
from desmigratif.lib.countries import country_name
from desmigratif.people import selectors as people
from desmigratif.people.models import Person
from desmigratif.regions.models import Regency, Village
from desmigratif.remittances import exports, selectors, services
from desmigratif.remittances.forms import DepositForm, RemittanceForm
from desmigratif.remittances.models import CostTarget


def _require_view(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.REMITTANCES_VIEW):
        raise PermissionDenied


@require_GET
def remittance_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    remittances = selectors.remittances_for_user(request.user).select_related("recipient", "village")
    page = page_of(request, remittances.order_by("-received_on", "-id"))
    return render(request, "remittances/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def remittance_new(request: HttpRequest, person_id: int) -> HttpResponseBase:
    recipient = people.get_person_for_user(request.user, person_id)
    if not scope_for(request.user, Perm.REMITTANCES_CHANGE).contains(recipient.domicile_village_id):
        raise PermissionDenied
    # The migrant workers this family member is linked to, as far as the user may see them.
    linked = scope_for(request.user, Perm.PEOPLE_VIEW).apply(
        Person.objects.filter(family_links__family_member=recipient).order_by("full_name"), "domicile_village__code"
    )
    senders = [(p.pk, p.full_name) for p in linked]
    form = RemittanceForm(request.POST or None, senders=senders)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            remittance = services.remittance_record(
                data=services.RemittanceData(
                    recipient=recipient,
                    received_on=data["received_on"],
                    sending_country=data["sending_country"],
                    amount_sent=data["amount_sent"],
                    currency_sent=data["currency_sent"],
                    fee=data["fee"],
                    mid_rate=data["mid_rate"],
                    amount_received=data["amount_received"],
                    channel=data["channel"],
                    intended_use=data["intended_use"],
                    applied_rate=data["applied_rate"],
                    sender=linked.get(pk=data["sender"]) if data["sender"] else None,
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The remittance is recorded."))
            return redirect("remittances:detail", remittance_id=remittance.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "remittances/form.html", {"form": form, "recipient": recipient}, status=status)


@require_GET
def remittance_detail(request: HttpRequest, remittance_id: int) -> HttpResponse:
    _require_view(request)
    remittance = selectors.get_remittance_for_user(request.user, remittance_id)
    return render(request, "remittances/detail.html", _detail_context(request, remittance, DepositForm()))


def _detail_context(request: HttpRequest, remittance: object, form: DepositForm) -> dict[str, object]:
    today = timezone.localdate()
    can_deposit = scope_for(request.user, Perm.COOPERATIVES_CHANGE).contains(
        remittance.village_id  # type: ignore[attr-defined]
    )
    member = None
    if can_deposit:
        member = Member.objects.filter(
            person_id=remittance.recipient_id,  # type: ignore[attr-defined]
            status=MemberStatus.ACTIVE,
        ).first()
    return {
        "remittance": remittance,
        "country": country_name(remittance.sending_country),  # type: ignore[attr-defined]
        "targets": CostTarget.objects.filter(CostTarget.in_force_q(today)),
        "can_deposit": can_deposit and member is not None,
        "form": form,
    }


@require_POST
def remittance_deposit(request: HttpRequest, remittance_id: int) -> HttpResponseBase:
    _require_view(request)
    remittance = selectors.get_remittance_for_user(request.user, remittance_id)
    if not scope_for(request.user, Perm.COOPERATIVES_CHANGE).contains(remittance.village_id):
        raise PermissionDenied
    form = DepositForm(request.POST)
    if form.is_valid():
        try:
            services.remittance_deposit(
                remittance=remittance,
                amount=form.cleaned_data["amount"],
                date=timezone.localdate(),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("amount" if "amount" in exc.message_dict else None, exc.messages)
        else:
            messages.success(request, _("The amount is deposited into the member's voluntary savings."))
            return redirect("remittances:detail", remittance_id=remittance.pk)
    return render(request, "remittances/detail.html", _detail_context(request, remittance, form), status=400)


@require_GET
def remittance_summary(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    today = timezone.localdate()
    by = "regency" if request.GET.get("by") == "regency" else "village"
    start = today - datetime.timedelta(days=365)
    ceiling = selectors.ceiling_percent(today)
    rows = selectors.summary(request.user, by=by, start=start, end=today, ceiling=ceiling)
    codes = [row.area for row in rows]
    names = dict((Regency if by == "regency" else Village).objects.filter(code__in=codes).values_list("code", "name"))
    named = [(row, names.get(row.area, row.area)) for row in rows]
    if fmt := requested_format(request):
        return exports.summary(fmt, named, by=by, start=start, end=today, ceiling=ceiling)
    return render(
        request,
        "remittances/summary.html",
        {
            "rows": named,
            "by": by,
            "start": start,
            "end": today,
            "ceiling": ceiling,
        },
    )
