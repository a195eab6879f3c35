"""The scheduled refresh keeps recomputing the indicators whose past months still change."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from conftest import VILLAGE_A, make_person
from desmigratif.monitoring import tasks
from desmigratif.monitoring.models import Rollup
from desmigratif.partners import services as partners
from desmigratif.partners.tests.conftest import designate, make_programme, refer

pytestmark = pytest.mark.django_db


def test_which_past_months_are_still_settling():
    dec = datetime.date(2026, 12, 4)
    # November is last month (recomputed whole early in the month, its settling indicators later).
    assert tasks.settling_codes(datetime.date(2026, 11, 1), dec) == ["partner_uptake", "reports_on_time"]
    assert tasks.settling(dec) == {
        datetime.date(2026, 10, 1): ["partner_uptake", "reports_on_time"],  # due + 60 days: 30 Dec
        datetime.date(2026, 9, 1): ["partner_uptake"],  # approvals settled on 29 Nov
        datetime.date(2026, 8, 1): ["partner_uptake"],
        datetime.date(2026, 7, 1): ["partner_uptake"],
        datetime.date(2026, 6, 1): ["partner_uptake"],  # 180 days after 30 June: 27 December
    }


def test_a_referral_taken_up_months_later_changes_its_month(regions, ministry_staff, facilitator_a):
    designate(VILLAGE_A)
    programme = make_programme(ministry_staff)
    person = make_person(facilitator_a, VILLAGE_A, full_name="Sutrisno")
    august = datetime.date(2026, 8, 1)
    now = timezone.make_aware(datetime.datetime(2026, 12, 4, 9))
    with time_machine.travel(now, tick=False):
        referral = refer(facilitator_a, person, programme, referred_on=datetime.date(2026, 8, 12))
        tasks.refresh_rollups.call()
        row = Rollup.objects.get(village_id=VILLAGE_A, month=august, indicator="partner_uptake")
        assert (row.value, row.denominator) == (Decimal(0), Decimal(1))
        partners.referral_set_status(
            referral=referral, status="taken_up", on=datetime.date(2026, 12, 3), actor=facilitator_a
        )
        tasks.refresh_rollups.call()
    row = Rollup.objects.get(village_id=VILLAGE_A, month=august, indicator="partner_uptake")
    assert (row.value, row.denominator) == (Decimal(1), Decimal(1))
    # Settled indicators of that month are not recomputed by the scheduled refresh.
    assert not Rollup.objects.filter(month=august, indicator="partner_referrals").exists()
