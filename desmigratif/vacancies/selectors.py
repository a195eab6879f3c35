"""Reads of vacancies. Vacancies are not personal data and carry no village: they are national.

The public page shows only verified, open vacancies of agencies that may recruit today; staff with
a vacancy or migration permission see every vacancy. Full-text search uses PostgreSQL's text
search over ``search_text`` (GIN index, migration vacancies.0002) and ``LIKE`` on SQLite.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.agencies.models import AgencyStatus
from desmigratif.core.selectors import one
from desmigratif.vacancies.models import Vacancy, VerificationStatus

# The text-search configuration: 'simple' (lower-case, no stemming) suits Indonesian, which
# PostgreSQL has no dictionary for. The GIN index of migration vacancies.0002 uses the same.
SEARCH_CONFIG = "simple"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class VacancyFilter:
    q: str = ""
    country: str = ""
    job: str = ""  # job code
    sector: str = ""
    agency: int | None = None
    status: str = ""


def search_vector() -> SearchVector:
    """The indexed expression; queries must use exactly this one for the index to serve them."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


def search(qs: QuerySet[Vacancy], term: str) -> QuerySet[Vacancy]:
    """Vacancies whose words start with every word of ``term`` (so "peng" finds "pengasuh")."""
    words = [w.lower() for w in _WORD.findall(term)][:8]
    if not words:
        return qs
    if connection.vendor == "postgresql":
        # Words are \w+ only, so the raw tsquery cannot carry operators from the visitor.
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), config=SEARCH_CONFIG, search_type="raw")
        return qs.annotate(search=search_vector()).filter(search=query)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs


def _filtered(qs: QuerySet[Vacancy], f: VacancyFilter) -> QuerySet[Vacancy]:
    if f.country:
        qs = qs.filter(country=f.country)
    if f.job:
        qs = qs.filter(job__code=f.job)
    if f.sector:
        qs = qs.filter(job__sector=f.sector)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.status:
        qs = qs.filter(status=f.status)
    return search(qs, f.q)


def public_q(today: datetime.date) -> Q:
    """Verified, still open, of an agency that may recruit today."""
    return (
        Q(status=VerificationStatus.VERIFIED, closing_date__gte=today, agency__status=AgencyStatus.ACTIVE)
        & Q(agency__licence_valid_from__lte=today)
        & (Q(agency__licence_valid_until__isnull=True) | Q(agency__licence_valid_until__gte=today))
    )


def public_vacancies(filters: VacancyFilter | None = None) -> QuerySet[Vacancy]:
    f = filters or VacancyFilter()
    qs = Vacancy.objects.filter(public_q(timezone.localdate()))
    return (
        _filtered(qs, VacancyFilter(q=f.q, country=f.country, job=f.job, sector=f.sector, agency=f.agency))
        .select_related("agency", "job")
        .order_by("closing_date", "id")
    )


def get_public_vacancy(vacancy_id: int) -> Vacancy:
    vacancy = (
        Vacancy.objects.filter(public_q(timezone.localdate()), pk=vacancy_id).select_related("agency", "job").first()
    )
    if vacancy is None:
        raise Http404
    return vacancy


def countries_of(vacancies: QuerySet[Vacancy]) -> set[str]:
    """The destination countries among ``vacancies``: what a list's country filter offers."""
    return set(vacancies.order_by().values_list("country", flat=True).distinct())


def can_see_all(user: Any) -> bool:
    """Staff who enter, verify or use vacancies in cases see unverified and closed ones too."""
    return has_perm(user, Perm.VACANCIES_CHANGE) or has_perm(user, Perm.MIGRATION_VIEW)


def can_change(user: Any) -> bool:
    return has_perm(user, Perm.VACANCIES_CHANGE)


def can_verify(user: Any) -> bool:
    return has_perm(user, Perm.VACANCIES_VERIFY)


def vacancies_for_user(user: Any, filters: VacancyFilter | None = None) -> QuerySet[Vacancy]:
    """Every vacancy for staff; the public ones for anyone else (an API token of a partner, say)."""
    if not can_see_all(user):
        return public_vacancies(filters)
    qs = _filtered(Vacancy.objects.all(), filters or VacancyFilter())
    return qs.select_related("agency", "job").order_by("-closing_date", "-id")


def get_vacancy_for_user(user: Any, vacancy_id: int) -> Vacancy:
    if not can_see_all(user):
        return get_public_vacancy(vacancy_id)
    vacancy = one(Vacancy.objects.filter(pk=vacancy_id).select_related("agency", "job", "verified_by"))
    if vacancy is None:
        raise Http404
    return vacancy
