"""Matching people and vacancies (reads only): who may apply where, ranked and explained.

Hard rules make a vacancy out of reach: the worker's age on the closing date (at least the minimum
age of the placement process, UU 18/2017 Pasal 5, read from the step data), the vacancy's sex and
age requirements, and the Middle-East moratorium for individual employers unless SPSK opens the job
(Kepmenaker 260/2015, 291/2018). Soft signals only rank: the job and country of the person's case,
education, a zero-cost job, and the closing date. Every rank comes with its reasons.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from desmigratif.lib.countries import country_name
from desmigratif.migration.models import CaseStatus, EmployerType, MigrationCase
from desmigratif.migration.selectors import min_placement_age
from desmigratif.people.models import Education, MigrantStatus, Person
from desmigratif.people.selectors import PeopleFilter, people_for_user
from desmigratif.people.services import age_on
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import MoratoriumCountry, SpskJob
from desmigratif.vacancies.models import SexRequirement, Vacancy
from desmigratif.vacancies.selectors import public_vacancies

# How many open vacancies a person's ranking considers (closing soonest first).
MAX_CONSIDERED = 300
_EDUCATION_RANK = {code: rank for rank, code in enumerate(Education.values)}


@dataclass(frozen=True)
class Rules:
    """The rule rows matching needs, read once per page."""

    min_age: int  # the placement process's minimum age (UU 18/2017 Pasal 5), from the step data
    closed_countries: dict[str, str]  # country → legal basis, for individual employers
    spsk: dict[tuple[str, int], str]  # (country, job id) → legal basis
    zero_cost_jobs: set[int]


def rules(on: datetime.date) -> Rules:
    # The enforced lists, as placement.selectors.moratorium_countries reads them, with their basis.
    closed = {
        row.country: row.moratorium.legal_basis
        for row in MoratoriumCountry.objects.select_related("moratorium")
        .filter(
            moratorium__is_applied=True,
            moratorium__employer_type=EmployerType.INDIVIDUAL,
            moratorium__valid_from__lte=on,
        )
        .exclude(moratorium__valid_to__lt=on)
    }
    spsk = {(row.country, row.job_id): row.legal_basis for row in SpskJob.objects.filter(SpskJob.in_force_q(on))}
    return Rules(
        min_age=min_placement_age(on) or 0,
        closed_countries=closed,
        spsk=spsk,
        zero_cost_jobs=placement.zero_cost_job_ids(on),
    )


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


@dataclass
class Match:
    vacancy: Vacancy
    eligible: bool = True
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    rank: int | None = None
    zero_cost: bool = False


def _date(day: datetime.date) -> str:
    return str(formats.date_format(day, "DATE_FORMAT"))


def blockers(vacancy: Vacancy, person: Person, r: Rules) -> list[str]:
    """Why ``person`` may not take ``vacancy``; empty when the hard rules allow it."""
    found: list[str] = []
    age = age_on(person.birth_date, vacancy.closing_date)
    if age < r.min_age:
        found.append(_("Younger than %(age)s on the closing date (UU 18/2017 Pasal 5).") % {"age": r.min_age})
    if vacancy.sex != SexRequirement.ANY and vacancy.sex != person.sex:
        found.append(_("Open to women only.") if vacancy.sex == SexRequirement.FEMALE else _("Open to men only."))
    if vacancy.min_age is not None and age < vacancy.min_age:
        found.append(_("Younger than the vacancy's minimum age of %(age)s.") % {"age": vacancy.min_age})
    if vacancy.max_age is not None and age > vacancy.max_age:
        found.append(_("Older than the vacancy's maximum age of %(age)s.") % {"age": vacancy.max_age})
    closed = r.closed_countries.get(vacancy.country)
    if vacancy.employer_type == EmployerType.INDIVIDUAL and closed is not None:
        found.append(
            _("%(country)s is closed to placement with individual employers (%(basis)s).")
            % {"country": country_name(vacancy.country), "basis": closed}
        )
    return found


def _rank(vacancy: Vacancy, person: Person, case: MigrationCase | None, r: Rules) -> Match:
    match = Match(vacancy=vacancy, zero_cost=vacancy.job_id in r.zero_cost_jobs)
    match.blockers = blockers(vacancy, person, r)
    match.eligible = not match.blockers
    if case is not None and case.job_id == vacancy.job_id:
        match.score += 30
        match.reasons.append(_("The same job as the person's case: %(job)s.") % {"job": vacancy.job.name})
    if case is not None and case.destination_country == vacancy.country:
        match.score += 10
        match.reasons.append(
            _("The same destination as the person's case: %(country)s.") % {"country": country_name(vacancy.country)}
        )
    if vacancy.education:
        level = Education(vacancy.education).label
        if person.education and _EDUCATION_RANK[person.education] >= _EDUCATION_RANK[vacancy.education]:
            match.score += 10
            match.reasons.append(_("Education meets the requirement (%(level)s).") % {"level": level})
        else:
            match.score -= 10
            match.reasons.append(_("Education below the requirement (%(level)s).") % {"level": level})
    if match.zero_cost:
        match.score += 5
        match.reasons.append(_("A zero-cost job: the worker pays no placement costs."))
    if (vacancy.country, vacancy.job_id) in r.spsk and vacancy.employer_type == EmployerType.LEGAL_ENTITY:
        match.reasons.append(
            _("Placed through SPSK with a placement company (%(basis)s).")
            % {"basis": r.spsk[(vacancy.country, vacancy.job_id)]}
        )
    match.reasons.append(_("Closes on %(date)s.") % {"date": _date(vacancy.closing_date)})
    return match


def person_case(person: Person) -> MigrationCase | None:
    """The person's case in progress, whose job and country guide the ranking."""
    return MigrationCase.objects.filter(person=person, status=CaseStatus.ACTIVE).order_by("-opened_at").first()


def matches_for_person(person: Person, on: datetime.date) -> list[Match]:
    """Open public vacancies for ``person``: eligible ones ranked (best first), then the others."""
    r = rules(on)
    case = person_case(person)
    matches = [_rank(v, person, case, r) for v in public_vacancies()[:MAX_CONSIDERED]]
    eligible = sorted(
        (m for m in matches if m.eligible), key=lambda m: (-m.score, m.vacancy.closing_date, m.vacancy.pk)
    )
    for number, match in enumerate(eligible, start=1):
        match.rank = number
    return eligible + [m for m in matches if not m.eligible]


def candidates_for_vacancy(user: Any, vacancy: Vacancy, on: datetime.date) -> QuerySet[Person]:
    """Prospective workers in the user's scope whom the hard rules allow to take ``vacancy``."""
    r = rules(on)
    people = people_for_user(user, PeopleFilter(migrant_status=MigrantStatus.PROSPECTIVE))
    if vacancy.employer_type == EmployerType.INDIVIDUAL and vacancy.country in r.closed_countries:
        return people.none()
    youngest = max(r.min_age, vacancy.min_age or 0)
    people = people.filter(birth_date__lte=years_before(vacancy.closing_date, youngest))
    if vacancy.max_age is not None:
        people = people.filter(birth_date__gt=years_before(vacancy.closing_date, vacancy.max_age + 1))
    if vacancy.sex != SexRequirement.ANY:
        people = people.filter(sex=vacancy.sex)
    return people
