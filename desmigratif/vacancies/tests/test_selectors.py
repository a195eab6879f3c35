import datetime
import re

import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from desmigratif.agencies.services import agency_change_status
from desmigratif.vacancies.selectors import VacancyFilter, public_vacancies, vacancies_for_user
from desmigratif.vacancies.services import vacancy_verify

from .conftest import make_vacancy


def _ids(qs):
    return {v.pk for v in qs}


def test_the_public_sees_only_verified_open_vacancies_of_agencies_that_may_recruit(
    regency_officer, ministry_staff, agency, partner
):
    shown = make_vacancy(regency_officer, agency)
    unverified = make_vacancy(regency_officer, agency, verify=False)
    rejected = vacancy_verify(
        vacancy=make_vacancy(regency_officer, agency, verify=False),
        decision="rejected",
        note="x",
        actor=regency_officer,
    )
    soon = make_vacancy(regency_officer, agency, closing_date=timezone.localdate() + datetime.timedelta(days=1))
    assert _ids(public_vacancies()) == {shown.pk, soon.pk}
    # Staff see every vacancy; a token without vacancy rights sees the public ones.
    assert _ids(vacancies_for_user(ministry_staff)) == {shown.pk, unverified.pk, rejected.pk, soon.pk}
    assert _ids(vacancies_for_user(partner)) == {shown.pk, soon.pk}

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert _ids(public_vacancies()) == {shown.pk}

    agency_change_status(agency=agency, status="suspended", reason="Pasal 9", actor=ministry_staff)
    assert _ids(public_vacancies()) == set()


def test_the_filters_by_country_job_and_sector(regency_officer, agency):
    operator = make_vacancy(regency_officer, agency)
    carer = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", country="TW", salary_currency="TWD")
    assert _ids(public_vacancies(VacancyFilter(country="TW"))) == {carer.pk}
    assert _ids(public_vacancies(VacancyFilter(job="production_operator"))) == {operator.pk}
    assert _ids(public_vacancies(VacancyFilter(sector="domestic_care"))) == {carer.pk}
    assert _ids(public_vacancies(VacancyFilter(sector="manufacturing", country="TW"))) == set()


def test_full_text_search_matches_word_beginnings_in_both_languages(regency_officer, agency):
    operator = make_vacancy(regency_officer, agency, skills="Teliti, mampu membaca gambar teknik")
    carer = make_vacancy(
        regency_officer,
        agency,
        "pengasuh_lanjut_usia",
        country="TW",
        salary_currency="TWD",
        employer_name="Keluarga Chen",
    )

    def found(term):
        return _ids(public_vacancies(VacancyFilter(q=term)))

    assert found("pengasuh") == {carer.pk}
    assert found("PENG") == {carer.pk}  # a prefix, any case, as a visitor types
    assert found("elderly carer") == {carer.pk}  # the English job name
    assert found("taiwan chen") == {carer.pk}  # every word must match
    assert found("malaysia") == {operator.pk}
    assert found("teliti") == {operator.pk}
    assert found("contoh penempatan") == {operator.pk, carer.pk}  # the agency
    assert found("korea") == set()
    # Operators of the query language are only words to the search.
    assert found("pengasuh | malaysia") == set()
    assert found("!:*&") == {operator.pk, carer.pk}


def test_search_uses_postgresql_text_search_and_like_on_sqlite(regency_officer, agency):
    make_vacancy(regency_officer, agency)
    with CaptureQueriesContext(connection) as queries:
        list(public_vacancies(VacancyFilter(q="malaysia")))
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "to_tsvector('simple'" in sql and "@@" in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'vacancies_search_gin'")
            (definition,) = cursor.fetchone()
        assert "gin (to_tsvector('simple'::regconfig, COALESCE(search_text, ''::text)))" in definition
    else:
        assert "LIKE" in sql.upper() and "to_tsvector" not in sql


def test_a_page_of_either_list_is_read_in_order_from_an_index(regency_officer, ministry_staff, agency):
    """At national scale (5,000 job orders) sorting every vacancy for a page of 25 cost 10 ms: the
    staff list's order (latest closing first) comes from the closing-date index, the public list's
    (soonest first, verified only) from the status and closing-date one."""
    for days in (5, 10, 20):
        make_vacancy(regency_officer, agency, closing_date=timezone.localdate() + datetime.timedelta(days=days))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A table this small would be sorted whole; forbid it, so only an index can give the order.
                cursor.execute("SET LOCAL enable_sort = off")
        staff = vacancies_for_user(ministry_staff)[:25].explain()
        public = public_vacancies()[:25].explain()
    assert "vacancies_closing_idx" in staff, staff
    assert "vacancies_status_closing_idx" in public, public
    for plan in (staff, public):
        # Ties on the date may be ordered by id among themselves, never the whole list.
        assert not re.search(r"(?<!Incremental )Sort  \(", plan) and "TEMP B-TREE" not in plan, plan
