import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from desmigratif.accounts.models import RoleAssignment, User
from desmigratif.accounts.roles import ROLE_REGION_LEVELS, Role, region_level
from desmigratif.agencies.models import Agency
from desmigratif.audit.models import AuditLog
from desmigratif.brokers.models import BrokerReport
from desmigratif.complaints.models import Complaint
from desmigratif.cooperatives.models import Loan
from desmigratif.devdata.generator import DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_VACANCIES, PILOT_VILLAGES
from desmigratif.learning.models import Child
from desmigratif.lib import nik as nik_lib
from desmigratif.migration.models import ExpiryReminder, MigrationCase
from desmigratif.people.models import Consent, Household, HouseholdMember, MigrantFamilyLink, Person
from desmigratif.people.services import is_minor
from desmigratif.placement.selectors import zero_cost_job_ids
from desmigratif.regions.models import ProgramVillage, Village
from desmigratif.remittances.models import Remittance
from desmigratif.screening.models import CaseScreening
from desmigratif.vacancies.models import Vacancy
from desmigratif.vacancies.selectors import public_vacancies

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MIGRANT_STATUSES = {"prospective", "abroad", "returnee"}


def _totals():
    return {
        model.__name__: model.objects.count()
        for model in (
            Person,
            Household,
            HouseholdMember,
            Consent,
            MigrantFamilyLink,
            ProgramVillage,
            User,
            RoleAssignment,
            MigrationCase,
            Remittance,
            Loan,
            CaseScreening,
            ExpiryReminder,
            AuditLog,
            Village,
            Agency,
            Vacancy,
            Complaint,
            BrokerReport,
        )
    }


def test_seed_demo_makes_a_plausible_demo_and_running_it_again_creates_nothing(capsys):
    call_command("seed_demo", "--people", "60", "--demo-villages", "6")
    output = capsys.readouterr().out
    assert "60 people" in output and "demo-desmigratif" in output
    # The daily reminder task ran once while seeding, so the demo needs no worker.
    assert f"{ExpiryReminder.objects.count()} expiry reminders" in output

    # People: all demo, in the pilot villages, with NIKs that agree with their birth date and sex.
    people = list(Person.objects.all())
    assert len(people) == 60
    assert all(p.is_demo for p in people)
    assert {p.domicile_village_id for p in people} == set(PILOT_VILLAGES)
    for person in people:
        parsed = nik_lib.parse(person.nik)
        assert parsed.sex == person.sex, person.nik
        assert parsed.matches_birth_date(person.birth_date), person.nik
        assert parsed.district_code == person.domicile_village_id[:8]
        assert person.birth_date <= timezone.localdate()
        assert not person.nik_region_unknown

    # Households: one head each, everyone on exactly one card in their own village.
    households = Household.objects.annotate(
        heads=Count("members", filter=Q(members__relationship="head")), size=Count("members")
    )
    assert households.exists()
    for household in households:
        assert household.heads == 1, household.kk_number
        assert household.is_demo and household.size >= 1
        assert len(household.kk_number) == 16 and household.kk_number.isdigit()
    assert HouseholdMember.objects.count() == len(people)
    assert not HouseholdMember.objects.exclude(person__domicile_village=F("household__village")).exists()

    # Consent: one to the registry per person, one to the learning house per child registered
    # in it; every minor's was given by a named guardian.
    assert Consent.objects.filter(text__purpose="registry").count() == len(people)
    assert Consent.objects.filter(text__purpose="learning_house").count() == Child.objects.count() > 0
    for consent in Consent.objects.select_related("person", "text"):
        assert consent.text.purpose in ("registry", "learning_house")
        if is_minor(consent.person.birth_date):
            assert consent.given_by == "guardian" and consent.guardian_name

    # Links to migrant workers point from family to a migrant of the same household.
    for link in MigrantFamilyLink.objects.select_related("family_member", "migrant"):
        assert link.family_member.migrant_status == "family"
        assert link.migrant.migrant_status in MIGRANT_STATUSES
        assert link.family_member.household_membership.household_id == link.migrant.household_membership.household_id

    # An account for every role, each at a region of the level its role needs.
    demo_users = User.objects.filter(is_demo=True)
    assert demo_users.count() == len(DEMO_ACCOUNTS)
    assignments = RoleAssignment.objects.filter(user__in=demo_users)
    assert set(assignments.values_list("role", flat=True)) == set(Role.values)
    for assignment in assignments:
        assert region_level(assignment.region_code) in ROLE_REGION_LEVELS[assignment.role]
        assert assignment.region_code == "" or Village.objects.filter(code__startswith=assignment.region_code).exists()

    assert ProgramVillage.objects.filter(is_demo=False).count() == 79
    assert ProgramVillage.objects.filter(is_demo=True).exists()
    assert set(PILOT_VILLAGES) <= set(ProgramVillage.objects.values_list("village_id", flat=True))
    assert not MigrationCase.objects.filter(is_demo=False).exists()
    adult_age = datetime.timedelta(days=18 * 365)
    assert not MigrationCase.objects.filter(person__birth_date__gt=timezone.localdate() - adult_age).exists()
    # Some demo cases have their offer screened, through the real service.
    assert CaseScreening.objects.exists() and not CaseScreening.objects.filter(is_demo=False).exists()

    # Agencies and job orders: fictitious, all demo, one agency suspended and one revoked; only
    # verified open job orders of active agencies are public; cases point to them.
    agencies = Agency.objects.all()
    assert agencies.count() == len(DEMO_AGENCIES) and all(a.is_demo and "Demo" in a.name for a in agencies)
    assert sorted(agencies.values_list("status", flat=True)) == ["active", "active", "active", "revoked", "suspended"]
    vacancies = Vacancy.objects.all()
    assert vacancies.count() == len(DEMO_VACANCIES) and all(v.is_demo for v in vacancies)
    assert {"MY", "TW", "HK", "SG", "KR", "JP", "SA"} <= set(vacancies.values_list("country", flat=True))
    assert not vacancies.filter(country="SA", employer_type="individual").exists()
    zero_cost = zero_cost_job_ids()
    assert not vacancies.filter(job_id__in=zero_cost, worker_cost__gt=0).exists()
    assert vacancies.filter(job_id__in=zero_cost).exists()
    public = public_vacancies()
    assert 8 <= public.count() < vacancies.count()
    assert set(vacancies.values_list("status", flat=True)) == {"verified", "unverified", "rejected"}
    assert MigrationCase.objects.filter(vacancy__isnull=False).exists()
    assert MigrationCase.objects.filter(agency__isnull=False).count() == MigrationCase.objects.count()

    # Remittances received by migrants' families, through the real service, all demo.
    remittances = Remittance.objects.select_related("recipient")
    assert remittances.exists() and all(r.is_demo and r.recipient.migrant_status == "family" for r in remittances)
    assert f"{remittances.count()} remittances" in output

    # Complaints and broker reports in the two pilot villages with facilitators, some overdue.
    complaints = Complaint.objects.all()
    assert complaints.exists() and not complaints.filter(is_demo=False).exists()
    assert set(complaints.values_list("village_id", flat=True)) == {"35.07.33.2006", "35.07.11.2008"}
    assert {"facilitator", "disnaker", "bp3mi", "perwakilan"} <= set(complaints.values_list("level__code", flat=True))
    assert complaints.filter(level_due_at__lt=timezone.now()).exists()
    assert complaints.filter(level_due_at__gt=timezone.now()).exists()
    assert BrokerReport.objects.filter(is_demo=True, money_asked__gt=0).count() == BrokerReport.objects.count() > 0

    # A cooperative in each pilot village with members and a year of savings; the books balance.
    from desmigratif.cooperatives.models import Cooperative, JournalEntry, SavingsAccount
    from desmigratif.cooperatives.selectors import balance_sheet, trial_balance

    cooperatives = list(Cooperative.objects.all())
    assert {c.village_id for c in cooperatives} == {"35.07.33.2006", "35.07.11.2008"}
    assert all(c.is_demo for c in cooperatives) and not JournalEntry.objects.filter(is_demo=False).exists()
    today = timezone.localdate()
    for cooperative in cooperatives:
        assert cooperative.members.filter(is_demo=True).exists()
        assert trial_balance(cooperative, today - datetime.timedelta(days=365), today).balanced
        assert balance_sheet(cooperative, today).balanced
        voluntary = sum(
            a.balance for a in SavingsAccount.objects.filter(member__cooperative=cooperative, kind="voluntary")
        )
        assert voluntary == -cooperative.accounts.get(role="savings_voluntary").balance > 0
    entries = JournalEntry.objects.count()

    # Loans in the Brongkal cooperative: entered by one officer, decided by another, the books right.
    demo_loans = Loan.objects.select_related("applied_by", "decided_by")
    assert demo_loans.exists() and all(loan.is_demo and loan.decided_by != loan.applied_by for loan in demo_loans)
    assert f"{demo_loans.count()} loans" in output

    # Enterprises with 6–12 months of progress and two trainings, all demo, made through the services.
    from desmigratif.enterprises.models import Enterprise, Participant, ProgressReport, Training
    from desmigratif.enterprises.selectors import participants_for_user

    enterprises = list(Enterprise.objects.all())
    assert {e.village_id for e in enterprises} == {"35.07.33.2006", "35.07.11.2008"}
    assert all(e.is_demo for e in enterprises) and len(enterprises) == 8
    for enterprise in enterprises:
        assert 6 <= ProgressReport.objects.filter(enterprise=enterprise).count() <= 12
    assert Enterprise.objects.filter(capital_source="cooperative_loan", loan__isnull=False).exists()
    assert Training.objects.filter(is_demo=True).count() == 2
    assert Participant.objects.filter(completed_on__isnull=False).exists()
    officer = User.objects.get(username="disnaker.malang")
    started = [
        p
        for t in Training.objects.all()
        for p in participants_for_user(officer, t)
        if getattr(p, "started_business", False)
    ]
    assert started, "some trainees started a business after their training"

    before = _totals()
    call_command("seed_demo", "--people", "60", "--demo-villages", "6")
    assert "0 people and 0 households created" in capsys.readouterr().out
    assert _totals() == before
    assert JournalEntry.objects.count() == entries
