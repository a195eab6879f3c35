"""Cases linked to the agency registry, a vacancy and the job catalogue."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from desmigratif.core.testing import api_client_for
from desmigratif.migration.models import MigrationCase
from desmigratif.migration.services import case_open
from desmigratif.placement.models import Job
from desmigratif.vacancies.tests.conftest import agency, make_vacancy, revoked_agency, suspended_agency

__all__ = ["agency", "revoked_agency", "suspended_agency"]  # fixtures shared with the vacancy tests


def test_a_vacancy_fills_country_job_employer_and_agency(facilitator_a, person_a, regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", country="TW", salary_currency="TWD")
    case = case_open(
        person=person_a,
        destination_country="",
        job_title="",
        employer_type="",
        vacancy=vacancy,
        actor=facilitator_a,
    )
    assert (case.destination_country, case.job, case.employer_type) == ("TW", vacancy.job, "legal_entity")
    assert (case.agency, case.agency_name, case.vacancy) == (agency, agency.name, vacancy)
    assert case.job_title == "Pengasuh lanjut usia"


def test_a_job_outside_the_catalogue_keeps_its_text(facilitator_a, person_a, agency):
    case = case_open(
        person=person_a,
        destination_country="MY",
        job_title="Tukang las kapal",
        employer_type="legal_entity",
        agency=agency,
        actor=facilitator_a,
    )
    assert (case.job, case.job_title, case.agency) == (None, "Tukang las kapal", agency)


@pytest.mark.parametrize(("fixture", "words"), [("suspended_agency", "diskors"), ("revoked_agency", "dicabut")])
def test_a_suspended_or_revoked_agency_is_refused_with_a_clear_message(
    request, facilitator_a, person_a, fixture, words
):
    agency = request.getfixturevalue(fixture)
    with pytest.raises(ValidationError) as exc:
        case_open(
            person=person_a,
            destination_country="MY",
            job_title="Operator",
            employer_type="legal_entity",
            agency=agency,
            actor=facilitator_a,
        )
    message = exc.value.message_dict["agency"][0]
    assert agency.name in message and words in message
    assert not MigrationCase.objects.exists()


def test_an_unverified_vacancy_cannot_be_used(facilitator_a, person_a, regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, verify=False)
    with pytest.raises(ValidationError) as exc:
        case_open(
            person=person_a,
            destination_country="",
            job_title="",
            employer_type="",
            vacancy=vacancy,
            actor=facilitator_a,
        )
    assert "vacancy" in exc.value.message_dict


def test_the_open_form_takes_a_vacancy(client, facilitator_a, person_a, regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, employer_name="Pabrik Contoh Sdn Bhd")
    login(client, facilitator_a)
    page = client.get(reverse("migration:open", args=[person_a.pk])).content.decode()
    assert "Pabrik Contoh Sdn Bhd" in page and agency.name in page
    response = client.post(reverse("migration:open", args=[person_a.pk]), {"vacancy": vacancy.pk})
    case = MigrationCase.objects.get()
    assert response.status_code == 302 and case.vacancy == vacancy and case.destination_country == "MY"
    detail = client.get(reverse("migration:detail", args=[case.pk])).content.decode()
    assert reverse("agencies:detail", args=[agency.pk]) in detail and "Pabrik Contoh Sdn Bhd" in detail


def test_the_open_form_explains_a_suspended_agency(client, facilitator_a, person_a, suspended_agency):
    login(client, facilitator_a)
    page = client.get(reverse("migration:open", args=[person_a.pk])).content.decode()
    assert suspended_agency.name not in page  # not offered
    job = Job.objects.get(code="production_operator")
    data = {"destination_country": "MY", "job": job.pk, "employer_type": "legal_entity", "agency": suspended_agency.pk}
    response = client.post(reverse("migration:open", args=[person_a.pk]), data)
    assert response.status_code == 400 and "diskors" in response.content.decode()
    assert not MigrationCase.objects.exists()


def test_the_api_opens_a_case_from_a_vacancy_or_with_a_job_code(
    facilitator_a, person_a, person_b, regency_officer, agency
):
    vacancy = make_vacancy(regency_officer, agency)
    client = api_client_for(facilitator_a)
    response = client.post(
        "/api/v1/cases/",
        data=json.dumps({"person_id": person_a.pk, "vacancy_id": vacancy.pk}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["vacancy_id"], body["agency_id"], body["job_code"]) == (vacancy.pk, agency.pk, "production_operator")
    unknown = client.post(
        "/api/v1/cases/",
        data=json.dumps({"person_id": person_a.pk, "job": "astronaut", "destination_country": "MY"}),
        content_type="application/json",
    )
    assert unknown.status_code == 404
