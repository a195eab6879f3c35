import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_B, login, make_person
from desmigratif.core.testing import assert_access, list_row
from desmigratif.vacancies.models import Vacancy, VerificationStatus
from desmigratif.vacancies.services import vacancy_verify

from .conftest import make_carer_vacancy, make_vacancy


def _form(agency, **overrides):
    data = {
        "agency": agency.pk,
        "job_order_reference": "JO/2026/777",
        "employer_name": "Contoh Formal Sdn Bhd",
        "employer_type": "legal_entity",
        "country": "MY",
        "job": "",
        "quota": "5",
        "salary_amount": "1800.00",
        "salary_currency": "myr",
        "contract_months": "24",
        "worker_cost": "0",
        "closing_date": "2099-12-31",
        "sex": "any",
    }
    data.update(overrides)
    return data


def test_staff_pages_matrix(
    client, vacancy, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer, sysadmin
):
    assert_access(
        client,
        reverse("vacancies:list"),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        forbidden=[partner, treasurer, sysadmin],
    )
    assert_access(
        client,
        reverse("vacancies:detail", args=[vacancy.pk]),
        allowed=[facilitator_b, regency_officer, ministry_staff],
        forbidden=[partner, treasurer],
    )
    for name in ("vacancies:create",):
        assert_access(
            client, reverse(name), allowed=[regency_officer, ministry_staff], forbidden=[facilitator_a, partner]
        )
    assert_access(
        client,
        reverse("vacancies:edit", args=[vacancy.pk]),
        allowed=[regency_officer, ministry_staff],
        forbidden=[facilitator_a, partner],
    )
    assert_access(
        client,
        reverse("vacancies:candidates", args=[vacancy.pk]),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        forbidden=[partner, treasurer, sysadmin],
    )


def test_a_missing_vacancy_answers_404(client, regency_officer):
    assert login(client, regency_officer).get(reverse("vacancies:detail", args=[999])).status_code == 404


def test_an_officer_enters_a_vacancy_and_verifies_it(client, regency_officer, agency):
    from desmigratif.placement.models import Job

    login(client, regency_officer)
    job = Job.objects.get(code="production_operator")
    response = client.post(reverse("vacancies:create"), _form(agency, job=job.pk))
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("vacancies:detail", args=[vacancy.pk])
    assert (vacancy.salary_currency, vacancy.status) == ("MYR", VerificationStatus.UNVERIFIED)
    assert client.get(reverse("vacancies:verify", args=[vacancy.pk])).status_code == 405
    response = client.post(reverse("vacancies:verify", args=[vacancy.pk]), {"decision": "verified"})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == VerificationStatus.VERIFIED and vacancy.verified_by == regency_officer


def test_the_form_shows_the_zero_cost_refusal_and_saves_nothing(client, regency_officer, agency):
    from desmigratif.placement.models import Job

    job = Job.objects.get(code="pengasuh_lanjut_usia")
    response = login(client, regency_officer).post(
        reverse("vacancies:create"), _form(agency, job=job.pk, worker_cost="1500000")
    )
    assert response.status_code == 400 and "Perban BP2MI 9/2020" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_the_form_shows_why_a_suspended_agency_is_refused(client, regency_officer, suspended_agency):
    from desmigratif.placement.models import Job

    job = Job.objects.get(code="production_operator")
    response = login(client, regency_officer).post(reverse("vacancies:create"), _form(suspended_agency, job=job.pk))
    assert response.status_code == 400 and "tidak boleh merekrut" in response.content.decode()


def test_facilitators_may_not_verify_and_a_rejection_needs_a_reason(client, facilitator_a, regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, verify=False)
    url = reverse("vacancies:verify", args=[vacancy.pk])
    assert login(client, facilitator_a).post(url, {"decision": "verified"}).status_code == 403
    assert login(client, regency_officer).post(url, {"decision": "rejected", "note": ""}).status_code == 400
    vacancy.refresh_from_db()
    assert vacancy.status == VerificationStatus.UNVERIFIED


def test_an_edit_resets_verification(client, regency_officer, vacancy):
    data = _form(vacancy.agency, job=vacancy.job_id, employer_name="Nama Baru Sdn Bhd")
    response = login(client, regency_officer).post(reverse("vacancies:edit", args=[vacancy.pk]), data)
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.employer_name == "Nama Baru Sdn Bhd" and vacancy.status == VerificationStatus.UNVERIFIED


def test_the_staff_country_filter_offers_the_countries_of_every_vacancy(client, regency_officer, agency):
    make_vacancy(regency_officer, agency)  # MY
    make_vacancy(regency_officer, agency, verify=False, country="TW", salary_currency="TWD")  # staff see it
    form = login(client, regency_officer).get(reverse("vacancies:list")).context["form"]
    assert [code for code, _name in form.fields["country"].choices] == ["", "MY", "TW"]


def test_the_staff_list_filters_by_status_and_takes_a_fixed_number_of_queries(
    client, regency_officer, agency, django_assert_num_queries
):
    make_vacancy(regency_officer, agency, verify=False, employer_name="Menunggu Sdn Bhd")
    make_vacancy(regency_officer, agency, employer_name="Sudah Sdn Bhd")
    login(client, regency_officer)
    body = client.get(reverse("vacancies:list"), {"status": "unverified"}).content.decode()
    assert "Menunggu" in body and "Sudah Sdn" not in body
    url = reverse("vacancies:list")
    # session, user with roles; countries and jobs for the filters, count, page (with agency and
    # job), zero-cost jobs.
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(6):
        make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", employer_name=f"Tambahan {n}")
    with django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert body.count("Tambahan ") == 6


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "id",
            {
                "hong_kong": "Hong Kong DAK Tiongkok",
                "verified": "Terverifikasi",
                "unverified": "Belum diverifikasi",
                "rejected": "Ditolak",
                "closed": "ditutup",
                "zero_cost": "tanpa biaya",
                "myr": "MYR1.800,00",
            },
        ),
        (
            "en",
            {
                "hong_kong": "Hong Kong SAR China",
                "verified": "Verified",
                "unverified": "Not yet verified",
                "rejected": "Rejected",
                "closed": "closed",
                "zero_cost": "zero cost",
                "myr": "MYR1,800.00",
            },
        ),
    ],
)
def test_each_staff_row_shows_the_link_job_country_status_badges_and_salary(
    client, regency_officer, agency, language, texts
):
    today = timezone.localdate()
    carer = make_carer_vacancy(regency_officer, agency, closing_date=today + datetime.timedelta(days=1))
    factory = make_vacancy(regency_officer, agency, verify=False)  # production operator in Malaysia, MYR 1.800
    rejected = vacancy_verify(
        vacancy=make_vacancy(
            regency_officer,
            agency,
            verify=False,
            employer_name="Ditolak Sdn Bhd",
            closing_date=today + datetime.timedelta(days=3),
        ),
        decision="rejected",
        note="Upah di bawah standar",
        actor=regency_officer,
    )
    client.cookies["desmigratif_language"] = language
    # Three days on, the carer's vacancy has closed; the rejected one closes that day, so it is open.
    later = timezone.now() + datetime.timedelta(days=3)
    assert rejected.closing_date == timezone.localdate(later)
    with time_machine.travel(later, tick=False):
        body = login(client, regency_officer).get(reverse("vacancies:list")).content.decode()
    closed = f'<span class="badge">{texts["closed"]}</span>'

    row = list_row(body, "Keluarga Chen")
    job = carer.job.name_en if language == "en" else carer.job.name_id
    url = reverse("vacancies:detail", args=[carer.pk])
    assert f'<a class="name" href="{url}">{job} · {texts["hong_kong"]}</a>' in row
    assert f'<span class="badge doc-verified">{texts["verified"]}</span>' in row
    assert closed in row
    assert f'<span class="badge doc-verified">{texts["zero_cost"]}</span>' in row
    assert '<span class="badge badge-demo">demo</span>' in row
    assert '<div class="meta">Rp6.500.000,00 · ' in row  # rupiah the Indonesian way in both languages

    row = list_row(body, "Contoh Electronics Sdn Bhd")
    job = factory.job.name_en if language == "en" else factory.job.name_id
    url = reverse("vacancies:detail", args=[factory.pk])
    assert f'<a class="name" href="{url}">{job} · Malaysia</a>' in row
    assert f'<span class="badge">{texts["unverified"]}</span>' in row
    assert closed not in row and texts["zero_cost"] not in row and "badge-demo" not in row
    assert f'<div class="meta">{texts["myr"]} · ' in row

    row = list_row(body, "Ditolak Sdn Bhd")
    assert f'<span class="badge doc-rejected">{texts["rejected"]}</span>' in row
    assert closed not in row


def test_candidates_are_scoped_and_take_a_fixed_number_of_queries(
    client, vacancy, facilitator_a, facilitator_b, regency_officer, django_assert_num_queries
):
    in_a = make_person(facilitator_a, full_name="Calon Brongkal")
    in_b = make_person(facilitator_b, VILLAGE_B, full_name="Calon Arjowilangun")
    url = reverse("vacancies:candidates", args=[vacancy.pk])
    body = login(client, facilitator_a).get(url).content.decode()
    assert in_a.full_name in body and in_b.full_name not in body and in_b.nik_masked not in body
    login(client, regency_officer)
    # session, user with roles; vacancy; steps (minimum age), moratorium, SPSK, zero cost; count, page.
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(5):
        make_person(facilitator_a, full_name=f"Calon Tambahan {n}")
    with django_assert_num_queries(9):
        body = client.get(url).content.decode()
    assert body.count("Calon Tambahan") == 5 and in_a.full_name in body


def test_matching_page_is_scoped_explains_and_takes_a_fixed_number_of_queries(
    client, vacancy, regency_officer, agency, facilitator_a, facilitator_b, partner, django_assert_num_queries
):
    person = make_person(facilitator_a, full_name="Ratna Sari", sex="M")
    make_vacancy(regency_officer, agency, sex="F", employer_name="Khusus Wanita Sdn Bhd")
    url = reverse("vacancies:for_person", args=[person.pk])
    assert_access(
        client,
        url,
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        secrets=[person.full_name, person.nik_masked],
    )
    login(client, facilitator_a)
    body = client.get(url).content.decode()
    assert "#1" in body and "Khusus Wanita" in body and "Hanya untuk perempuan." in body
    # session, user with roles; person; steps, moratorium, SPSK, zero cost; case; vacancies.
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(4):
        make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia", employer_name=f"Tambahan {n}")
    with django_assert_num_queries(9):
        body = client.get(url).content.decode()
    assert body.count("Tambahan ") == 4


def test_a_salary_is_shown_in_its_currency(client, regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, salary_amount=Decimal("1800"), worker_cost=Decimal("2500000"))
    body = login(client, regency_officer).get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert "MYR" in body and "1.800,00" in body and "Rp2.500.000,00" in body
    english = client.get(reverse("vacancies:detail", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Another currency in the reader's language; rupiah as every page writes them (core/templatetags/money.py).
    assert "MYR" in english and "1,800.00" in english and "Rp2.500.000,00" in english


def test_a_salary_in_rupiah_is_written_as_every_rupiah_amount(client, regency_officer, agency):
    vacancy = make_vacancy(
        regency_officer, agency, country="MY", salary_amount=Decimal("6500000"), salary_currency="IDR"
    )
    for language in ("id", "en"):
        url = reverse("vacancies:detail", args=[vacancy.pk])
        body = login(client, regency_officer).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "Rp6.500.000,00" in body and "IDR" not in body
