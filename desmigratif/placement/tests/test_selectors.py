"""The placement rules as loaded by the data migrations, read for a date."""

import datetime

import pytest

from desmigratif.placement import selectors
from desmigratif.placement.models import Job, MoratoriumList, ProtectedCost, SpskJob, ZeroCostJob

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_every_job_of_the_shared_file_is_loaded_with_a_sector():
    assert Job.objects.count() == 27
    assert not Job.objects.filter(sector="").exists()
    assert Job.objects.get(code="pengasuh_lanjut_usia").name_en == "Elderly carer"


def test_the_ten_perban_9_2020_jobs_are_zero_cost_from_june_2020():
    zero = selectors.zero_cost_job_ids(TODAY)
    assert len(zero) == 10
    assert Job.objects.get(code="awak_kapal_perikanan_migran").pk in zero
    assert Job.objects.get(code="production_operator").pk not in zero
    assert selectors.zero_cost_job_ids(datetime.date(2020, 6, 14)) == set()


def test_a_zero_cost_rule_ended_by_national_staff_no_longer_applies():
    job = Job.objects.get(code="juru_masak")
    assert selectors.is_zero_cost(job, TODAY)
    ZeroCostJob.objects.filter(job=job).update(valid_to=datetime.date(2026, 1, 1))
    assert not selectors.is_zero_cost(job, TODAY)
    assert selectors.is_zero_cost(job, datetime.date(2025, 12, 31))


def test_fourteen_protected_cost_items_in_order():
    costs = list(selectors.protected_costs(TODAY))
    assert len(costs) == 14
    assert costs[0].code == "tiket_pulang" and costs[-1].code == "akomodasi"
    assert ProtectedCost.objects.filter(legal_basis__contains="Pasal 3 ayat (2)").count() == 14


def test_the_enforced_moratorium_is_the_19_country_list_for_individual_employers():
    closed = selectors.moratorium_countries("individual", TODAY)
    assert len(closed) == 19
    assert {"SA", "AE", "SD", "JO"} <= closed
    assert "PK" not in closed  # only on the unconfirmed 21-country list
    assert selectors.moratorium_countries("legal_entity", TODAY) == set()
    assert selectors.moratorium_countries("individual", datetime.date(2015, 6, 30)) == set()
    assert MoratoriumList.objects.get(code="roadmap_2015_21").countries.count() == 21


def test_moratorium_for_names_its_list_and_switching_lists_is_data():
    row = selectors.moratorium_for("SA", "individual", TODAY)
    assert row is not None and row.moratorium.legal_basis == "Kepmenaker 260/2015"
    assert selectors.moratorium_for("MY", "individual", TODAY) is None
    MoratoriumList.objects.update(is_applied=True)
    assert "PK" in selectors.moratorium_countries("individual", TODAY)


def test_spsk_opens_six_domestic_jobs_in_saudi_arabia_only():
    assert SpskJob.objects.count() == 6
    cook = Job.objects.get(code="juru_masak")
    assert selectors.spsk_rule("SA", cook, TODAY) is not None
    assert selectors.spsk_rule("AE", cook, TODAY) is None
    assert selectors.spsk_rule("SA", Job.objects.get(code="perawat_taman"), TODAY) is None
    assert selectors.spsk_rule("SA", cook, datetime.date(2018, 1, 1)) is None
