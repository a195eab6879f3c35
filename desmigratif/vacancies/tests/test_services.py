import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from desmigratif.agencies.services import agency_change_status
from desmigratif.placement.models import MoratoriumList, ZeroCostJob
from desmigratif.vacancies.models import Vacancy, VerificationStatus
from desmigratif.vacancies.services import vacancy_create, vacancy_update, vacancy_verify

from .conftest import make_vacancy, vacancy_data


def _refused(actor, data, field):
    with pytest.raises(ValidationError) as exc:
        vacancy_create(data=data, actor=actor)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert Vacancy.objects.count() == 0
    return " ".join(exc.value.message_dict[field])


def test_a_new_vacancy_waits_for_verification_and_carries_its_search_words(regency_officer, agency):
    vacancy = vacancy_create(data=vacancy_data(agency, languages="Bahasa  Melayu"), actor=regency_officer)
    assert vacancy.status == VerificationStatus.UNVERIFIED and vacancy.verified_by is None
    assert vacancy.languages == "Bahasa Melayu"
    for word in ("malaysia", "produksi operator", "production operator", "pt contoh penempatan", "sdn bhd"):
        assert word in vacancy.search_text, word


def test_a_zero_cost_job_that_charges_the_worker_is_refused_citing_perban_9_2020(regency_officer, agency):
    message = _refused(
        regency_officer, vacancy_data(agency, "pengasuh_lanjut_usia", worker_cost=Decimal("1")), "worker_cost"
    )
    assert "Perban BP2MI 9/2020" in message


def test_a_zero_cost_job_at_no_cost_and_another_job_with_a_cost_are_accepted(regency_officer, agency):
    vacancy_create(data=vacancy_data(agency, "pengasuh_lanjut_usia", worker_cost=Decimal("0")), actor=regency_officer)
    charged = vacancy_create(data=vacancy_data(agency, worker_cost=Decimal("2500000")), actor=regency_officer)
    assert charged.worker_cost == Decimal("2500000")


def test_the_zero_cost_rule_is_data_with_a_validity_period(regency_officer, agency):
    ZeroCostJob.objects.filter(job__code="pengasuh_lanjut_usia").update(valid_to=datetime.date(2021, 1, 1))
    vacancy = vacancy_create(
        data=vacancy_data(agency, "pengasuh_lanjut_usia", worker_cost=Decimal("100")), actor=regency_officer
    )
    assert vacancy.worker_cost == Decimal("100")


def test_an_individual_employer_in_a_moratorium_country_is_refused_citing_kepmenaker_260_2015(regency_officer, agency):
    data = vacancy_data(agency, "production_operator", country="SA", employer_type="individual", salary_currency="SAR")
    message = _refused(regency_officer, data, "employer_type")
    assert "Kepmenaker 260/2015" in message and "SPSK" not in message


def test_an_spsk_job_with_an_individual_employer_is_told_to_use_a_placement_company(regency_officer, agency):
    data = vacancy_data(
        agency, "pengurus_rumah_tangga", country="SA", employer_type="individual", salary_currency="SAR"
    )
    message = _refused(regency_officer, data, "employer_type")
    assert "Kepmenaker 260/2015" in message and "SPSK" in message and "291/2018" in message


def test_spsk_opens_the_job_with_a_legal_entity_employer_at_no_cost(regency_officer, agency):
    vacancy = vacancy_create(
        data=vacancy_data(
            agency, "pengurus_rumah_tangga", country="SA", employer_type="legal_entity", salary_currency="SAR"
        ),
        actor=regency_officer,
    )
    assert vacancy.country == "SA"


def test_a_legal_entity_outside_spsk_may_recruit_for_a_formal_job_in_a_moratorium_country(regency_officer, agency):
    vacancy = vacancy_create(
        data=vacancy_data(agency, "production_operator", country="SA", salary_currency="SAR", worker_cost=Decimal("5")),
        actor=regency_officer,
    )
    assert vacancy.worker_cost == Decimal("5")


def test_the_unapplied_21_country_list_does_not_close_a_country(regency_officer, agency):
    # Pakistan is only on the May 2015 roadmap list, which is stored but not enforced.
    assert MoratoriumList.objects.get(code="roadmap_2015_21").countries.filter(country="PK").exists()
    vacancy_create(
        data=vacancy_data(agency, country="PK", employer_type="individual", salary_currency="PKR"),
        actor=regency_officer,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"salary_currency": "XYZ"}, "salary_currency"),
        ({"country": "ID"}, "country"),
        ({"country": "XY"}, "country"),
        ({"min_age": 40, "max_age": 30}, "max_age"),
        ({"contract_months": 0}, "contract_months"),
        ({"quota": 0}, "quota"),
        ({"salary_amount": Decimal("0")}, "salary_amount"),
        ({"job_order_reference": "  "}, "job_order_reference"),
        ({"closing_date": datetime.date(2020, 1, 1)}, "closing_date"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(regency_officer, agency, overrides, field):
    _refused(regency_officer, vacancy_data(agency, **overrides), field)


def test_a_suspended_or_revoked_agency_may_not_enter_vacancies(regency_officer, suspended_agency, revoked_agency):
    _refused(regency_officer, vacancy_data(suspended_agency), "agency")
    _refused(regency_officer, vacancy_data(revoked_agency), "agency")


def test_facilitators_and_partners_may_not_enter_or_verify(facilitator_a, partner, regency_officer, agency):
    with pytest.raises(PermissionDenied):
        vacancy_create(data=vacancy_data(agency), actor=facilitator_a)
    vacancy = vacancy_create(data=vacancy_data(agency), actor=regency_officer)
    for outsider in (facilitator_a, partner):
        with pytest.raises(PermissionDenied):
            vacancy_verify(vacancy=vacancy, decision="verified", actor=outsider)


def test_verification_records_who_and_when_and_a_rejection_needs_a_reason(regency_officer, ministry_staff, agency):
    vacancy = vacancy_create(data=vacancy_data(agency), actor=regency_officer)
    with pytest.raises(ValidationError):
        vacancy_verify(vacancy=vacancy, decision="rejected", note=" ", actor=ministry_staff)
    with pytest.raises(ValidationError):
        vacancy_verify(vacancy=vacancy, decision="unverified", actor=ministry_staff)
    verified = vacancy_verify(vacancy=vacancy, decision="verified", actor=ministry_staff)
    assert (verified.status, verified.verified_by) == (VerificationStatus.VERIFIED, ministry_staff)
    assert verified.verified_at is not None
    rejected = vacancy_verify(vacancy=vacancy, decision="rejected", note="SIP2MI tidak cocok", actor=ministry_staff)
    assert (rejected.status, rejected.verification_note) == (VerificationStatus.REJECTED, "SIP2MI tidak cocok")


def test_verification_checks_the_agency_again(regency_officer, ministry_staff, agency):
    vacancy = vacancy_create(data=vacancy_data(agency), actor=regency_officer)
    agency_change_status(agency=agency, status="suspended", reason="Pasal 9", actor=ministry_staff)
    with pytest.raises(ValidationError) as exc:
        vacancy_verify(vacancy=vacancy, decision="verified", actor=regency_officer)
    assert "agency" in exc.value.message_dict
    vacancy.refresh_from_db()
    assert vacancy.status == VerificationStatus.UNVERIFIED


def test_editing_a_verified_vacancy_sends_it_back_to_verification(regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency)
    changed = vacancy_update(
        vacancy=vacancy, data=vacancy_data(agency, employer_name="Contoh Baru Sdn Bhd"), actor=regency_officer
    )
    assert changed.status == VerificationStatus.UNVERIFIED and changed.verified_at is None
    assert "contoh baru" in changed.search_text


def test_an_edit_that_breaks_a_rule_changes_nothing(regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, "pengasuh_lanjut_usia")
    with pytest.raises(ValidationError):
        vacancy_update(
            vacancy=vacancy,
            data=vacancy_data(agency, "pengasuh_lanjut_usia", worker_cost=Decimal("10")),
            actor=regency_officer,
        )
    vacancy.refresh_from_db()
    assert vacancy.worker_cost == 0 and vacancy.status == VerificationStatus.VERIFIED


def test_a_vacancy_closes_with_time(regency_officer, agency):
    vacancy = make_vacancy(regency_officer, agency, closing_date=timezone.localdate() + datetime.timedelta(days=2))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5)), pytest.raises(ValidationError):
        vacancy_update(
            vacancy=vacancy, data=vacancy_data(agency, closing_date=vacancy.closing_date), actor=regency_officer
        )
