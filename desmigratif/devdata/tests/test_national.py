"""The national-scale generator at a small scale: what it makes, and books that balance."""

from decimal import Decimal

import pytest
from babel.numbers import is_currency
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from desmigratif.accounts.models import User
from desmigratif.agencies.models import Agency, AgencyStatusChange
from desmigratif.agencies.selectors import may_recruit
from desmigratif.cooperatives.models import Cooperative, JournalLine, Member, SavingsAccount
from desmigratif.devdata.generator import DEMO_DESTINATIONS
from desmigratif.devdata.national import agencies_for, check_books, seed_national
from desmigratif.lib.months import month_start
from desmigratif.migration.models import MigrationCase
from desmigratif.monitoring import selectors
from desmigratif.placement.models import Job
from desmigratif.vacancies.models import Vacancy
from desmigratif.vacancies.selectors import public_vacancies, vacancies_for_user
from desmigratif.vacancies.services import rule_errors, search_text

pytestmark = [pytest.mark.slow, pytest.mark.postgresql, pytest.mark.django_db]


def test_a_small_national_data_set_balances_and_is_counted():
    result = seed_national(villages=6, people=600, cases=80, journal_lines=2000, members_per_village=20, months=6)
    assert result.villages >= 6 and result.people == 600
    assert result.cases == MigrationCase.objects.count() == 80
    assert result.cooperatives == Cooperative.objects.count() and result.members == Member.objects.count()
    assert result.journal_lines == JournalLine.objects.count() == 2000
    # Job orders in proportion to the people asked for, from the fewest agencies the register has.
    assert result.vacancies == Vacancy.objects.count() == 600 // 200
    assert result.agencies == Agency.objects.count() == 10
    assert check_books() == []
    # The ledger's own rules are on again after the bulk load.
    cooperative = Cooperative.objects.order_by("pk").first()
    assert cooperative is not None
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cooperatives_journalentry (cooperative_id, date, description, source, posted_at,"
            " posted_by_id, is_demo) VALUES (%s, now(), 'x', '', now(), %s, false)",
            [cooperative.pk, cooperative.created_by_id],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The dashboard's savings balance is the members' savings.
    catalogue = selectors.indicators()
    this_month = month_start(timezone.localdate())
    figures = selectors.figures(catalogue=catalogue, prefix="", start=this_month, end=this_month)
    assert figures["savings_balance"].value == SavingsAccount.objects.aggregate(t=Sum("balance"))["t"] > Decimal(0)


def test_more_cases_than_migrants_are_earlier_placements_of_returnees_and_workers_abroad():
    result = seed_national(villages=3, people=300, cases=200, journal_lines=200, members_per_village=5, months=3)
    cases = MigrationCase.objects.all()
    assert result.cases == cases.count() == 200
    earlier = cases.filter(status="returned")
    assert earlier.exists()
    # Every earlier placement came before the person's current case, departed and came back.
    latest = dict(cases.values("person_id").annotate(m=Max("opened_at")).values_list("person_id", "m"))
    assert all(case.opened_at < latest[case.person_id] for case in earlier)
    for case in earlier.select_related("step")[:20]:
        assert case.step.code == "returned" and case.step_started_at < timezone.now()
        assert list(case.events.order_by("at").values_list("kind", flat=True)) == [
            "opened",
            "step_changed",
            "step_changed",
        ]


def test_agencies_are_licensed_and_their_job_orders_kept_to_the_placement_rules():
    result = seed_national(
        villages=3, people=300, cases=150, journal_lines=200, members_per_village=5, months=3, vacancies=240
    )
    today = timezone.localdate()
    agencies = Agency.objects.all()
    assert result.agencies == agencies.count() == agencies_for(240) == 20
    assert all(a.is_demo and a.name.startswith("PT Demo ") for a in agencies)
    # Every agency holds a SIP3MI licence; most may recruit today, and the register also holds an
    # expired licence, a suspended and a revoked agency, each registered in the status history.
    assert len(set(agencies.values_list("licence_number", flat=True))) == agencies.count()
    assert all(a.licence_valid_until is not None and a.licence_valid_from < a.licence_valid_until for a in agencies)
    recruiting = [a for a in agencies if may_recruit(a, today)]
    assert agencies.count() / 2 < len(recruiting) < agencies.count()
    assert agencies.filter(status="active", licence_valid_until__lt=today).exists()
    assert {"active", "suspended", "revoked"} == set(agencies.values_list("status", flat=True))
    assert AgencyStatusChange.objects.filter(from_status="", to_status="active").count() == agencies.count()
    sanctioned = dict(AgencyStatusChange.objects.exclude(from_status="").values_list("agency_id", "at"))
    assert set(sanctioned) == set(agencies.exclude(status="active").values_list("id", flat=True))

    vacancies = list(Vacancy.objects.select_related("agency", "job"))
    assert result.vacancies == len(vacancies) == 240
    assert all(v.is_demo for v in vacancies)
    assert {v.country for v in vacancies} == {country for country, _job, _employer in DEMO_DESTINATIONS}
    assert {v.status for v in vacancies} == {"verified", "unverified", "rejected"}
    assert sum(v.status == "verified" for v in vacancies) > len(vacancies) / 2
    assert min(v.closing_date for v in vacancies) < today <= max(v.closing_date for v in vacancies)
    assert len({v.job_id for v in vacancies}) > 10
    for v in vacancies:
        assert isinstance(v.salary_amount, Decimal) and v.salary_amount > 0 and is_currency(v.salary_currency)
        assert v.search_text == search_text(v)
        # Entered before it closed, while its agency could recruit; decided after it was entered.
        entered = timezone.localdate(v.created_at)
        assert v.agency.licence_valid_from <= entered <= v.closing_date
        assert v.agency.licence_valid_until is not None and entered <= v.agency.licence_valid_until
        assert v.agency_id not in sanctioned or v.created_at <= sanctioned[v.agency_id]
        assert (v.verified_at is None) == (v.status == "unverified")
        assert v.verified_at is None or v.created_at <= v.verified_at <= timezone.now()
    # The rules the services apply on every write: zero cost, the moratorium and SPSK.
    jobs = {job.pk: job for job in Job.objects.all()}
    combinations = {(v.country, v.job_id, v.employer_type, v.worker_cost) for v in vacancies}
    for country, job_id, employer_type, cost in combinations:
        assert (
            rule_errors(country=country, job=jobs[job_id], employer_type=employer_type, worker_cost=cost, on=today)
            == {}
        )
    assert any(cost > 0 for *_rest, cost in combinations)

    # The public list shows the verified, open job orders of agencies that may recruit; staff see all.
    public = public_vacancies()
    assert 0 < public.count() < len(vacancies)
    assert all(v.status == "verified" and v.closing_date >= today and may_recruit(v.agency, today) for v in public)
    assert vacancies_for_user(User.objects.get(username="nasional")).count() == len(vacancies)
    assert vacancies_for_user(User.objects.get(username="disnaker.malang")).count() == len(vacancies)

    # Some recent cases were opened from a job order public at the time, as case_open does.
    from_vacancies = MigrationCase.objects.filter(vacancy__isnull=False).select_related("vacancy", "job")
    assert result.cases_from_vacancies == from_vacancies.count() > 0
    for case in from_vacancies:
        vacancy = case.vacancy
        assert vacancy is not None and vacancy.verified_at is not None and case.status in ("active", "abroad")
        assert (case.destination_country, case.employer_type) == (vacancy.country, vacancy.employer_type)
        assert (case.agency_id, case.job_id) == (vacancy.agency_id, vacancy.job_id)
        assert case.job is not None and case.job_title == case.job.name_id
        assert vacancy.verified_at <= case.opened_at and vacancy in public


def test_the_command_prints_its_phases_and_the_books(capsys):
    call_command(
        "seed_national",
        "--villages=5",
        "--people=300",
        "--cases=20",
        "--journal-lines=200",
        "--members-per-village=5",
        "--vacancies=30",
        "--months=2",
    )
    out = capsys.readouterr().out
    assert "journal" in out and "books: balanced" in out
    assert "agencies and vacancies" in out and "10 agencies with 30 vacancies" in out
