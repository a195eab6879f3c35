"""Cooperative pages. Each view reads: access → form → service → redirect or render."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypedDict, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.cooperatives import exports, pdf, selectors, services
from desmigratif.cooperatives.forms import (
    AdArtForm,
    AsOfForm,
    CloseMonthForm,
    CollectibilityForm,
    CooperativeForm,
    EntryForm,
    EntryHeadForm,
    EntryLineFormSet,
    JoinForm,
    LeaveForm,
    MemberFilterForm,
    PeriodForm,
    PersonSearchForm,
    ReverseForm,
    SavingsForm,
    WithdrawForm,
)
from desmigratif.cooperatives.ledger import Line
from desmigratif.cooperatives.models import (
    ZERO,
    Account,
    CollectibilityScheme,
    Cooperative,
    Member,
    MemberStatus,
    SavingsKind,
)
from desmigratif.core.exports import attachment, requested_format
from desmigratif.core.forms import add_service_errors
from desmigratif.core.models import choice_labels
from desmigratif.core.pages import page_of
from desmigratif.core.paths import object_path
from desmigratif.regions.models import Village


@require_GET
def cooperative_list(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.COOPERATIVES_VIEW):
        raise PermissionDenied
    page = page_of(request, selectors.cooperatives_for_user(request.user))
    return render(
        request,
        "cooperatives/cooperative_list.html",
        {"page": page, "can_create": has_perm(request.user, Perm.COOPERATIVES_CHANGE)},
    )


@require_http_methods(["GET", "POST"])
def cooperative_create(request: HttpRequest) -> HttpResponseBase:
    if not has_perm(request.user, Perm.COOPERATIVES_CHANGE):
        raise PermissionDenied
    villages = list(selectors.villages_for_setup(request.user)[:500])
    form = CooperativeForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            cooperative = services.cooperative_create(
                village=Village.objects.get(code=data["village"]),
                name=data["name"],
                legal_entity_number=data["legal_entity_number"],
                founded_on=data["founded_on"],
                fiscal_year_start_month=data["fiscal_year_start_month"],
                principal_savings_amount=data["principal_savings_amount"],
                mandatory_savings_amount=data["mandatory_savings_amount"],
                mandatory_savings_period_months=data["mandatory_savings_period_months"],
                jasa_modal_counts_voluntary=data["jasa_modal_counts_voluntary"],
                shu=form.shu(),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cooperative is set up with the standard chart of accounts."))
            return redirect("cooperatives:detail", cooperative_id=cooperative.pk)
    return render(
        request,
        "cooperatives/cooperative_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def cooperative_settings(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    """The AD/ART parameters and the collectibility thresholds; changed by the cooperative's officers."""
    writing = request.method == "POST"
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=writing)
    shares = {a.pool: a.percent for a in cooperative.shu_allocations.all()}
    initial = {field: getattr(cooperative, field) for field in services.ADART_FIELDS}
    form = AdArtForm(request.POST if writing else None, initial=initial, shu_initial=shares)
    if writing and form.is_valid():
        data = form.cleaned_data
        try:
            services.cooperative_update(
                cooperative=cooperative,
                name=data["name"],
                legal_entity_number=data["legal_entity_number"],
                principal_savings_amount=data["principal_savings_amount"],
                mandatory_savings_amount=data["mandatory_savings_amount"],
                mandatory_savings_period_months=data["mandatory_savings_period_months"],
                jasa_modal_counts_voluntary=data["jasa_modal_counts_voluntary"],
                shu=form.shu(),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The AD/ART parameters are saved."))
            return redirect("cooperatives:settings", cooperative_id=cooperative.pk)
    return render(
        request,
        "cooperatives/settings.html",
        {
            "cooperative": cooperative,
            "form": form,
            "can_change": selectors.can_change(request.user, cooperative),
            "schemes": selectors.collectibility_schemes(cooperative),
        },
        status=400 if writing else 200,
    )


@require_http_methods(["GET", "POST"])
def collectibility_settings(request: HttpRequest, cooperative_id: int, scheme: str) -> HttpResponseBase:
    writing = request.method == "POST"
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=writing)
    classes = selectors.collectibility_classes(cooperative, scheme)
    form = CollectibilityForm(request.POST if writing else None, classes=classes)
    if writing and form.is_valid():
        try:
            services.collectibility_update(
                cooperative=cooperative, scheme=scheme, classes=form.thresholds(), actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The collectibility thresholds are saved."))
            return redirect("cooperatives:settings", cooperative_id=cooperative.pk)
    return render(
        request,
        "cooperatives/collectibility_form.html",
        {
            "cooperative": cooperative,
            "form": form,
            "scheme": CollectibilityScheme(scheme),
            "can_change": selectors.can_change(request.user, cooperative),
        },
        status=400 if writing else 200,
    )


@require_GET
def cooperative_detail(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    return render(
        request,
        "cooperatives/cooperative_detail.html",
        {
            "cooperative": cooperative,
            "overview": selectors.overview(cooperative),
            "can_change": selectors.can_change(request.user, cooperative),
        },
    )


# What a member row reads: the balances are the annotations of ``selectors.members``.
_MEMBER_ROW_COLUMNS = (
    "id",
    "cooperative_id",
    "number",
    "status",
    "person__full_name",
    "principal",
    "mandatory",
    "voluntary",
)


class MemberRow(TypedDict):
    """A row of the member list, as cooperatives/member_list.html shows it."""

    url: str
    number: str
    name: str
    active: bool
    status: str
    principal: Decimal
    mandatory: Decimal
    voluntary: Decimal


def _member_rows(members: QuerySet[Member]) -> list[MemberRow]:
    """The page's rows as plain values: the member's number, status and balances and the person's
    name only, no model instance made, and the template reads dictionaries."""
    statuses = choice_labels(Member._meta.get_field("status"))
    return [
        {
            "url": object_path("cooperatives:member", cooperative_id, pk),
            "number": number,
            "name": name,
            "active": status == MemberStatus.ACTIVE,
            "status": statuses.get(status, status),
            "principal": principal,
            "mandatory": mandatory,
            "voluntary": voluntary,
        }
        for pk, cooperative_id, number, status, name, principal, mandatory, voluntary in members.values_list(
            *_MEMBER_ROW_COLUMNS
        )
    ]


@require_GET
def member_list(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    form = MemberFilterForm(request.GET or None)
    search, status = "", ""
    if form.is_valid():
        search, status = form.cleaned_data["q"], form.cleaned_data["status"]
    page = page_of(request, selectors.members(cooperative, search=search, status=status))
    template = "cooperatives/member_list.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "cooperative": cooperative,
            "form": form,
            "page": page,
            "rows": _member_rows(cast("QuerySet[Member]", page.object_list)),
            "can_change": selectors.can_change(request.user, cooperative),
        },
    )


@require_GET
def mandatory_due(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    rows = selectors.mandatory_savings_due(cooperative)
    if fmt := requested_format(request):
        return exports.mandatory_due(fmt, cooperative, rows, today=timezone.localdate().isoformat())
    return render(request, "cooperatives/mandatory_due.html", {"cooperative": cooperative, "rows": rows})


@require_http_methods(["GET", "POST"])
def member_join(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    search = PersonSearchForm(request.GET or None)
    people = selectors.people_to_register(
        request.user, cooperative, search.data.get("q", "") if search.is_bound else ""
    )
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.get_person_to_register(request.user, cooperative, form.cleaned_data["person"])
        try:
            member = services.member_join(
                cooperative=cooperative, person=person, date=form.cleaned_data["date"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is member %(number)s.") % {"name": person.full_name, "number": member.number}
            )
            return redirect("cooperatives:member", cooperative_id=cooperative.pk, member_id=member.pk)
    return render(
        request,
        "cooperatives/member_join.html",
        {"cooperative": cooperative, "search": search, "people": people, "form": form, "today": timezone.localdate()},
        status=400 if request.method == "POST" else 200,
    )


def _member_context(request: HttpRequest, cooperative: Cooperative, member: Member, **extra: Any) -> dict[str, Any]:
    page = page_of(request, selectors.passbook(member))
    accounts = selectors.savings_accounts(member)
    return {
        "cooperative": cooperative,
        "member": member,
        "balances": [(SavingsKind(k).label, accounts[k].balance) for k in SavingsKind.values if k in accounts],
        "total": sum((a.balance for a in accounts.values()), start=ZERO),
        "page": page,
        "can_change": selectors.can_change(request.user, cooperative) and member.status == "active",
        "deposit_form": extra.pop("deposit_form", None) or SavingsForm(prefix="deposit"),
        "withdraw_form": extra.pop("withdraw_form", None) or WithdrawForm(prefix="withdraw"),
        "leave_form": extra.pop("leave_form", None) or LeaveForm(prefix="leave"),
        **extra,
    }


@require_GET
def member_detail(request: HttpRequest, cooperative_id: int, member_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    member = selectors.get_member(cooperative, member_id)
    return render(request, "cooperatives/member_detail.html", _member_context(request, cooperative, member))


@require_GET
def member_passbook_pdf(request: HttpRequest, cooperative_id: int, member_id: int) -> HttpResponse:
    """The passbook as a PDF: balances and every transaction, oldest first."""
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    member = selectors.get_member(cooperative, member_id)
    balances = {kind: account.balance for kind, account in selectors.savings_accounts(member).items()}
    transactions = selectors.passbook(member).order_by("date", "id")
    member.cooperative = cooperative
    services.passbook_read(member=member, actor=request.user)
    return attachment(
        pdf.passbook_pdf(cooperative, member, balances, transactions), f"buku-simpanan-{member.number}", "pdf"
    )


def _savings_action(request: HttpRequest, cooperative_id: int, member_id: int, action: str) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    member = selectors.get_member(cooperative, member_id)
    form_class = SavingsForm if action == "deposit" else WithdrawForm
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        account = selectors.savings_accounts(member)[form.cleaned_data["kind"]]
        account.member = member
        member.cooperative = cooperative
        service = services.savings_deposit if action == "deposit" else services.savings_withdraw
        try:
            service(
                account=account,
                amount=form.cleaned_data["amount"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The deposit is recorded.") if action == "deposit" else _("The withdrawal is recorded.")
            )
            return redirect("cooperatives:member", cooperative_id=cooperative.pk, member_id=member.pk)
    context = _member_context(request, cooperative, member, **{f"{action}_form": form})
    return render(request, "cooperatives/member_detail.html", context, status=400)


@require_POST
def savings_deposit(request: HttpRequest, cooperative_id: int, member_id: int) -> HttpResponseBase:
    return _savings_action(request, cooperative_id, member_id, "deposit")


@require_POST
def savings_withdraw(request: HttpRequest, cooperative_id: int, member_id: int) -> HttpResponseBase:
    return _savings_action(request, cooperative_id, member_id, "withdraw")


@require_POST
def member_leave(request: HttpRequest, cooperative_id: int, member_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    member = selectors.get_member(cooperative, member_id)
    form = LeaveForm(request.POST, prefix="leave")
    if form.is_valid():
        member.cooperative = cooperative
        try:
            services.member_leave(member=member, date=form.cleaned_data["date"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The member has left; the savings are paid back."))
            return redirect("cooperatives:member", cooperative_id=cooperative.pk, member_id=member.pk)
    return render(
        request,
        "cooperatives/member_detail.html",
        _member_context(request, cooperative, member, leave_form=form),
        status=400,
    )


def _journal_context(request: HttpRequest, cooperative: Cooperative, **extra: Any) -> dict[str, Any]:
    page = page_of(request, selectors.journal(cooperative))
    return {
        "cooperative": cooperative,
        "page": page,
        "can_change": selectors.can_change(request.user, cooperative),
        "reverse_form": ReverseForm(),
        "close_form": extra.pop("close_form", None) or CloseMonthForm(),
        **extra,
    }


@require_GET
def journal(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    return render(request, "cooperatives/journal.html", _journal_context(request, cooperative))


@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    accounts = Account.objects.filter(cooperative=cooperative).order_by("code")
    form = EntryForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.manual_entry(
                cooperative=cooperative,
                date=data["date"],
                description=data["description"],
                lines=[
                    Line(data["debit_account"], debit=data["amount"]),
                    Line(data["credit_account"], credit=data["amount"]),
                ],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The entry is posted."))
            return redirect("cooperatives:journal", cooperative_id=cooperative.pk)
    return render(
        request,
        "cooperatives/entry_form.html",
        {"cooperative": cooperative, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def entry_lines_create(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    """A manual entry of several lines (e.g. one payment split over two expense accounts)."""
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    accounts = Account.objects.filter(cooperative=cooperative).order_by("code")
    head = EntryHeadForm(request.POST or None)
    lines = EntryLineFormSet(request.POST or None, form_kwargs={"accounts": accounts}, prefix="line")
    if request.method == "POST" and head.is_valid() and lines.is_valid():
        entry_lines = [
            Line(
                f.cleaned_data["account"],
                debit=f.cleaned_data["debit"] or ZERO,
                credit=f.cleaned_data["credit"] or ZERO,
            )
            for f in lines.forms
            if f.cleaned_data.get("account") is not None
        ]
        try:
            services.manual_entry(
                cooperative=cooperative,
                date=head.cleaned_data["date"],
                description=head.cleaned_data["description"],
                lines=entry_lines,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(head, exc)
        else:
            messages.success(request, _("The entry is posted."))
            return redirect("cooperatives:journal", cooperative_id=cooperative.pk)
    return render(
        request,
        "cooperatives/entry_lines_form.html",
        {"cooperative": cooperative, "form": head, "lines": lines},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def entry_reverse(request: HttpRequest, cooperative_id: int, entry_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    entry = selectors.get_entry(cooperative, entry_id)
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            services.entry_reverse(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cooperatives:journal", cooperative_id=cooperative.pk)
        messages.success(request, _("The entry is reversed."))
        return redirect("cooperatives:journal", cooperative_id=cooperative.pk)
    messages.error(request, _("Give the reason and the date of the reversal."))
    return redirect("cooperatives:journal", cooperative_id=cooperative.pk)


@require_POST
def period_close(request: HttpRequest, cooperative_id: int) -> HttpResponseBase:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id, for_write=True)
    form = CloseMonthForm(request.POST)
    if form.is_valid():
        year, month = form.cleaned_data["month"]
        try:
            services.period_close(cooperative=cooperative, year=year, month=month, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The month is closed."))
            return redirect("cooperatives:journal", cooperative_id=cooperative.pk)
    context = _journal_context(request, cooperative, close_form=form)
    return render(request, "cooperatives/journal.html", context, status=400)


# --- reports ------------------------------------------------------------------------------------


def _default_period(cooperative: Cooperative) -> tuple[datetime.date, datetime.date]:
    """The fiscal year to date."""
    today = timezone.localdate()
    start_month = cooperative.fiscal_year_start_month
    year = today.year if today.month >= start_month else today.year - 1
    return datetime.date(year, start_month, 1), today


def _period(request: HttpRequest, cooperative: Cooperative) -> tuple[PeriodForm, datetime.date, datetime.date, bool]:
    start, end = _default_period(cooperative)
    form = PeriodForm(request.GET if "start" in request.GET else None, initial={"start": start, "end": end})
    if form.is_bound:
        if not form.is_valid():
            return form, start, end, False
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end, True


@require_GET
def trial_balance(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    form, start, end, ok = _period(request, cooperative)
    report = selectors.trial_balance(cooperative, start, end) if ok else None
    if report and (fmt := requested_format(request)):
        return exports.trial_balance(fmt, cooperative, report)
    return render(
        request,
        "cooperatives/trial_balance.html",
        {"cooperative": cooperative, "form": form, "report": report},
        status=200 if ok else 400,
    )


@require_GET
def balance_sheet(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    date = timezone.localdate()
    form = AsOfForm(request.GET if "date" in request.GET else None, initial={"date": date})
    ok = not form.is_bound or form.is_valid()
    if form.is_bound and ok:
        date = form.cleaned_data["date"]
    report = selectors.balance_sheet(cooperative, date) if ok else None
    if report and (fmt := requested_format(request)):
        return exports.balance_sheet(fmt, cooperative, report)
    return render(
        request,
        "cooperatives/balance_sheet.html",
        {"cooperative": cooperative, "form": form, "report": report},
        status=200 if ok else 400,
    )


@require_GET
def income_statement(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = selectors.get_cooperative_for_user(request.user, cooperative_id)
    form, start, end, ok = _period(request, cooperative)
    report = selectors.income_statement(cooperative, start, end) if ok else None
    if report and (fmt := requested_format(request)):
        return exports.income_statement(fmt, cooperative, report)
    return render(
        request,
        "cooperatives/income_statement.html",
        {"cooperative": cooperative, "form": form, "report": report},
        status=200 if ok else 400,
    )
