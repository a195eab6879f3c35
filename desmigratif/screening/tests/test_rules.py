"""The screening engine: each rule firing and not firing, whole offers, warnings and rule dates."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, valid_nik
from desmigratif.migration.models import Step
from desmigratif.placement.models import Job
from desmigratif.screening import rules
from desmigratif.screening.models import ScreeningRule
from desmigratif.screening.offer import Offer
from desmigratif.vacancies import matching

from .conftest import TODAY

pytestmark = pytest.mark.django_db

ALL_CODES = {
    "RF1", "RF2", "RF3", "RF4", "RF5", "RF6", "RF7", "RF8", "RF9", "RF10", "RF11", "RF12", "RF14",
    "A2_ZERO_COST", "A2_FEES", "A3_SPSK", "A3_EMPLOYER_UNKNOWN",
    "LICENCE_SUSPENDED", "LICENCE_REVOKED", "LICENCE_EXPIRED", "RECRUITER_UNKNOWN",
}  # fmt: skip


def job(code: str) -> int:
    return Job.objects.get(code=code).pk


# A clean offer: a licensed active agency, a work visa, both agreements, a formal job in Malaysia.
CLEAN = Offer(
    recruiter="agency",
    agency="SIP3MI-001",
    country="MY",
    job_text="Production Operator",
    employer="legal_entity",
    visa="work",
    contract_seen=True,
    placement_agreement=True,
    passport_holder="worker",
    birth_date=datetime.date(1998, 3, 4),
    family_permission=True,
    registered=True,
    route="official",
    high_pay_fast=False,
    female_with_infant=False,
)


def codes(offer: Offer, on: datetime.date = TODAY) -> set[str]:
    return rules.screen(offer, on).codes()


def with_(**changes: object) -> Offer:
    return dataclasses.replace(CLEAN, **changes)  # type: ignore[arg-type]


def test_every_rule_row_has_a_check_and_every_check_a_row():
    assert {r.code for r in ScreeningRule.objects.all()} == ALL_CODES == set(rules.CHECKS)


def test_a_clean_offer_through_a_licensed_agency_raises_nothing(agencies):
    result = rules.screen(CLEAN, TODAY)
    assert result.high_count == 0
    assert result.codes() == set()


@pytest.mark.parametrize(
    ("code", "firing", "quiet"),
    [
        ("RF1", {"visa": "visit"}, {"visa": "work"}),
        ("RF1", {"visa": "umrah"}, {"visa": "unknown"}),
        ("RF1", {"visa": "internship"}, {"visa": "work"}),
        ("RF2", {"contract_seen": False}, {"contract_seen": None}),
        ("RF2", {"placement_agreement": False}, {"placement_agreement": True}),
        ("RF3", {"family_permission": False}, {"family_permission": True}),
        ("RF4", {"recruiter": "individual"}, {"recruiter": "government"}),
        ("RF4", {"recruiter": "company"}, {"recruiter": "agency"}),
        ("RF4", {"agency": "PT Tidak Ada"}, {"agency": "pt maju bersama"}),
        ("RECRUITER_UNKNOWN", {"recruiter": "unknown"}, {"recruiter": "agency"}),
        ("RF5", {"fee_amount": Decimal(6500000), "fee_paid_to": "individual"}, {"fee_amount": Decimal(0)}),
        ("RF5", {"fee_amount": Decimal(1), "fee_paid_to": "individual"}, {"fee_paid_to": "individual"}),
        ("RF6", {"country": "SA", "employer": "individual"}, {"country": "SA", "employer": "legal_entity"}),
        ("RF6", {"country": "AE", "employer": "individual"}, {"country": "MY", "employer": "individual"}),
        ("A3_EMPLOYER_UNKNOWN", {"country": "QA", "employer": "unknown"}, {"country": "TW", "employer": "unknown"}),
        ("RF9", {"passport_holder": "agency"}, {"passport_holder": "worker"}),
        ("RF9", {"passport_holder": "employer"}, {"passport_holder": ""}),
        ("RF10", {"registered": False}, {"registered": True}),
        ("RF10", {"registered": None}, {"registered": True}),
        ("RF11", {"high_pay_fast": True}, {"high_pay_fast": False}),
        ("RF12", {"route": "unofficial"}, {"route": "official"}),
        ("RF12", {"route": "via_neighbour"}, {"route": ""}),
        ("RF14", {"female_with_infant": True}, {"female_with_infant": None}),
        ("LICENCE_SUSPENDED", {"agency": "SIP3MI-002"}, {"agency": "SIP3MI-001"}),
        ("LICENCE_REVOKED", {"agency": "PT Dicabut Izin"}, {"agency": "SIP3MI-002"}),
        ("LICENCE_EXPIRED", {"agency": "sip3mi-004"}, {"agency": "SIP3MI-003"}),
    ],
)
def test_each_rule_fires_on_its_trigger_and_not_without_it(agencies, code, firing, quiet):
    assert code in codes(with_(**firing))
    assert code not in codes(with_(**quiet))


def test_rf7_fires_under_18_at_departure_and_not_from_the_18th_birthday(agencies):
    born = datetime.date(2009, 1, 10)
    assert "RF7" in codes(with_(birth_date=born))  # 17 today
    assert "RF7" not in codes(with_(birth_date=born, departure_date=datetime.date(2027, 1, 10)))
    assert "RF7" in codes(with_(birth_date=born, departure_date=datetime.date(2027, 1, 9)))


def test_rf7_reads_the_minimum_age_from_the_steps_in_force(agencies):
    """One source for the placement age: the steps' data, which vacancy matching reads too."""
    born = datetime.date(2006, 1, 10)  # 20 today
    assert "RF7" not in codes(with_(birth_date=born))
    departure = Step.objects.get(code="departure")
    assert departure.min_age_to_complete == 18
    Step.objects.filter(pk=departure.pk).update(min_age_to_complete=21)
    finding = rules.screen(with_(birth_date=born), TODAY).by_code("RF7")
    assert finding is not None and "20" in finding.shown()["details"][0]
    assert matching.rules(TODAY).min_age == 21
    Step.objects.update(min_age_to_complete=None)
    assert "RF7" not in codes(with_(birth_date=datetime.date(2015, 1, 1)))  # no age rule in the data


def test_rf7_fires_when_the_nik_birth_date_differs_from_the_declared_one(agencies):
    nik = valid_nik(VILLAGE_A, datetime.date(2008, 5, 1), "F")  # 18 on 1 May 2026
    assert "RF7" not in codes(with_(birth_date=datetime.date(2008, 5, 1), nik=nik))
    finding = rules.screen(with_(birth_date=datetime.date(1998, 5, 1), nik=nik), TODAY).by_code("RF7")
    assert "01-05-1998" in finding.shown()["details"][0]


def test_rf7_reads_the_age_from_the_nik_when_no_birth_date_is_given(agencies):
    child = valid_nik(VILLAGE_A, datetime.date(2010, 2, 3), "M")
    adult = valid_nik(VILLAGE_A, datetime.date(1990, 2, 3), "M")
    assert "RF7" in codes(with_(birth_date=None, nik=child))
    assert "RF7" not in codes(with_(birth_date=None, nik=adult))


def test_rf8_fires_on_a_nik_that_cannot_be_right_and_not_on_a_valid_one(agencies):
    assert "RF8" in codes(with_(nik="3507331234560000"))
    assert "RF8" in codes(with_(nik="12345"))
    assert "RF8" not in codes(with_(nik=valid_nik(VILLAGE_A, datetime.date(1998, 3, 4), "F")))


def test_fees_for_a_zero_cost_job_are_high_and_list_the_protected_costs(agencies):
    offer = with_(job_text="", job_id=job("pengurus_rumah_tangga"), fee_amount=Decimal(15000000), fee_paid_to="agency")
    result = rules.screen(offer, TODAY)
    finding = result.by_code("A2_ZERO_COST")
    assert finding.severity == "high"
    assert "Perban BP2MI 9/2020" in finding.rule.legal_basis
    assert len(finding.hit.items) == 14
    assert "A2_FEES" not in result.codes()
    assert "A2_ZERO_COST" not in codes(dataclasses.replace(offer, fee_amount=None))


def test_fees_for_another_job_paid_to_the_agency_are_only_information(agencies):
    result = rules.screen(with_(fee_amount=Decimal(5000000), fee_paid_to="agency"), TODAY)
    assert result.codes() == {"A2_FEES"}
    assert result.high_count == 0


def test_fees_paid_to_an_individual_are_high_in_any_job(agencies):
    result = rules.screen(with_(fee_amount=Decimal(2000000), fee_paid_to="individual"), TODAY)
    assert result.by_code("RF5").severity == "high"
    assert "A2_FEES" not in result.codes()


def test_spsk_job_with_a_company_employer_in_saudi_arabia_is_information_not_rf6(agencies):
    offer = with_(country="SA", job_text="", job_id=job("pengurus_rumah_tangga"), employer="legal_entity")
    result = rules.screen(offer, TODAY)
    assert result.codes() == {"A3_SPSK"}
    assert result.by_code("A3_SPSK").severity == "info"
    # The same job with an individual employer stays a moratorium finding.
    assert codes(dataclasses.replace(offer, employer="individual")) == {"RF6"}
    # A company employer in a moratorium country outside SPSK: nothing to say.
    assert codes(dataclasses.replace(offer, country="KW")) == set()


def test_an_unconfirmed_rule_is_only_a_warning_whatever_its_row_says(agencies):
    finding = rules.screen(with_(female_with_infant=True), TODAY).by_code("RF14")
    assert finding.rule.severity == "high" and not finding.rule.confirmed
    assert finding.warning and finding.severity == "low"
    ScreeningRule.objects.filter(code="RF3").update(confirmed=False)
    finding = rules.screen(with_(family_permission=False), TODAY).by_code("RF3")
    assert finding.warning and finding.severity == "low"


def test_a_typical_calo_offer_raises_the_expected_flags(agencies):
    calo = Offer(
        recruiter="individual",
        country="MY",
        job_id=job("pengurus_rumah_tangga"),
        employer="individual",
        visa="visit",
        contract_seen=False,
        placement_agreement=False,
        fee_amount=Decimal(8000000),
        fee_paid_to="individual",
        passport_holder="agency",
        family_permission=False,
        registered=False,
        route="unofficial",
        high_pay_fast=True,
    )
    result = rules.screen(calo, TODAY)
    assert result.codes() == {"RF1", "RF2", "RF3", "RF4", "RF5", "RF9", "RF10", "RF11", "RF12", "A2_ZERO_COST"}
    assert [f.severity for f in result.findings] == sorted(
        (f.severity for f in result.findings), key=["high", "medium", "low", "info"].index
    )
    assert result.findings[0].code == "RF4"


@time_machine.travel(datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_rules_apply_only_within_their_validity_dates(agencies):
    zero_cost_fee = with_(job_text="", job_id=job("pengasuh_bayi"), fee_amount=Decimal(1000000), fee_paid_to="agency")
    # Before Perban 9/2020 and before the 2024 Sleman rule, today's date comes from the frozen clock.
    assert "A2_ZERO_COST" not in rules.screen(zero_cost_fee).codes()
    assert "RF14" not in rules.screen(with_(female_with_infant=True)).codes()
    assert "RF1" in rules.screen(with_(visa="visit")).codes()
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC), tick=False):
        assert "A2_ZERO_COST" in rules.screen(zero_cost_fee).codes()


def test_an_ended_rule_no_longer_fires_and_a_new_version_takes_over(agencies):
    old = ScreeningRule.objects.get(code="RF11")
    ScreeningRule.objects.filter(pk=old.pk).update(valid_to=datetime.date(2026, 1, 1))
    assert "RF11" not in codes(with_(high_pay_fast=True))
    new = ScreeningRule.objects.create(
        **{f.name: getattr(old, f.name) for f in ScreeningRule._meta.fields if f.name not in ("id", "valid_to")}
        | {"valid_from": datetime.date(2026, 1, 2), "severity": "high"}
    )
    finding = rules.screen(with_(high_pay_fast=True), TODAY).by_code("RF11")
    assert finding.rule.pk == new.pk and finding.severity == "high"


def test_texts_come_from_the_rule_row_in_the_active_language(agencies):
    from django.utils.translation import override

    ScreeningRule.objects.filter(code="RF1").update(title_id="Judul baru", title_en="New title")
    finding = rules.screen(with_(visa="visit"), TODAY).by_code("RF1")
    with override("id"):
        assert finding.shown()["title"] == "Judul baru"
    with override("en"):
        assert finding.shown()["title"] == "New title"
    snapshot = finding.as_json()
    assert snapshot["id"]["title"] == "Judul baru" and snapshot["en"]["title"] == "New title"
    assert snapshot["rule_valid_from"] == "2017-11-22"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"job_id": 999999}, "job_id"),
        ({"fee_amount": Decimal(-1)}, "fee_amount"),
        ({"birth_date": datetime.date(2027, 1, 1)}, "birth_date"),
        ({"departure_date": datetime.date(1990, 1, 1)}, "departure_date"),
    ],
)
def test_answers_that_cannot_be_screened_are_refused_by_field(changes, field):
    with pytest.raises(ValidationError) as exc:
        rules.screen(with_(**changes), TODAY)
    assert field in exc.value.message_dict


def test_the_saved_answers_never_hold_the_nik():
    answers = with_(nik="3507334403980001", fee_amount=Decimal(5)).answers()
    assert "nik" not in answers and answers["nik_given"] is True
    assert answers["fee_amount"] == "5" and answers["birth_date"] == "1998-03-04"
