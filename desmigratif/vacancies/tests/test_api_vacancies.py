import json

from desmigratif.core.testing import api_client_for, assert_api_access
from desmigratif.vacancies.models import Vacancy, VerificationStatus

from .conftest import make_vacancy

URL = "/api/v1/vacancies/"


def _post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def _payload(agency, **overrides):
    payload = {
        "agency_id": agency.pk,
        "employer_name": "Contoh API Sdn Bhd",
        "employer_type": "legal_entity",
        "country": "MY",
        "job": "production_operator",
        "quota": 5,
        "salary_amount": "1800.00",
        "salary_currency": "MYR",
        "contract_months": 24,
        "closing_date": "2099-12-31",
        "job_order_reference": "JO/API/1",
    }
    payload.update(overrides)
    return payload


def test_any_token_reads_public_vacancies_and_staff_read_every_one(
    regency_officer, agency, partner, facilitator_a, ministry_staff
):
    public = make_vacancy(regency_officer, agency, employer_name="Umum Sdn Bhd")
    hidden = make_vacancy(regency_officer, agency, verify=False, employer_name="Tersembunyi Sdn Bhd")
    assert_api_access(URL, allowed=[partner, facilitator_a, ministry_staff])
    assert_api_access(
        f"{URL}{hidden.pk}", allowed=[facilitator_a, ministry_staff], not_found=[partner], secrets=["Tersembunyi"]
    )
    names = {v["employer_name"] for v in api_client_for(partner).get(URL).json()["results"]}
    assert names == {"Umum Sdn Bhd"}
    staff = api_client_for(ministry_staff).get(URL, {"status": "unverified"}).json()
    assert [v["id"] for v in staff["results"]] == [hidden.pk]
    body = api_client_for(partner).get(f"{URL}{public.pk}").json()
    assert body["salary_amount"] == "1800.00" and body["job"]["code"] == "production_operator"


def test_the_list_filters_and_searches(regency_officer, agency, partner):
    make_vacancy(regency_officer, agency)
    carer = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", country="TW", salary_currency="TWD")
    client = api_client_for(partner)
    for query in ({"q": "pengasuh"}, {"country": "tw"}, {"sector": "domestic_care"}, {"job": "pengasuh_lanjut_usia"}):
        results = client.get(URL, query).json()["results"]
        assert [v["id"] for v in results] == [carer.pk], query
        assert results[0]["zero_cost"] is True
    assert client.get(URL, {"sector": "nope"}).status_code == 422


def test_entering_and_verifying_need_the_vacancy_permissions(regency_officer, facilitator_a, partner, agency):
    assert_api_access(URL, method="post", payload=_payload(agency), forbidden=[facilitator_a, partner])
    assert not Vacancy.objects.exists()
    response = _post(api_client_for(regency_officer), URL, _payload(agency))
    assert response.status_code == 201, response.content
    vacancy_id = response.json()["id"]
    assert response.json()["status"] == "unverified"
    verify = f"{URL}{vacancy_id}/verify"
    assert _post(api_client_for(facilitator_a), verify, {"decision": "verified"}).status_code == 403
    assert _post(api_client_for(regency_officer, read_only=True), verify, {"decision": "verified"}).status_code == 403
    response = _post(api_client_for(regency_officer), verify, {"decision": "verified"})
    assert response.status_code == 200 and response.json()["status"] == "verified"
    assert Vacancy.objects.get().status == VerificationStatus.VERIFIED


def test_the_api_refuses_a_zero_cost_job_that_charges_the_worker(regency_officer, agency):
    client = api_client_for(regency_officer)
    response = _post(client, URL, _payload(agency, job="pengasuh_lanjut_usia", worker_cost="100"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "rejected" and "Perban BP2MI 9/2020" in error["fields"]["worker_cost"][0]
    for bad in ({"job": "astronaut"}, {"agency_id": 999}):
        assert _post(client, URL, _payload(agency, **bad)).status_code == 422
    assert _post(client, URL, _payload(agency, salary_amount="-1")).status_code == 422
    assert not Vacancy.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(regency_officer, agency, partner, django_assert_num_queries):
    client = api_client_for(partner)
    client.get(URL)
    for n in range(6):
        make_vacancy(regency_officer, agency, employer_name=f"Pabrik {n}")
    for size in (2, 6):
        # token, roles, count, page (with agency and job), zero-cost jobs
        with django_assert_num_queries(5):
            assert len(client.get(URL, {"page_size": size, "q": "pabrik"}).json()["results"]) == size
