"""People registry pages. Each view reads: access → form → service → redirect or render."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.core.forms import add_service_errors
from desmigratif.core.models import choice_labels
from desmigratif.core.pages import page_of, page_with_count
from desmigratif.core.paths import object_path
from desmigratif.lib import nik as nik_lib
from desmigratif.lib.languages import current_language
from desmigratif.migration.models import MigrationCase
from desmigratif.migration.selectors import person_cases
from desmigratif.people import selectors, services
from desmigratif.people.forms import (
    ConsentForm,
    FamilyLinkForm,
    HouseholdForm,
    HouseholdMemberForm,
    PeopleFilterForm,
    PersonCreateForm,
    PersonForm,
)
from desmigratif.people.models import Person
from desmigratif.people.selectors import PeopleFilter


def _require(request: HttpRequest, perm: str) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied


class PersonRow(TypedDict):
    """A row of the people list, as people/person_list.html shows it."""

    url: str
    full_name: str
    is_demo: bool
    nik_masked: str
    sex: str
    migrant_status: str
    village: str
    district: str


_PERSON_ROW_COLUMNS = (
    "id",
    "full_name",
    "is_demo",
    "nik",
    "sex",
    "migrant_status",
    "domicile_village__name",
    "domicile_village__district__name",
)


def _person_rows(values: Iterable[Sequence[Any]]) -> list[PersonRow]:
    """The page's rows as plain values (``_PERSON_ROW_COLUMNS``, read with ``values_list``): only the
    columns shown are read, no model instance is made, and the template reads dictionaries (its
    fastest lookup)."""
    sexes = choice_labels(Person._meta.get_field("sex"))
    statuses = choice_labels(Person._meta.get_field("migrant_status"))
    return [
        {
            "url": object_path("people:detail", pk),
            "full_name": full_name,
            "is_demo": is_demo,
            "nik_masked": nik_lib.mask(nik),
            "sex": sexes.get(sex, sex),
            "migrant_status": statuses.get(status, status),
            "village": village,
            "district": district,
        }
        for pk, full_name, is_demo, nik, sex, status, village, district in values
    ]


class CaseRow(TypedDict):
    """A row of the person page's migration cases, as people/person_detail.html shows it."""

    url: str
    job_title: str
    destination_country: str
    status: str
    step: str


def _case_rows(cases: QuerySet[MigrationCase]) -> list[CaseRow]:
    """The person's cases as plain values, like a list's rows: only the columns shown are read."""
    statuses = choice_labels(MigrationCase._meta.get_field("status"))
    step_name = "step__name_en" if current_language() == "en" else "step__name_id"
    return [
        {
            "url": object_path("migration:detail", pk),
            "job_title": job_title,
            "destination_country": country,
            "status": statuses.get(status, status),
            "step": step,
        }
        for pk, job_title, country, status, step in cases.values_list(
            "id", "job_title", "destination_country", "status", step_name
        )
    ]


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.PEOPLE_VIEW)
    villages = list(selectors.villages_for_filter(request.user))
    form = PeopleFilterForm(request.GET or None, villages=villages)
    filters = PeopleFilter()
    if form.is_valid():
        filters = PeopleFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    people, count = selectors.people_to_list(request.user, filters)
    values = people.values_list(*_PERSON_ROW_COLUMNS)
    if count is None:
        page = page_with_count(request, values, recount=lambda: selectors.count_people(request.user, filters))
    else:
        page = page_of(request, values, count=count)
    context = {
        "form": form,
        "page": page,
        "rows": _person_rows(page.object_list),
        "can_register": has_perm(request.user, Perm.PEOPLE_CHANGE),
    }
    template = "people/person_list.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponseBase:
    _require(request, Perm.PEOPLE_CHANGE)
    villages = selectors.villages_for_registration(request.user)
    form = PersonCreateForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.person_register(
                data=form.person_data(),
                consent=form.consent_data(form.cleaned_data["consent"]),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": result.person.full_name})
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("people:detail", person_id=result.person.pk)
    consent_text = services.current_consent_text_or_none("registry")
    return render(
        request,
        "people/person_form.html",
        {"form": form, "creating": True, "consent_text": consent_text},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_for_page(request.user, person_id)
    return render(request, "people/person_detail.html", _detail_context(request, person))


def _detail_context(request: HttpRequest, person: Person, **extra: Any) -> dict[str, Any]:
    cases = _case_rows(person_cases(request.user, person.pk)) if has_perm(request.user, Perm.MIGRATION_VIEW) else None
    return {
        "person": person,
        "age": services.age_on(person.birth_date, services.today()),
        "can_change": selectors.can_change_person(request.user, person),
        "can_reveal": selectors.can_reveal_nik(request.user, person),
        "consents": selectors.person_consents(person, request.user),
        "membership": selectors.person_household(person),
        "links": selectors.person_family_links(person, request.user),
        "cases": cases,
        "can_open_case": scope_for(request.user, Perm.MIGRATION_CHANGE).contains(person.domicile_village_id),
        "can_record_remittance": scope_for(request.user, Perm.REMITTANCES_CHANGE).contains(person.domicile_village_id),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponseBase:
    person = selectors.get_person_for_user(request.user, person_id, for_write=True)
    villages = selectors.villages_for_registration(request.user)
    initial = dataclasses.asdict(services.person_data_of(person))
    # The full NIK is shown only through the audited reveal (and not at all to roles that may not
    # reveal it), so the form starts empty and keeps the stored NIK unless a new one is typed.
    initial["nik"] = ""
    form = PersonForm(request.POST or None, initial=initial, villages=villages, current_nik_masked=person.nik_masked)
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        data.nik = data.nik or person.nik
        try:
            result = services.person_update(person=person, data=data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "creating": False},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def person_reveal_nik(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_for_user(request.user, person_id)
    if not selectors.can_reveal_nik(request.user, person):
        raise PermissionDenied
    nik = services.person_reveal_nik(person=person, actor=request.user)
    if getattr(request, "htmx", False):
        return render(request, "people/person_detail.html#nik", {"person": person, "revealed_nik": nik})
    return render(request, "people/person_detail.html", _detail_context(request, person, revealed_nik=nik))


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, person_id: int) -> HttpResponseBase:
    person = selectors.get_person_for_user(request.user, person_id, for_write=True)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                person=person,
                purpose=form.cleaned_data["purpose"],
                consent=form.consent_data(form.cleaned_data["consent"]),
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/consent_form.html",
        {"form": form, "person": person, "consent_texts": services.current_consent_texts()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def consent_withdraw(request: HttpRequest, person_id: int, consent_id: int) -> HttpResponseBase:
    person = selectors.get_person_for_user(request.user, person_id, for_write=True)
    consent = selectors.get_consent_of_person(person, consent_id, request.user)
    try:
        services.consent_withdraw(consent=consent, actor=request.user)
        messages.success(request, _("The consent is withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people:detail", person_id=person.pk)


@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest, person_id: int) -> HttpResponseBase:
    """Register a family card with this person as its head."""
    person = selectors.get_person_for_user(request.user, person_id, for_write=True)
    form = HouseholdForm(request.POST or None, initial={"address": person.address})
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                kk_number=form.cleaned_data["kk_number"],
                village=person.domicile_village_id,
                address=form.cleaned_data["address"],
                head=person,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The household is registered."))
            return redirect("people:household", household_id=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "person": person},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def household_detail(request: HttpRequest, household_id: int) -> HttpResponseBase:
    household = selectors.get_household_for_user(request.user, household_id)
    can_change = has_perm(request.user, Perm.PEOPLE_CHANGE) and selectors.can_change_household(request.user, household)
    form = HouseholdMemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        household = selectors.get_household_for_user(request.user, household_id, for_write=True)
        if form.is_valid():
            member = selectors.find_person_by_nik_for_user(request.user, form.cleaned_data["nik"])
            if member is None:
                form.add_error("nik", _("No person with this NIK is registered in your area."))
            else:
                try:
                    services.household_add_member(
                        household=household,
                        person=member,
                        relationship=form.cleaned_data["relationship"],
                        actor=request.user,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _("%(name)s is added to the household.") % {"name": member.full_name},
                    )
                    return redirect("people:household", household_id=household.pk)
        status = 400
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(household),
            "form": form,
            "can_change": can_change,
        },
        status=status,
    )


@require_POST
def household_member_remove(request: HttpRequest, household_id: int, member_id: int) -> HttpResponseBase:
    household = selectors.get_household_for_user(request.user, household_id, for_write=True)
    member = selectors.get_member_of_household(household, member_id)
    try:
        services.household_remove_member(member=member, actor=request.user)
        messages.success(request, _("%(name)s is taken off the family card.") % {"name": member.person.full_name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people:household", household_id=household.pk)


@require_http_methods(["GET", "POST"])
def family_link_add(request: HttpRequest, person_id: int) -> HttpResponseBase:
    person = selectors.get_person_for_user(request.user, person_id, for_write=True)
    form = FamilyLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        migrant = selectors.find_person_by_nik_for_user(request.user, form.cleaned_data["migrant_nik"])
        if migrant is None:
            form.add_error("migrant_nik", _("No person with this NIK is registered in your area."))
        else:
            try:
                services.family_link_add(
                    family_member=person,
                    migrant=migrant,
                    relation=form.cleaned_data["relation"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The link is saved."))
                return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/family_link_form.html",
        {"form": form, "person": person},
        status=400 if request.method == "POST" else 200,
    )
