"""Vacancy pages: the public search (no login) and the staff pages. access → form → service → render."""

from __future__ import annotations

import datetime
from typing import Any, TypedDict, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.core.forms import add_service_errors
from desmigratif.core.models import choice_labels
from desmigratif.core.pages import page_of
from desmigratif.core.paths import object_path
from desmigratif.core.templatetags.dates import date as format_date
from desmigratif.lib.countries import country_name
from desmigratif.lib.languages import current_language
from desmigratif.people.selectors import get_person_for_user
from desmigratif.placement import selectors as placement
from desmigratif.vacancies import matching, selectors, services
from desmigratif.vacancies.forms import PublicSearchForm, StaffFilterForm, VacancyForm, VerifyForm
from desmigratif.vacancies.models import Vacancy, salary_text
from desmigratif.vacancies.selectors import VacancyFilter
from desmigratif.vacancies.services import VacancyData

PUBLIC_PAGE_SIZE = 20


def _filters(form: PublicSearchForm) -> VacancyFilter:
    if not form.is_valid():
        return VacancyFilter()
    data = form.cleaned_data
    return VacancyFilter(
        q=data["q"], country=data["country"], job=data["job"], sector=data["sector"], status=data.get("status", "")
    )


def _partial(request: HttpRequest, template: str) -> str:
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return template + "#results"
    return template


class VacancyRow(TypedDict):
    """A row of the public and the staff vacancy lists, as their templates show it."""

    url: str
    job: str
    country: str
    status: str
    status_label: str
    closing_date: datetime.date
    closes: str
    zero_cost: bool
    is_demo: bool
    employer_name: str
    employer_type: str
    agency: str
    job_order_reference: str
    salary: str


def _vacancy_rows(vacancies: QuerySet[Vacancy], *, url_name: str) -> list[VacancyRow]:
    """A page's rows as plain values: only the columns shown are read (with the agency's name and the
    job's names), no model instance is made, and the templates read dictionaries."""
    statuses = choice_labels(Vacancy._meta.get_field("status"))
    employer_types = choice_labels(Vacancy._meta.get_field("employer_type"))
    zero_cost = placement.zero_cost_job_ids()
    language = current_language()
    closes = _("closes %(date)s")
    return [
        {
            "url": object_path(url_name, pk),
            "job": job_en if language == "en" else job_id,
            "country": country_name(country, language),
            "status": status,
            "status_label": statuses.get(status, status),
            "closing_date": closing_date,
            "closes": closes % {"date": format_date(closing_date, "j M Y")},
            "zero_cost": job in zero_cost,
            "is_demo": is_demo,
            "employer_name": employer_name,
            "employer_type": employer_types.get(employer_type, employer_type),
            "agency": agency,
            "job_order_reference": reference,
            "salary": salary_text(amount, currency),
        }
        for (
            pk,
            job,
            job_id,
            job_en,
            country,
            status,
            closing_date,
            is_demo,
            employer_name,
            employer_type,
            agency,
            reference,
            amount,
            currency,
        ) in vacancies.values_list(
            "id",
            "job_id",
            "job__name_id",
            "job__name_en",
            "country",
            "status",
            "closing_date",
            "is_demo",
            "employer_name",
            "employer_type",
            "agency__name",
            "job_order_reference",
            "salary_amount",
            "salary_currency",
        )
    ]


# Public pages -------------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Verified, open vacancies of agencies that may recruit, for anyone, without an account."""
    form = PublicSearchForm(request.GET or None, countries=selectors.countries_of(selectors.public_vacancies()))
    page = page_of(request, selectors.public_vacancies(_filters(form)), per_page=PUBLIC_PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "rows": _vacancy_rows(cast("QuerySet[Vacancy]", page.object_list), url_name="vacancy_public"),
    }
    return render(request, _partial(request, "vacancies/public_list.html"), context)


@login_not_required
@require_GET
def public_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.get_public_vacancy(vacancy_id)
    return render(
        request,
        "vacancies/public_detail.html",
        {"vacancy": vacancy, "zero_cost": placement.zero_cost_rule(vacancy.job)},
    )


# Staff pages --------------------------------------------------------------------------------------


def _require_view(request: HttpRequest) -> None:
    if not selectors.can_see_all(request.user):
        raise PermissionDenied


@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    form = StaffFilterForm(
        request.GET or None, countries=selectors.countries_of(selectors.vacancies_for_user(request.user))
    )
    page = page_of(request, selectors.vacancies_for_user(request.user, _filters(form)))
    context = {
        "form": form,
        "page": page,
        "rows": _vacancy_rows(cast("QuerySet[Vacancy]", page.object_list), url_name="vacancies:detail"),
        "can_change": selectors.can_change(request.user),
        "today": timezone.localdate(),
    }
    return render(request, _partial(request, "vacancies/vacancy_list.html"), context)


@require_GET
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    _require_view(request)
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    return render(request, "vacancies/vacancy_detail.html", _detail_context(request, vacancy))


def _detail_context(request: HttpRequest, vacancy: Vacancy, **extra: Any) -> dict[str, Any]:
    return {
        "vacancy": vacancy,
        "zero_cost": placement.zero_cost_rule(vacancy.job),
        "can_change": selectors.can_change(request.user),
        "can_verify": selectors.can_verify(request.user),
        "can_match": has_perm(request.user, Perm.PEOPLE_VIEW),
        "verify_form": VerifyForm(),
        **extra,
    }


def _initial(vacancy: Vacancy) -> dict[str, Any]:
    return {name: getattr(vacancy, name) for name in VacancyForm.base_fields}


@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest) -> HttpResponseBase:
    if not selectors.can_change(request.user):
        raise PermissionDenied
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(data=VacancyData(**form.vacancy_data()), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The vacancy is saved. It is published once verified."))
            return redirect("vacancies:detail", vacancy_id=vacancy.pk)
    return render(
        request, "vacancies/vacancy_form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, vacancy_id: int) -> HttpResponseBase:
    if not selectors.can_change(request.user):
        raise PermissionDenied
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    form = VacancyForm(request.POST or None, initial=_initial(vacancy))
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(vacancy=vacancy, data=VacancyData(**form.vacancy_data()), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The vacancy is changed. It needs verifying again."))
            return redirect("vacancies:detail", vacancy_id=vacancy.pk)
    return render(
        request,
        "vacancies/vacancy_form.html",
        {"form": form, "vacancy": vacancy},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def vacancy_verify(request: HttpRequest, vacancy_id: int) -> HttpResponseBase:
    if not selectors.can_verify(request.user):
        raise PermissionDenied
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.vacancy_verify(vacancy=vacancy, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The verification is recorded."))
            return redirect("vacancies:detail", vacancy_id=vacancy.pk)
    return render(
        request, "vacancies/vacancy_detail.html", _detail_context(request, vacancy, verify_form=form), status=400
    )


@require_GET
def vacancy_candidates(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """Prospective workers in the user's area whom the hard rules allow to take the vacancy."""
    _require_view(request)
    if not has_perm(request.user, Perm.PEOPLE_VIEW):
        raise PermissionDenied
    vacancy = selectors.get_vacancy_for_user(request.user, vacancy_id)
    people = matching.candidates_for_vacancy(request.user, vacancy, timezone.localdate())
    page = page_of(request, people)
    return render(request, "vacancies/candidates.html", {"vacancy": vacancy, "page": page})


@require_GET
def person_matches(request: HttpRequest, person_id: int) -> HttpResponse:
    """Open vacancies ranked for a person, each with its reasons; the others with why not."""
    person = get_person_for_user(request.user, person_id)
    _require_view(request)
    matches = matching.matches_for_person(person, timezone.localdate())
    return render(
        request,
        "vacancies/person_matches.html",
        {
            "person": person,
            "eligible": [m for m in matches if m.eligible],
            "ineligible": [m for m in matches if not m.eligible],
        },
    )
