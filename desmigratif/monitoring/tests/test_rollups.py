"""The rollup equals a direct count on the same data, for every indicator of the catalogue.

The demo generator writes a population with cases, screenings, complaints, broker reports,
remittances, cooperatives and loans through the real services, and refreshes the rollup table as
the scheduled task does. Each indicator is then recomputed here the plain way, record by record in
Python, and compared with what the dashboard selectors read from the rollup table, for the nation
and for one regency.
"""

import datetime
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from desmigratif.brokers.models import BrokerReport
from desmigratif.complaints.models import Complaint, ComplaintEvent
from desmigratif.cooperatives.models import Loan, Member, SavingsAccount
from desmigratif.devdata.generator import seed_demo
from desmigratif.enterprises.models import Enterprise, Participant, ProgressReport
from desmigratif.facilitators.models import Appointment, MonthlyReport, Visit
from desmigratif.facilitators.report import due_on
from desmigratif.learning.models import Attendance, Child
from desmigratif.lib import months
from desmigratif.lib.months import month_start
from desmigratif.migration.models import CaseEvent, CaseStatus, MigrationCase
from desmigratif.monitoring import selectors
from desmigratif.monitoring.compute import COMPUTE
from desmigratif.monitoring.models import Indicator, Rollup
from desmigratif.monitoring.services import rollup_refresh
from desmigratif.partners.models import Referral
from desmigratif.remittances.models import Remittance
from desmigratif.screening.models import CaseScreening

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

JAKARTA = ZoneInfo("Asia/Jakarta")
PERIOD_MONTHS = 24


def pct(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def in_region(code, prefix):
    return prefix == "" or code.startswith(prefix + ".")


def direct(prefix, start, today):
    """Every indicator of the catalogue, the plain way, for villages under ``prefix``."""

    def month_of(moment):
        return moment.astimezone(JAKARTA).date()

    def within(moment):
        return start <= month_of(moment) <= today

    cases = [c for c in MigrationCase.objects.all() if in_region(c.village_id, prefix)]
    served = {(c.village_id, month_start(month_of(c.opened_at)), c.person_id) for c in cases if within(c.opened_at)}
    departures = [
        (e.at - e.case.opened_at).days
        for e in CaseEvent.objects.select_related("case", "to_step")
        if e.kind == "step_changed"
        and e.to_step is not None
        and e.to_step.case_status == CaseStatus.ABROAD
        and in_region(e.case.village_id, prefix)
        and within(e.at)
    ]
    complaints = [c for c in Complaint.objects.all() if in_region(c.village_id, prefix)]
    events = defaultdict(list)
    for event in ComplaintEvent.objects.order_by("at"):
        events[event.complaint_id].append(event)
    first_resolved = {c.pk: next((e for e in events[c.pk] if e.kind == "resolved"), None) for c in complaints}
    resolved = [(c, e) for c in complaints if (e := first_resolved[c.pk]) is not None and within(e.at)]
    remittances = [
        r for r in Remittance.objects.all() if in_region(r.village_id, prefix) and start <= r.received_on <= today
    ]
    loans = [
        loan
        for loan in Loan.objects.select_related("cooperative").prefetch_related("instalments", "repayments")
        if in_region(loan.cooperative.village_id, prefix) and loan.disbursed_on and loan.disbursed_on <= today
    ]
    outstanding = {loan.pk: loan.principal - sum(r.principal for r in loan.repayments.all()) for loan in loans}
    late = {
        loan.pk
        for loan in loans
        if any(
            i.due_on < today - datetime.timedelta(days=30) and (i.paid_on is None or i.paid_on > today)
            for i in loan.instalments.all()
        )
    }
    total_out = sum(outstanding.values(), Decimal(0))
    month_end = months.month_end(today)
    enterprises = [e for e in Enterprise.objects.prefetch_related("status_changes") if in_region(e.village_id, prefix)]

    def status_on(enterprise, day):
        changes = sorted((c for c in enterprise.status_changes.all() if c.on <= day), key=lambda c: (c.on, c.at, c.id))
        return changes[-1].to_status if changes else None

    trained = {
        (p.person.domicile_village_id, month_start(p.training.ends_on), p.person_id)
        for p in Participant.objects.select_related("training", "person")
        if in_region(p.person.domicile_village_id, prefix) and start <= p.training.ends_on <= month_end
    }
    referrals = [
        r for r in Referral.objects.all() if in_region(r.village_id, prefix) and start <= r.referred_on <= month_end
    ]
    visits = sum(1 for v in Visit.objects.all() if in_region(v.village_id, prefix) and start <= v.on <= month_end)
    due, on_time = 0, 0
    reports = {(r.village_id, r.month): r for r in MonthlyReport.objects.all()}
    appointments = [a for a in Appointment.objects.all() if in_region(a.village_id, prefix)]
    for month in months.months_between(start, today):
        if due_on(month) >= today:
            continue
        last_day = months.month_end(month)
        for village in {
            a.village_id for a in appointments if a.starts_on <= last_day and (a.ended_on or month) >= month
        }:
            due += 1
            found = reports.get((village, month))
            if (
                found is not None
                and found.status == "approved"
                and found.first_submitted_at is not None
                and found.first_submitted_at.astimezone(JAKARTA).date() <= due_on(month)
            ):
                on_time += 1
    return {
        "partner_referrals": Decimal(len(referrals)),
        "partner_uptake": (
            pct(Decimal(sum(1 for r in referrals if r.status in ("taken_up", "completed"))) * 100 / len(referrals))
            if referrals
            else None
        ),
        "facilitator_visits": Decimal(visits),
        "reports_on_time": pct(Decimal(on_time) * 100 / due) if due else None,
        "children_enrolled": Decimal(
            sum(
                1
                for c in Child.objects.all()
                if in_region(c.village_id, prefix)
                and c.registered_on <= today
                and (c.left_on is None or c.left_on >= today)
            )
        ),
        "session_attendance": Decimal(
            sum(
                1
                for a in Attendance.objects.select_related("session")
                if in_region(a.session.village_id, prefix) and start <= a.session.held_on <= month_end
            )
        ),
        "enterprises_running": Decimal(sum(1 for e in enterprises if status_on(e, today) == "running")),
        "enterprise_revenue": sum(
            (
                r.revenue
                for r in ProgressReport.objects.select_related("enterprise")
                if in_region(r.enterprise.village_id, prefix) and start <= r.period_start <= month_end
            ),
            Decimal(0),
        ),
        "training_participants": Decimal(len(trained)),
        "prospective_served": Decimal(len(served)),
        "cases_active": Decimal(sum(1 for c in cases if c.status == CaseStatus.ACTIVE)),
        "cases_overdue": Decimal(
            sum(1 for c in cases if c.status == CaseStatus.ACTIVE and c.step_due_at and c.step_due_at < timezone.now())
        ),
        "days_to_departure": Decimal(str(statistics.median(departures))) if departures else None,
        "offers_high_risk": Decimal(
            sum(
                1
                for s in CaseScreening.objects.select_related("case")
                if s.high_count > 0 and in_region(s.case.village_id, prefix) and within(s.at)
            )
        ),
        "complaints_received": Decimal(sum(1 for c in complaints if within(c.received_at))),
        "complaints_open": Decimal(
            sum(1 for c in complaints if not any(e.kind in ("resolved", "closed") for e in events[c.pk]))
        ),
        "complaints_resolved": Decimal(len(resolved)),
        "complaint_resolution_days": (
            Decimal(str(statistics.median([(e.at - c.received_at).days for c, e in resolved]))) if resolved else None
        ),
        "broker_reports": Decimal(
            sum(1 for b in BrokerReport.objects.all() if in_region(b.village_id, prefix) and within(b.received_at))
        ),
        "coop_members": Decimal(
            sum(
                1
                for m in Member.objects.select_related("cooperative")
                if in_region(m.cooperative.village_id, prefix) and m.left_on is None
            )
        ),
        "savings_balance": sum(
            (
                a.balance
                for a in SavingsAccount.objects.select_related("member__cooperative")
                if in_region(a.member.cooperative.village_id, prefix)
            ),
            Decimal(0),
        ),
        "loans_outstanding": total_out,
        "par30": pct(sum((outstanding[pk] for pk in late), Decimal(0)) * 100 / total_out) if total_out else None,
        "remittance_volume": sum((r.amount_received for r in remittances), Decimal(0)),
        "remittance_cost": (
            pct(sum((r.total_cost_percent for r in remittances), Decimal(0)) / len(remittances))
            if remittances
            else None
        ),
        "remittance_above_5": (
            pct(Decimal(sum(1 for r in remittances if r.total_cost_percent > 5)) * 100 / len(remittances))
            if remittances
            else None
        ),
    }


@pytest.fixture
def demo(db):
    return seed_demo(people=300, demo_villages=0)


@pytest.mark.parametrize("prefix", ["", "35.07"])
def test_the_rollup_equals_a_direct_count_for_every_indicator(demo, prefix):
    today = timezone.localdate()
    start = month_start(today - datetime.timedelta(days=31 * (PERIOD_MONTHS - 1)))
    catalogue = selectors.indicators()
    assert {i.code for i in catalogue} == set(COMPUTE), "every indicator has its computation and no more"
    got = selectors.figures(catalogue=catalogue, prefix=prefix, start=start, end=month_start(today))
    expected = direct(prefix, start, today)
    assert set(expected) == set(got)
    for code, value in expected.items():
        assert got[code].value == value, (code, got[code].value, value)
    # The demo has something to count in every pillar-1 and pillar-4 flow and stock that matters.
    for code in (
        "prospective_served",
        "complaints_received",
        "enterprises_running",
        "enterprise_revenue",
        "training_participants",
        "partner_referrals",
        "partner_uptake",
        "children_enrolled",
        "session_attendance",
        "coop_members",
        "savings_balance",
        "remittance_volume",
        "facilitator_visits",
        "reports_on_time",
    ):
        assert expected[code], code


def test_a_refresh_replaces_a_months_values_and_keeps_past_snapshots(demo):
    today = timezone.localdate()
    month = month_start(today)
    before = Rollup.objects.filter(month=month).count()
    assert rollup_refresh(month=month) == before  # the same records give the same rows
    assert Rollup.objects.filter(month=month).count() == before
    last_month = month_start(month - datetime.timedelta(days=1))
    snapshot = Indicator.objects.get(code="cases_active")
    Rollup.objects.create(village_id="35.07.33.2006", month=last_month, indicator=snapshot, value=7)
    rollup_refresh(month=last_month)
    assert Rollup.objects.get(month=last_month, indicator=snapshot).value == 7
