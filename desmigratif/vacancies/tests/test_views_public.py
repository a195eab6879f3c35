import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from desmigratif.core.testing import list_row
from desmigratif.vacancies.services import vacancy_verify

from .conftest import make_carer_vacancy, make_vacancy


def test_the_public_search_lists_only_public_vacancies_without_login(client, regency_officer, agency, suspended_agency):
    shown = make_vacancy(regency_officer, agency, employer_name="Terlihat Sdn Bhd")
    make_vacancy(regency_officer, agency, verify=False, employer_name="Belum Diverifikasi")
    vacancy_verify(
        vacancy=make_vacancy(regency_officer, agency, verify=False, employer_name="Ditolak Sdn Bhd"),
        decision="rejected",
        note="x",
        actor=regency_officer,
    )
    response = client.get(reverse("vacancy_search"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Terlihat Sdn Bhd" in body
    assert "Belum Diverifikasi" not in body and "Ditolak" not in body
    assert client.get(reverse("vacancy_public", args=[shown.pk])).status_code == 200


def test_unpublished_vacancies_answer_404_on_the_public_detail(client, regency_officer, agency):
    unverified = make_vacancy(regency_officer, agency, verify=False, employer_name="Rahasia Sdn Bhd")
    response = client.get(reverse("vacancy_public", args=[unverified.pk]))
    assert response.status_code == 404 and "Rahasia" not in response.content.decode()


def test_zero_cost_jobs_carry_a_badge_linked_to_the_protected_costs(client, regency_officer, agency):
    carer = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", country="TW", salary_currency="TWD")
    make_vacancy(regency_officer, agency)
    body = client.get(reverse("vacancy_search"), {"country": "TW"}).content.decode()
    assert body.count("tanpa biaya") == 1 and reverse("safe:costs") in body
    detail = client.get(reverse("vacancy_public", args=[carer.pk])).content.decode()
    assert "Perban BP2MI 9/2020" in detail and reverse("safe:costs") in detail
    costs = client.get(reverse("safe:costs")).content.decode()
    assert "Paspor" in costs and "Perban BP2MI 9/2020 Pasal 3 ayat (2)" in costs


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "id",
            {
                "hong_kong": "Hong Kong DAK Tiongkok",
                "zero_cost": "tanpa biaya",
                "individual": "Perseorangan (rumah tangga)",
                "legal_entity": "Badan hukum (perusahaan)",
                "myr": "MYR1.800,00",
                "per_month": "per bulan",
            },
        ),
        (
            "en",
            {
                "hong_kong": "Hong Kong SAR China",
                "zero_cost": "zero cost",
                "individual": "Individual (household)",
                "legal_entity": "Legal entity (company)",
                "myr": "MYR1,800.00",
                "per_month": "per month",
            },
        ),
    ],
)
def test_each_public_row_shows_the_public_link_job_country_badges_employer_and_salary(
    client, regency_officer, agency, language, texts
):
    carer = make_carer_vacancy(regency_officer, agency)
    factory = make_vacancy(regency_officer, agency)  # production operator in Malaysia, MYR 1.800
    client.cookies["desmigratif_language"] = language
    body = client.get(reverse("vacancy_search")).content.decode()

    row = list_row(body, "Keluarga Chen")
    job = carer.job.name_en if language == "en" else carer.job.name_id
    url = reverse("vacancy_public", args=[carer.pk])
    assert f'<a class="name" href="{url}">{job} · {texts["hong_kong"]}</a>' in row
    assert f'<a class="badge doc-verified" href="{reverse("safe:costs")}">{texts["zero_cost"]}</a>' in row
    assert '<span class="badge badge-demo">demo</span>' in row
    # Rupiah are written the Indonesian way in both languages.
    meta = f"Keluarga Chen · {texts['individual']} · Rp6.500.000,00 {texts['per_month']}"
    assert f'<div class="meta">{meta}</div>' in row

    row = list_row(body, "Contoh Electronics Sdn Bhd")
    job = factory.job.name_en if language == "en" else factory.job.name_id
    url = reverse("vacancy_public", args=[factory.pk])
    assert f'<a class="name" href="{url}">{job} · Malaysia</a>' in row
    assert "badge" not in row
    meta = f"Contoh Electronics Sdn Bhd · {texts['legal_entity']} · {texts['myr']} {texts['per_month']}"
    assert f'<div class="meta">{meta}</div>' in row


def test_the_search_filters_and_htmx_gets_only_the_results(client, regency_officer, agency):
    make_vacancy(regency_officer, agency, employer_name="Pabrik Malaysia")
    make_vacancy(
        regency_officer,
        agency,
        "pengasuh_lanjut_usia",
        country="TW",
        salary_currency="TWD",
        employer_name="Keluarga Chen",
    )
    body = client.get(reverse("vacancy_search"), {"q": "pengasuh"}).content.decode()
    assert "Keluarga Chen" in body and "Pabrik Malaysia" not in body
    partial = client.get(reverse("vacancy_search"), {"sector": "manufacturing"}, headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert text.lstrip().startswith('<section id="results"') and "<html" not in text
    assert "Pabrik Malaysia" in text and "Keluarga Chen" not in text


def test_bad_filter_values_show_every_vacancy_rather_than_fail(client, regency_officer, agency):
    make_vacancy(regency_officer, agency, employer_name="Pabrik Malaysia")
    response = client.get(reverse("vacancy_search"), {"country": "XX", "sector": "nope", "page": "abc"})
    assert response.status_code == 200 and "Pabrik Malaysia" in response.content.decode()


def test_the_country_filter_offers_the_countries_of_the_published_vacancies(client, regency_officer, agency):
    make_vacancy(regency_officer, agency, employer_name="Pabrik Malaysia")  # MY
    make_vacancy(regency_officer, agency, verify=False, country="TW", salary_currency="TWD")  # not published
    form = client.get(reverse("vacancy_search")).context["form"]
    assert [code for code, _name in form.fields["country"].choices] == ["", "MY"]
    # A country asked for is offered too: a search for Japan finds no vacancy, not every vacancy.
    response = client.get(reverse("vacancy_search"), {"country": "JP"})
    assert [code for code, _name in response.context["form"].fields["country"].choices] == ["", "JP", "MY"]
    assert "Pabrik Malaysia" not in response.content.decode()


def test_the_public_search_takes_a_fixed_number_of_queries(client, regency_officer, agency, django_assert_num_queries):
    for n in range(3):
        make_vacancy(regency_officer, agency, employer_name=f"Pabrik {n}")
    url = reverse("vacancy_search")
    # countries and jobs for the filters, count, page of vacancies (with agency and job), zero-cost jobs.
    with django_assert_num_queries(5):
        client.get(url, {"q": "pabrik", "country": "MY"})
    for n in range(3, 8):
        make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", employer_name=f"Pabrik {n}")
    with django_assert_num_queries(5):
        body = client.get(url, {"q": "pabrik"}).content.decode()
    assert body.count("Pabrik ") == 8


def test_the_public_detail_takes_a_fixed_number_of_queries(client, regency_officer, agency, django_assert_num_queries):
    vacancy = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia")
    with django_assert_num_queries(2):
        client.get(reverse("vacancy_public", args=[vacancy.pk]))


def test_public_pages_fit_a_date_in_the_future_when_a_vacancy_closes(client, regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, closing_date=timezone.localdate() + datetime.timedelta(days=1))
    assert client.get(reverse("vacancy_public", args=[vacancy.pk])).status_code == 200
