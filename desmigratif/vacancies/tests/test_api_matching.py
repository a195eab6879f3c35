"""Matching in the API: the same ranking and candidates as the pages, scoped the same way."""

import datetime

import pytest
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.core.testing import api_call, api_client_for, assert_api_access

from .conftest import make_vacancy

pytestmark = pytest.mark.django_db


def test_a_persons_matches_with_reasons_and_blockers(
    regency_officer, facilitator_a, facilitator_b, partner, treasurer, agency
):
    closing = timezone.localdate() + datetime.timedelta(days=30)
    women = make_vacancy(regency_officer, agency, sex="F", closing_date=closing)
    person = make_person(facilitator_a, VILLAGE_A, sex="M", full_name="Budi Santoso")
    url = f"/api/v1/vacancies/matching/person/{person.pk}"
    assert_api_access(
        url,
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        forbidden=[treasurer],
        secrets=["Budi Santoso"],
    )
    [match] = api_call(api_client_for(facilitator_a), "get", url).json()
    assert match["vacancy"]["id"] == women.pk and not match["eligible"] and match["rank"] is None
    assert match["blockers"] == ["Hanya untuk perempuan."]  # in the default language, Indonesian


def test_a_vacancys_candidates_in_the_users_area(
    regency_officer, facilitator_a, facilitator_b, partner, agency, django_assert_max_num_queries
):
    vacancy = make_vacancy(regency_officer, agency)
    make_person(facilitator_a, VILLAGE_A, full_name="Di Brongkal")
    make_person(facilitator_b, VILLAGE_B, full_name="Di Arjowilangun")
    url = f"/api/v1/vacancies/{vacancy.pk}/candidates"
    assert_api_access(url, allowed=[facilitator_a, regency_officer], forbidden=[partner])
    mine = api_call(api_client_for(facilitator_a), "get", url).json()
    assert [p["full_name"] for p in mine["results"]] == ["Di Brongkal"] and mine["count"] == 1
    everyone = api_call(api_client_for(regency_officer), "get", url).json()
    assert {p["full_name"] for p in everyone["results"]} == {"Di Brongkal", "Di Arjowilangun"}
    client = api_client_for(regency_officer)
    with django_assert_max_num_queries(10):
        assert api_call(client, "get", url).status_code == 200
