import datetime

import pytest
from django.utils import timezone, translation

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.migration.services import case_open
from desmigratif.placement.models import MoratoriumCountry, MoratoriumList
from desmigratif.vacancies.matching import candidates_for_vacancy, matches_for_person, years_before

from .conftest import make_vacancy


@pytest.fixture(autouse=True)
def english():
    # The explanations are asserted in the msgid language; the pages test the Indonesian ones.
    with translation.override("en"):
        yield


def _today():
    return timezone.localdate()


def _born(years_old_on, day, extra_days=0):
    return years_before(day, years_old_on) + datetime.timedelta(days=extra_days)


def test_a_person_under_18_on_the_closing_date_is_not_eligible(regency_officer, facilitator_a, agency):
    closing = _today() + datetime.timedelta(days=30)
    vacancy = make_vacancy(regency_officer, agency, closing_date=closing)
    # 18 on the day after the closing date: too young; 18 on the closing date itself: eligible.
    young = make_person(facilitator_a, birth_date=_born(18, closing, 1), full_name="Muda")
    of_age = make_person(facilitator_a, birth_date=_born(18, closing), full_name="Cukup")
    [match] = matches_for_person(young, _today())
    assert not match.eligible and match.rank is None
    assert any("18" in b and "UU 18/2017" in b for b in match.blockers), match.blockers
    [match] = matches_for_person(of_age, _today())
    assert match.eligible and match.rank == 1 and not match.blockers
    assert set(candidates_for_vacancy(regency_officer, vacancy, _today())) == {of_age}


def test_sex_and_age_range_of_the_vacancy_are_hard_rules(regency_officer, facilitator_a, agency):
    closing = _today() + datetime.timedelta(days=30)
    vacancy = make_vacancy(regency_officer, agency, sex="F", min_age=21, max_age=40, closing_date=closing)
    woman = make_person(facilitator_a, sex="F", birth_date=_born(30, closing), full_name="Wanita")
    man = make_person(facilitator_a, sex="M", birth_date=_born(30, closing), full_name="Pria")
    old = make_person(facilitator_a, sex="F", birth_date=_born(41, closing), full_name="Tua")
    just_40 = make_person(facilitator_a, sex="F", birth_date=_born(41, closing, 1), full_name="Empat Puluh")
    young = make_person(facilitator_a, sex="F", birth_date=_born(21, closing, 1), full_name="Dua Puluh")
    assert matches_for_person(woman, _today())[0].eligible
    assert matches_for_person(man, _today())[0].blockers == ["Open to women only."]
    assert matches_for_person(old, _today())[0].blockers == ["Older than the vacancy's maximum age of 40."]
    assert matches_for_person(young, _today())[0].blockers == ["Younger than the vacancy's minimum age of 21."]
    assert set(candidates_for_vacancy(regency_officer, vacancy, _today())) == {woman, just_40}


def test_a_moratorium_closes_individual_employers_unless_the_vacancy_is_legal_entity(
    regency_officer, facilitator_a, agency
):
    household = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", employer_type="individual")
    company = make_vacancy(regency_officer, agency)
    person = make_person(facilitator_a)
    assert all(m.eligible for m in matches_for_person(person, _today()))
    # The rules are data: national staff add Malaysia to the enforced list after the vacancy was verified.
    MoratoriumCountry.objects.create(moratorium=MoratoriumList.objects.get(is_applied=True), country="MY")
    by_id = {m.vacancy.pk: m for m in matches_for_person(person, _today())}
    assert not by_id[household.pk].eligible and by_id[company.pk].eligible
    assert "Kepmenaker 260/2015" in by_id[household.pk].blockers[0]
    assert list(candidates_for_vacancy(regency_officer, household, _today())) == []
    assert list(candidates_for_vacancy(regency_officer, company, _today())) == [person]


def test_ranks_follow_the_case_job_and_country_education_and_closing_date_with_reasons(
    regency_officer, facilitator_a, agency
):
    later = _today() + datetime.timedelta(days=60)
    sooner = _today() + datetime.timedelta(days=10)
    other_late = make_vacancy(regency_officer, agency, closing_date=later)
    other_soon = make_vacancy(regency_officer, agency, closing_date=sooner)
    same_job = make_vacancy(
        regency_officer, agency, "caregiver", country="TW", salary_currency="TWD", closing_date=later
    )
    needs_diploma = make_vacancy(regency_officer, agency, education="diploma", closing_date=sooner)
    person = make_person(facilitator_a, education="sma")
    case_open(
        person=person,
        destination_country="TW",
        job_title="",
        employer_type="legal_entity",
        job=same_job.job,
        actor=facilitator_a,
    )
    matches = matches_for_person(person, _today())
    assert [m.vacancy.pk for m in matches] == [same_job.pk, other_soon.pk, other_late.pk, needs_diploma.pk]
    assert [m.rank for m in matches] == [1, 2, 3, 4]
    first = matches[0].reasons
    assert first[0].startswith("The same job as the person's case") and "Taiwan" in first[1]
    assert matches[3].reasons[0] == "Education below the requirement (Diploma (D1–D3))."
    assert all(m.reasons[-1].startswith("Closes on") for m in matches)


def test_a_zero_cost_job_is_named_among_the_reasons(regency_officer, facilitator_a, agency):
    make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia")
    [match] = matches_for_person(make_person(facilitator_a), _today())
    assert match.zero_cost
    assert "A zero-cost job: the worker pays no placement costs." in match.reasons


def test_candidates_are_prospective_workers_in_the_users_scope(
    regency_officer, facilitator_a, facilitator_b, facilitator_c, agency
):
    vacancy = make_vacancy(regency_officer, agency)
    in_a = make_person(facilitator_a, VILLAGE_A, full_name="Di Brongkal")
    in_b = make_person(facilitator_b, VILLAGE_B, full_name="Di Arjowilangun")
    make_person(facilitator_a, VILLAGE_A, full_name="Sudah Pulang", migrant_status="returnee")
    assert list(candidates_for_vacancy(facilitator_a, vacancy, _today())) == [in_a]
    assert set(candidates_for_vacancy(regency_officer, vacancy, _today())) == {in_a, in_b}
    assert list(candidates_for_vacancy(facilitator_c, vacancy, _today())) == []
