"""Dev-only demo data: accounts for every role, demo programme villages and a synthetic population.

Everything made here is marked as demo (``is_demo``) and shown with a demo badge; none of it is a
programme statistic. The population is plausible rather than real: Faker ``id_ID`` names, NIKs valid
for the village's district, the person's birth date and sex, households with a head, spouse and
children, and migrant statuses in rough proportions seen in sending villages. The same code makes
a national-scale data set: pass a larger size and more villages. Rows are bulk-inserted in
batches; the services are for real users' writes, one record at a time.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from faker import Faker

from desmigratif.accounts.models import RoleAssignment, User
from desmigratif.accounts.roles import Role
from desmigratif.lib import nik as nik_lib
from desmigratif.people.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    FamilyRelation,
    Household,
    HouseholdMember,
    MigrantFamilyLink,
    MigrantStatus,
    Person,
    Relationship,
)
from desmigratif.regions.models import ProgramVillage, Village
from desmigratif.regions.services import program_villages_load, regions_load

DEMO_PASSWORD = "demo-desmigratif"

# The pilot villages named in DESIGN.md.
PILOT_VILLAGES = ["35.07.33.2006", "35.07.11.2008", "33.07.10.2004", "33.14.09.2007"]

DEMO_ACCOUNTS: list[tuple[str, str, str, str]] = [
    # username, full name, role, region
    ("nasional", "Demo Staf Kemnaker", Role.NATIONAL_STAFF, ""),
    ("disnaker.malang", "Demo Petugas Disnaker Kab. Malang", Role.REGENCY_OFFICER, "35.07"),
    # The regency offices of the other two pilot villages, who appoint and review their facilitators.
    ("disnaker.wonosobo", "Demo Petugas Disnaker Kab. Wonosobo", Role.REGENCY_OFFICER, "33.07"),
    ("disnaker.sragen", "Demo Petugas Disnaker Kab. Sragen", Role.REGENCY_OFFICER, "33.14"),
    ("pendamping.brongkal", "Demo Pendamping Brongkal", Role.FACILITATOR, "35.07.33.2006"),
    ("pendamping.arjowilangun", "Demo Pendamping Arjowilangun", Role.FACILITATOR, "35.07.11.2008"),
    (
        "koperasi.brongkal",
        "Demo Pengurus Koperasi Brongkal",
        Role.COOPERATIVE_OFFICER,
        "35.07.33.2006",
    ),
    (
        "koperasi.arjowilangun",
        "Demo Pengurus Koperasi Arjowilangun",
        Role.COOPERATIVE_OFFICER,
        "35.07.11.2008",
    ),
    # A second officer decides on the loans the first one enters (four eyes).
    ("bendahara.brongkal", "Demo Bendahara Koperasi Brongkal", Role.COOPERATIVE_OFFICER, "35.07.33.2006"),
    ("mitra", "Demo Mitra", Role.PARTNER, ""),
    ("admin", "Demo Administrator", Role.SYSTEM_ADMIN, ""),
]

# Provinces that send most migrant workers, where demo designations are spread.
SENDING_REGENCIES = [
    "35.07",
    "35.05",
    "35.04",
    "33.07",
    "33.14",
    "33.18",
    "32.12",
    "32.10",
    "52.02",
    "52.03",
    "53.01",
    "53.04",
    "18.02",
    "35.09",
]
DEMO_COHORTS = [2017, 2017, 2017, 2018, 2018, 2019, 2019, 2019, 2021, 2022]

STATUS_WEIGHTS = [  # of adults 18–55
    (MigrantStatus.PROSPECTIVE, 6),
    (MigrantStatus.ABROAD, 14),
    (MigrantStatus.RETURNEE, 10),
    (MigrantStatus.FAMILY, 30),
    (MigrantStatus.NONE, 40),
]
EDUCATION_WEIGHTS = [
    ("sd", 30),
    ("smp", 30),
    ("sma", 30),
    ("diploma", 4),
    ("bachelor", 5),
    ("none", 1),
]
BATCH = 2000


@dataclass
class SeedResult:
    accounts: list[tuple[str, str, str]]
    people_created: int
    households_created: int
    demo_villages_created: int
    cases_created: int = 0
    reminders_created: int = 0
    remittances_created: int = 0
    agencies_created: int = 0
    vacancies_created: int = 0
    complaints_created: int = 0
    broker_reports_created: int = 0
    cooperatives_created: int = 0
    loans_created: int = 0
    rollup_values: int = 0
    enterprises_created: int = 0
    trainings_created: int = 0
    children_created: int = 0
    sessions_created: int = 0
    referrals_created: int = 0


DEMO_DESTINATIONS = [
    ("MY", "Operator produksi", "legal_entity"),
    ("TW", "Caregiver", "individual"),
    ("HK", "Pengurus rumah tangga", "individual"),
    ("SG", "Pengasuh lansia", "individual"),
    ("KR", "Pekerja manufaktur", "legal_entity"),
    ("JP", "Perawat", "legal_entity"),
    ("SA", "Pengurus rumah tangga", "individual"),
]


def _demo_offer(rng: random.Random, case: Any) -> Any:
    """Answers a facilitator might give when screening a demo case's offer: mostly clean, some calo."""
    from desmigratif.screening.offer import Offer

    calo = rng.random() < 0.3
    return Offer(
        recruiter="individual" if calo else "agency",
        agency="" if calo else case.agency_name,
        country=case.destination_country,
        job_text=case.job_title,
        employer=case.employer_type,
        visa="visit" if calo else "work",
        contract_seen=not calo,
        placement_agreement=not calo,
        fee_amount=Decimal(rng.choice([6_500_000, 9_000_000])) if calo else None,
        fee_paid_to="individual" if calo else "",
        passport_holder="agency" if calo else "worker",
        birth_date=case.person.birth_date,
        nik=case.person.nik,
        family_permission=True,
        registered=not calo,
        route="official",
        high_pay_fast=calo,
        female_with_infant=False,
    )


# Fictitious agencies: (name, licence number, head office, status after registration).
DEMO_AGENCIES = [
    ("PT Demo Karya Migran Sejahtera", "DEMO-SIP3MI-001", "Jakarta Timur", "active"),
    ("PT Demo Bina Tenaga Mandiri", "DEMO-SIP3MI-002", "Kota Malang", "active"),
    ("PT Demo Samudra Jaya Penempatan", "DEMO-SIP3MI-003", "Kota Surabaya", "active"),
    ("PT Demo Cahaya Abadi", "DEMO-SIP3MI-004", "Kota Semarang", "suspended"),
    ("PT Demo Mitra Lama", "DEMO-SIP3MI-005", "Kota Bandung", "revoked"),
]

# What the demo job orders ask of workers, why a demo job order is rejected and why a demo agency is
# suspended or revoked (the national data set writes the same).
DEMO_VACANCY_SKILLS = "Sehat jasmani dan rohani; bersedia mengikuti pelatihan."
DEMO_REJECTION_NOTE = "Job order tidak cocok dengan SIP2MI."
DEMO_SANCTION_REASON = "Demo: pelanggaran penempatan."

# Fictitious job orders: agency index, country, job code, employer type, employer, salary, currency,
# months, cost to the worker (Rp), sex, min age, max age, education, languages, state. Zero-cost jobs
# cost the worker nothing; Saudi Arabia only through SPSK with a placement company (A2, A3).
DEMO_VACANCIES = [
    (
        0,
        "MY",
        "production_operator",
        "legal_entity",
        "Demo Electronics Sdn Bhd",
        "1800",
        "MYR",
        24,
        "2500000",
        "any",
        None,
        35,
        "smp",
        "Bahasa Melayu dasar",
        "verified",
    ),
    (
        0,
        "MY",
        "petugas_ladang_perkebunan",
        "legal_entity",
        "Demo Plantation Berhad",
        "1500",
        "MYR",
        24,
        "0",
        "M",
        None,
        45,
        "",
        "",
        "verified",
    ),
    (
        1,
        "TW",
        "pengasuh_lanjut_usia",
        "individual",
        "Keluarga Demo Chen",
        "20000",
        "TWD",
        36,
        "0",
        "F",
        21,
        45,
        "smp",
        "Mandarin dasar",
        "verified",
    ),
    (
        1,
        "TW",
        "manufacturing_worker",
        "legal_entity",
        "Demo Precision Co., Ltd.",
        "27470",
        "TWD",
        36,
        "0",
        "any",
        None,
        40,
        "sma",
        "Mandarin dasar",
        "verified",
    ),
    (
        1,
        "HK",
        "pengurus_rumah_tangga",
        "individual",
        "Keluarga Demo Wong",
        "4990",
        "HKD",
        24,
        "0",
        "F",
        21,
        40,
        "",
        "Kanton atau Inggris dasar",
        "verified",
    ),
    (
        2,
        "HK",
        "pengasuh_bayi",
        "individual",
        "Keluarga Demo Lee",
        "4990",
        "HKD",
        24,
        "0",
        "F",
        23,
        40,
        "smp",
        "Inggris dasar",
        "verified",
    ),
    (
        2,
        "SG",
        "pengasuh_lanjut_usia",
        "individual",
        "Keluarga Demo Tan",
        "700",
        "SGD",
        24,
        "0",
        "F",
        23,
        50,
        "",
        "Inggris dasar",
        "verified",
    ),
    (
        2,
        "SG",
        "petugas_kebersihan",
        "legal_entity",
        "Demo Cleaning Pte Ltd",
        "1400",
        "SGD",
        24,
        "0",
        "any",
        None,
        45,
        "sd",
        "Inggris dasar",
        "verified",
    ),
    (
        0,
        "KR",
        "manufacturing_worker",
        "legal_entity",
        "Demo Auto Parts Co.",
        "2060740",
        "KRW",
        36,
        "0",
        "M",
        18,
        39,
        "sma",
        "Bahasa Korea (EPS-TOPIK)",
        "verified",
    ),
    (
        2,
        "KR",
        "awak_kapal_perikanan_migran",
        "legal_entity",
        "Demo Fisheries Co.",
        "2060740",
        "KRW",
        36,
        "0",
        "M",
        18,
        39,
        "smp",
        "Bahasa Korea (EPS-TOPIK)",
        "verified",
    ),
    (
        1,
        "JP",
        "caregiver",
        "legal_entity",
        "Demo Kaigo Care K.K.",
        "180000",
        "JPY",
        36,
        "0",
        "any",
        18,
        35,
        "sma",
        "Bahasa Jepang N4",
        "verified",
    ),
    (
        0,
        "JP",
        "construction_worker",
        "legal_entity",
        "Demo Kensetsu K.K.",
        "200000",
        "JPY",
        36,
        "0",
        "M",
        18,
        35,
        "smp",
        "Bahasa Jepang N4",
        "unverified",
    ),
    (
        2,
        "SA",
        "pengurus_rumah_tangga",
        "legal_entity",
        "Demo Syarikah Riyadh (SPSK)",
        "1500",
        "SAR",
        24,
        "0",
        "F",
        21,
        45,
        "sd",
        "Arab dasar",
        "verified",
    ),
    (
        2,
        "SA",
        "supir_keluarga",
        "legal_entity",
        "Demo Syarikah Jeddah (SPSK)",
        "2000",
        "SAR",
        24,
        "0",
        "M",
        25,
        45,
        "smp",
        "Arab dasar",
        "unverified",
    ),
    (
        0,
        "MY",
        "pengurus_rumah_tangga",
        "individual",
        "Keluarga Demo Ahmad",
        "1500",
        "MYR",
        24,
        "0",
        "F",
        21,
        45,
        "",
        "Bahasa Melayu dasar",
        "rejected",
    ),
    (
        1,
        "TW",
        "caregiver",
        "individual",
        "Keluarga Demo Lin",
        "20000",
        "TWD",
        36,
        "0",
        "F",
        21,
        45,
        "smp",
        "Mandarin dasar",
        "closed",
    ),
    (
        3,
        "HK",
        "juru_masak",
        "individual",
        "Keluarga Demo Chan",
        "5200",
        "HKD",
        24,
        "0",
        "F",
        21,
        45,
        "",
        "Kanton dasar",
        "verified",
    ),
]


def seed_agencies_and_vacancies(*, rng: random.Random) -> tuple[int, int]:
    """Register fictitious agencies and job orders through the real services (all ``is_demo``).

    One agency is suspended and one revoked after registration (with their job orders off the
    public page); one job order is closed by moving its closing date back, as time would.
    """
    from desmigratif.agencies import services as agencies
    from desmigratif.agencies.models import Agency
    from desmigratif.placement.models import Job
    from desmigratif.vacancies import services as vacancies
    from desmigratif.vacancies.models import Vacancy

    if Agency.objects.filter(is_demo=True).exists():
        return 0, 0
    national = User.objects.get(username="nasional")
    officer = User.objects.get(username="disnaker.malang")
    today = timezone.localdate()
    made = []
    for name, licence, office, _status in DEMO_AGENCIES:
        made.append(
            agencies.agency_register(
                name=name,
                licence_number=licence,
                licence_valid_from=today - datetime.timedelta(days=rng.randint(400, 1500)),
                licence_valid_until=today + datetime.timedelta(days=rng.randint(400, 1500)),
                head_office=office,
                actor=national,
                is_demo=True,
            )
        )
    jobs = {j.code: j for j in Job.objects.all()}
    count = 0
    for row in DEMO_VACANCIES:
        index, country, job, employer_type, employer, salary, currency, months, cost = row[:9]
        sex, min_age, max_age, education, languages, state = row[9:]
        vacancy = vacancies.vacancy_create(
            data=vacancies.VacancyData(
                agency=made[index],
                employer_name=str(employer),
                country=str(country),
                job=jobs[str(job)],
                employer_type=str(employer_type),
                quota=rng.choice([5, 10, 20, 40]),
                salary_amount=Decimal(str(salary)),
                salary_currency=str(currency),
                contract_months=int(str(months)),
                closing_date=today + datetime.timedelta(days=rng.randint(20, 120)),
                job_order_reference=f"DEMO/JO/{2026}/{count + 1:03d}",
                sex=str(sex),
                min_age=min_age if isinstance(min_age, int) else None,
                max_age=max_age if isinstance(max_age, int) else None,
                education=str(education),
                languages=str(languages),
                skills=DEMO_VACANCY_SKILLS,
                worker_cost=Decimal(str(cost)),
            ),
            actor=officer,
            is_demo=True,
        )
        if state in ("verified", "closed"):
            vacancies.vacancy_verify(vacancy=vacancy, decision="verified", actor=officer)
        elif state == "rejected":
            vacancies.vacancy_verify(vacancy=vacancy, decision="rejected", note=DEMO_REJECTION_NOTE, actor=officer)
        if state == "closed":
            Vacancy.objects.filter(pk=vacancy.pk).update(closing_date=today - datetime.timedelta(days=3))
        count += 1
    for agency, (_name, _licence, _office, status) in zip(made, DEMO_AGENCIES, strict=True):
        if status != "active":
            agencies.agency_change_status(agency=agency, status=status, reason=DEMO_SANCTION_REASON, actor=national)
    return len(made), count


def seed_cases(*, rng: random.Random, per_village: int = 25) -> int:
    """Open demo migration cases through the real services, spread over every step.

    Only the two pilot villages with demo facilitators get cases. Dates are moved back afterwards so
    that some cases are overdue, as they would be in a real service centre.
    """
    from desmigratif.agencies.models import Agency, AgencyStatus
    from desmigratif.migration import services as cases
    from desmigratif.migration.models import CaseStatus, DocumentStatus, MigrationCase, Step
    from desmigratif.screening import services as screening
    from desmigratif.vacancies.selectors import public_vacancies

    open_vacancies = list(public_vacancies())
    active_agencies = list(Agency.objects.filter(is_demo=True, status=AgencyStatus.ACTIVE).order_by("id"))

    made = 0
    steps = list(Step.objects.order_by("order"))
    now = timezone.now()
    for username in ("pendamping.brongkal", "pendamping.arjowilangun"):
        actor = User.objects.get(username=username)
        village = actor.role_assignments.get().region_code
        if MigrationCase.objects.filter(village_id=village, is_demo=True).exists():
            continue
        people = list(
            Person.objects.filter(
                domicile_village_id=village,
                is_demo=True,
                migrant_status__in=["prospective", "abroad"],
                birth_date__lte=timezone.localdate() - datetime.timedelta(days=19 * 365),
            ).order_by("id")[:per_village]
        )
        for person in people:
            country, job, employer = rng.choice(DEMO_DESTINATIONS)
            # Half the cases come from a demo job order, the others name a demo agency of the registry.
            vacancy = rng.choice(open_vacancies) if open_vacancies and rng.random() < 0.5 else None
            case = cases.case_open(
                person=person,
                destination_country=country,
                job_title="" if vacancy else job,
                employer_type=employer,
                agency=rng.choice(active_agencies) if active_agencies else None,
                agency_name="PT Demo Penempatan",
                vacancy=vacancy,
                actor=actor,
                is_demo=True,
            )
            if rng.random() < 0.5:
                screening.case_screening_record(case=case, offer=_demo_offer(rng, case), actor=actor, is_demo=True)
            target = 7 if person.migrant_status == "abroad" else rng.randint(0, 6)
            for step in steps[:target]:
                for document in case.documents.filter(document_type__required_for=step):
                    expires = timezone.localdate() + datetime.timedelta(days=rng.randint(20, 700))
                    cases.document_update(
                        document=document,
                        status=DocumentStatus.VERIFIED,
                        number=f"DEMO-{rng.randint(1000, 9999)}",
                        issued_on=None,
                        expires_on=expires if document.document_type.expires else None,
                        actor=actor,
                    )
                case = cases.case_advance(case=case, actor=actor)
            if case.status == CaseStatus.ACTIVE and rng.random() < 0.3:
                late = rng.randint(1, 20) + (case.step.target_days or 0)
                MigrationCase.objects.filter(pk=case.pk).update(
                    step_started_at=now - datetime.timedelta(days=late),
                    step_due_at=now - datetime.timedelta(days=late - (case.step.target_days or 0)),
                    opened_at=now - datetime.timedelta(days=late + 10),
                )
            made += 1
    return made


DEMO_COMPLAINTS = [
    # category, country, levels to escalate, days ago received, description
    ("unpaid_wages", "MY", 0, 1, "Gaji empat bulan belum dibayar oleh majikan di perkebunan."),
    ("wants_to_go_home", "SA", 1, 12, "Pekerja ingin pulang, kontrak sudah habis tetapi majikan menahan."),
    ("lost_contact", "TW", 0, 6, "Keluarga tidak bisa menghubungi pekerja sejak dua bulan."),
    ("abuse", "SA", 2, 30, "Pekerja mengaku dipukul majikan dan paspornya ditahan."),
    ("job_fraud", "MY", 3, 60, "Dijanjikan kerja pabrik, ternyata dipekerjakan di rumah tangga tanpa kontrak."),
    ("illness", "HK", 0, 2, "Pekerja sakit dan tidak diizinkan berobat."),
]

DEMO_COMPLAINANTS = ["Sulastri", "Mujiati", "Sugeng Riyadi", "Kasiyem"]

DEMO_BROKERS = [
    # broker, country, job, money asked (Rp), description
    ("Pak Sanusi (sponsor)", "MY", "Buruh kebun sawit", 12_000_000, "Menawarkan berangkat cepat pakai visa kunjungan."),
    ("Bu Ratmi", "SA", "Pengurus rumah tangga", 8_500_000, "Merekrut ke Arab Saudi untuk rumah tangga, minta uang."),
    ("Mas Dedi", "JP", "Magang pabrik", 25_000_000, "Menjanjikan magang ke Jepang tanpa LPK terdaftar."),
]


def seed_complaints(*, rng: random.Random) -> tuple[int, int]:
    """Complaints and broker reports in the two pilot villages with facilitators, through the services.

    Some complaints are escalated along the chain; dates are moved back afterwards so that some are
    overdue, as they would be in a real service centre.
    """
    from decimal import Decimal

    from desmigratif.brokers.models import BrokerReport
    from desmigratif.brokers.services import BrokerReportData, broker_report_receive
    from desmigratif.complaints import services as complaints
    from desmigratif.complaints.models import Complaint, ComplaintEvent

    made_complaints = made_reports = 0
    now = timezone.now()
    for username in ("pendamping.brongkal", "pendamping.arjowilangun"):
        actor = User.objects.get(username=username)
        village = Village.objects.get(code=actor.role_assignments.get().region_code)
        if not Complaint.objects.filter(village=village, is_demo=True).exists():
            migrants = list(
                Person.objects.filter(domicile_village=village, is_demo=True, migrant_status="abroad").order_by("id")[
                    : len(DEMO_COMPLAINTS)
                ]
            )
            for index, (category, country, escalations, days_ago, text) in enumerate(DEMO_COMPLAINTS):
                migrant = migrants[index] if index < len(migrants) else None
                complaint = complaints.complaint_receive(
                    data=complaints.ComplaintData(
                        village=village,
                        complainant_name=rng.choice(DEMO_COMPLAINANTS)
                        if migrant is None
                        else f"Keluarga {migrant.full_name}",
                        complainant_phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
                        complainant_relationship=rng.choice(["parent", "spouse", "sibling"]),
                        migrant_name=migrant.full_name if migrant else "Pekerja (belum terdaftar)",
                        migrant_person=migrant if index % 2 == 0 else None,
                        category=category,
                        destination_country=country,
                        description=text,
                    ),
                    actor=actor if index % 2 == 0 else None,
                    is_demo=True,
                )
                for _level in range(escalations):
                    complaint = complaints.complaint_escalate(
                        complaint=complaint, reason="Belum ada tanggapan dari tingkat sebelumnya.", actor=actor
                    )
                # Move the dates back: a complaint received ``days_ago`` days ago, its level started then.
                received = now - datetime.timedelta(days=days_ago)
                Complaint.objects.filter(pk=complaint.pk).update(
                    received_at=received,
                    updated_at=received,
                    level_due_at=received + datetime.timedelta(days=complaint.level.response_days),
                )
                ComplaintEvent.objects.filter(complaint=complaint).update(at=received)
                made_complaints += 1
        if not BrokerReport.objects.filter(village=village, is_demo=True).exists():
            for index, (broker, country, job, money, text) in enumerate(DEMO_BROKERS):
                broker_report_receive(
                    data=BrokerReportData(
                        village=village,
                        broker_name=broker,
                        offered_country=country,
                        offered_job=job,
                        money_asked=Decimal(money),
                        description=text,
                    ),
                    actor=actor if index == 0 else None,
                    is_demo=True,
                )
                made_reports += 1
    return made_complaints, made_reports


DEMO_COOPERATIVES = [
    # officer, name
    ("koperasi.brongkal", "Koperasi Desmigratif Sejahtera Brongkal"),
    ("koperasi.arjowilangun", "Koperasi Desmigratif Makmur Arjowilangun"),
]


def seed_cooperatives(*, rng: random.Random, members: int = 25) -> int:
    """A cooperative in each pilot village with a year of savings, all through the real services.

    Members join over the past year and pay simpanan pokok; then, month by month, most pay their
    simpanan wajib, some save or withdraw sukarela, and the cooperative books a little other income
    and some expenses. Events are posted in date order so the passbooks read naturally.
    """
    from desmigratif.cooperatives import ledger
    from desmigratif.cooperatives import services as coop
    from desmigratif.cooperatives.models import Cooperative, SavingsAccount, SavingsKind

    made = 0
    today = timezone.localdate()
    start = today - datetime.timedelta(days=364)
    for username, name in DEMO_COOPERATIVES:
        actor = User.objects.get(username=username)
        village = Village.objects.get(code=actor.role_assignments.get().region_code)
        if Cooperative.objects.filter(village=village, is_demo=True).exists():
            continue
        cooperative = coop.cooperative_create(
            village=village,
            name=name,
            legal_entity_number=f"AHU-00{rng.randint(10000, 99999)}.AH.01.26.TAHUN 2019",
            founded_on=datetime.date(2019, 7, 12),
            principal_savings_amount=Decimal("100000"),
            mandatory_savings_amount=Decimal("20000"),
            actor=actor,
            is_demo=True,
        )
        made += 1
        people = list(
            Person.objects.filter(
                domicile_village=village, is_demo=True, birth_date__lte=today - datetime.timedelta(days=18 * 365)
            ).order_by("id")[:members]
        )
        # (date, order, action, args): joins first on their day, then the month's movements.
        events: list[tuple[datetime.date, int, str, Any]] = []
        for person in people:
            joined = start + datetime.timedelta(days=rng.randint(0, 120))
            events.append((joined, 0, "join", person))
            month = joined.replace(day=1)
            while month <= today:
                day = min(month + datetime.timedelta(days=rng.randint(1, 27)), today)
                day = max(day, joined)
                if rng.random() < 0.8:
                    events.append((day, 1, "mandatory", (person, Decimal("20000"))))
                if rng.random() < 0.45:
                    amount = Decimal(rng.choice([50, 100, 150, 250, 500, 1000, 2500])) * 1000
                    events.append((day, 2, "voluntary", (person, amount)))
                if rng.random() < 0.15:
                    amount = Decimal(rng.choice([50, 100, 200, 300])) * 1000
                    events.append((day, 3, "withdraw", (person, amount)))
                month = (month + datetime.timedelta(days=32)).replace(day=1)
        month = start.replace(day=1)
        while month <= today:
            day = min(month + datetime.timedelta(days=24), today)
            if day >= start:
                events.append((day, 4, "income", Decimal(rng.randint(20, 90)) * 10000))
                events.append((day, 5, "expense", Decimal(rng.randint(10, 40)) * 10000))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        events.sort(key=lambda e: (e[0], e[1]))
        accounts: dict[tuple[int, str], SavingsAccount] = {}
        for day, _order, action, args in events:
            if action == "join":
                member = coop.member_join(cooperative=cooperative, person=args, date=day, actor=actor, is_demo=True)
                for account in SavingsAccount.objects.filter(member=member).select_related("member__cooperative"):
                    accounts[(args.pk, account.kind)] = account
            elif action in ("mandatory", "voluntary"):
                person, amount = args
                kind = SavingsKind.MANDATORY if action == "mandatory" else SavingsKind.VOLUNTARY
                coop.savings_deposit(
                    account=accounts[(person.pk, kind)], amount=amount, date=day, actor=actor, is_demo=True
                )
            elif action == "withdraw":
                person, amount = args
                account = accounts[(person.pk, SavingsKind.VOLUNTARY)]
                account.refresh_from_db(fields=["balance"])
                if account.balance >= amount:
                    coop.savings_withdraw(account=account, amount=amount, date=day, actor=actor, is_demo=True)
            else:
                income = action == "income"
                ledger.post_entry(
                    cooperative=cooperative,
                    date=day,
                    description="Pendapatan sewa peralatan" if income else "Biaya administrasi dan ATK",
                    lines=[
                        ledger.Line("cash" if income else "admin_expense", debit=args),
                        ledger.Line("other_income" if income else "cash", credit=args),
                    ],
                    actor=actor,
                    source="manual",
                    is_demo=True,
                )
    return made


def ensure_regions() -> None:
    if not Village.objects.exists():
        regions_load()
    if not ProgramVillage.objects.filter(is_demo=False).exists():
        program_villages_load()


def ensure_accounts() -> list[tuple[str, str, str]]:
    rows = []
    for username, full_name, role, region in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                DEMO_PASSWORD,
                full_name=full_name,
                is_demo=True,
                is_staff=role == Role.SYSTEM_ADMIN,
                is_superuser=role == Role.SYSTEM_ADMIN,
            )
        RoleAssignment.objects.get_or_create(user=user, role=role, region_code=region)
        rows.append((username, str(Role(role).label), region or "*"))
    return rows


def ensure_demo_villages(rng: random.Random, count: int) -> int:
    """Designate pilots (if the public list lacks them) and a spread of demo villages across cohorts."""
    created = 0
    for code in PILOT_VILLAGES:
        _pv, made = ProgramVillage.objects.get_or_create(
            village_id=code,
            defaults={
                "cohort_year": 2017,
                "status": ProgramVillage.Status.DESIGNATED,
                "designation_reference": "DEMO",
                "is_demo": True,
            },
        )
        created += made
    existing = ProgramVillage.objects.filter(is_demo=True).count()
    if existing >= count + len(PILOT_VILLAGES):
        return created
    taken = set(ProgramVillage.objects.values_list("village_id", flat=True))
    candidates: list[str] = []
    for regency in SENDING_REGENCIES:
        codes = list(
            Village.objects.filter(code__startswith=regency + ".", kind=Village.Kind.DESA).values_list(
                "code", flat=True
            )
        )
        candidates += rng.sample(codes, min(4, len(codes)))
    for code in candidates[: max(0, count - existing)]:
        if code in taken:
            continue
        ProgramVillage.objects.create(
            village_id=code,
            cohort_year=rng.choice(DEMO_COHORTS),
            status=ProgramVillage.Status.DESIGNATED,
            designation_reference="DEMO",
            is_demo=True,
        )
        created += 1
    return created


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


class _Population:
    def __init__(self, rng: random.Random, fake: Faker, used_niks: set[str], used_kks: set[str]) -> None:
        self.rng, self.fake, self.used_niks, self.used_kks = rng, fake, used_niks, used_kks
        self.today = timezone.localdate()

    def birth_date(self, min_age: int, max_age: int) -> datetime.date:
        days = self.rng.randint(min_age * 365 + 1, max_age * 365 + 300)
        return self.today - datetime.timedelta(days=days)

    def nik(self, district: str, birth: datetime.date, sex: str) -> str:
        while True:
            number = nik_lib.build(district_code=district, birth_date=birth, sex=sex, serial=self.rng.randint(1, 9999))
            if number not in self.used_niks:
                self.used_niks.add(number)
                return number

    def kk(self, district: str) -> str:
        while True:
            issued = self.birth_date(0, 15)
            number = f"{district.replace('.', '')}{issued:%d%m%y}{self.rng.randint(1, 9999):04d}"
            if number not in self.used_kks:
                self.used_kks.add(number)
                return number

    def phone(self) -> str:
        prefix = self.rng.choice(["812", "813", "821", "822", "852", "853", "857", "858", "878", "877", "896"])
        return f"+62{prefix}{self.rng.randint(10_000_000, 99_999_999)}"

    def person(self, village: Village, sex: str, birth: datetime.date, status: str, address: str) -> Person:
        adult = (self.today - birth).days >= 18 * 365
        name = self.fake.name_female() if sex == "F" else self.fake.name_male()
        return Person(
            nik=self.nik(village.district_id, birth, sex),
            full_name=name,
            sex=sex,
            birth_date=birth,
            birth_place=self.fake.city(),
            phone=self.phone() if adult and self.rng.random() < 0.7 else "",
            domicile_village_id=village.code,
            address=address,
            education=_weighted(self.rng, EDUCATION_WEIGHTS) if adult else "",
            marital_status="married" if adult else "single",
            migrant_status=status,
            is_demo=True,
        )

    def household(self, village: Village) -> tuple[Household, list[tuple[Person, str]]]:
        address = f"Dusun {self.fake.last_name()} RT {self.rng.randint(1, 9):03d}/RW {self.rng.randint(1, 5):03d}"
        household = Household(
            kk_number=self.kk(village.district_id),
            village_id=village.code,
            address=address,
            is_demo=True,
        )
        head_sex = "M" if self.rng.random() < 0.85 else "F"
        head_birth = self.birth_date(24, 60)
        head_status = _weighted(self.rng, STATUS_WEIGHTS)
        members: list[tuple[Person, str]] = [
            (self.person(village, head_sex, head_birth, head_status, address), Relationship.HEAD)
        ]
        if self.rng.random() < 0.85:
            spouse_sex = "F" if head_sex == "M" else "M"
            # In sending villages it is often the wife who works abroad.
            spouse_status = _weighted(self.rng, STATUS_WEIGHTS)
            if head_status in ("abroad", "prospective", "returnee") and spouse_status != "abroad":
                spouse_status = MigrantStatus.FAMILY
            members.append(
                (
                    self.person(village, spouse_sex, self.birth_date(20, 55), spouse_status, address),
                    Relationship.SPOUSE,
                )
            )
        has_migrant = any(p.migrant_status in ("abroad", "prospective", "returnee") for p, _r in members)
        for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3, 4])):
            child_birth = self.birth_date(0, 22)
            status = MigrantStatus.FAMILY if has_migrant else MigrantStatus.NONE
            members.append(
                (
                    self.person(village, self.rng.choice("MF"), child_birth, status, address),
                    Relationship.CHILD,
                )
            )
        return household, members


def _batches(items: list[Village], people_target: int) -> Iterator[tuple[Village, int]]:
    per_village, remainder = divmod(people_target, len(items))
    for index, village in enumerate(items):
        yield village, per_village + (1 if index < remainder else 0)


def seed_population(*, villages: list[Village], people: int, rng: random.Random, fake: Faker) -> tuple[int, int]:
    """Top each village up to its share of ``people`` demo persons; idempotent for the same arguments."""
    text = ConsentText.objects.filter(purpose=ConsentPurpose.REGISTRY).order_by("-version").first()
    assert text is not None, "consent texts are published by migration people.0002"
    recorder = User.objects.filter(username="pendamping.brongkal").first()
    existing = dict(
        Person.objects.filter(is_demo=True, domicile_village__in=villages)
        .values_list("domicile_village")
        .annotate(n=Count("id"))
    )
    prefixes = {v.district_id.replace(".", "") for v in villages}
    used_niks = {n for n in Person.objects.values_list("nik", flat=True) if n[:6] in prefixes}
    used_kks = set(Household.objects.values_list("kk_number", flat=True))
    population = _Population(rng, fake, used_niks, used_kks)
    people_made = households_made = 0
    for village, target in _batches(villages, people):
        missing = target - existing.get(village.code, 0)
        pending: list[tuple[Household, list[tuple[Person, str]]]] = []
        size = 0
        while size < missing:
            household, members = population.household(village)
            members = members[: missing - size]
            pending.append((household, members))
            size += len(members)
            if size >= BATCH:
                people_made += _save(pending, text, recorder)
                households_made += len(pending)
                missing -= size
                size = 0
                pending = []
        if pending:
            people_made += _save(pending, text, recorder)
            households_made += len(pending)
    return people_made, households_made


@transaction.atomic
def _save(
    pending: list[tuple[Household, list[tuple[Person, str]]]],
    text: ConsentText,
    recorder: User | None,
) -> int:
    Household.objects.bulk_create([h for h, _m in pending], batch_size=BATCH)
    people = [p for _h, members in pending for p, _r in members]
    Person.objects.bulk_create(people, batch_size=BATCH)
    # bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35; fetch them if a backend did not.
    if any(p.pk is None for p in people):
        ids = dict(Person.objects.filter(nik__in=[p.nik for p in people]).values_list("nik", "id"))
        for p in people:
            p.pk = ids[p.nik]
    if any(h.pk is None for h, _m in pending):
        kk_ids = dict(
            Household.objects.filter(kk_number__in=[h.kk_number for h, _m in pending]).values_list("kk_number", "id")
        )
        for h, _m in pending:
            h.pk = kk_ids[h.kk_number]
    memberships, links, consents = [], [], []
    for household, members in pending:
        head = members[0][0]
        migrants = [p for p, _r in members if p.migrant_status in ("abroad", "prospective", "returnee")]
        for person, relationship in members:
            memberships.append(HouseholdMember(household=household, person=person, relationship=relationship))
            if recorder is not None:
                consents.append(
                    Consent(
                        person=person,
                        text=text,
                        recorded_by=recorder,
                        given_by="self" if relationship != Relationship.CHILD else "guardian",
                        guardian_name=head.full_name if relationship == Relationship.CHILD else "",
                        guardian_relation="orang tua" if relationship == Relationship.CHILD else "",
                    )
                )
            for migrant in migrants:
                if migrant is person or person.migrant_status != MigrantStatus.FAMILY:
                    continue
                relation = FamilyRelation.CHILD if relationship == Relationship.CHILD else FamilyRelation.SPOUSE
                links.append(MigrantFamilyLink(family_member=person, migrant=migrant, relation=relation))
    HouseholdMember.objects.bulk_create(memberships, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    MigrantFamilyLink.objects.bulk_create(links, batch_size=BATCH)
    return len(people)


def seed_demo(*, people: int = 1200, demo_villages: int = 40, spread: bool = False, seed: int = 2017) -> SeedResult:
    """Make the demo: regions, programme villages, one account per role, a population.

    ``spread`` puts the population into every programme village instead of the four pilots, which
    is how a national-scale data set is made (``--people 1000000 --spread``).
    """
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    ensure_regions()
    accounts = ensure_accounts()
    villages_made = ensure_demo_villages(rng, demo_villages)
    codes = list(ProgramVillage.objects.values_list("village_id", flat=True)) if spread else PILOT_VILLAGES
    villages = list(Village.objects.filter(code__in=codes).order_by("code"))
    people_made, households_made = seed_population(villages=villages, people=people, rng=rng, fake=fake)
    # Agencies and vacancies first: demo cases are opened with them.
    agencies_made, vacancies_made = seed_agencies_and_vacancies(rng=rng)
    cases_made = seed_cases(rng=rng)
    remittances_made = seed_remittances(rng=rng)
    complaints_made, reports_made = seed_complaints(rng=rng)
    cooperatives_made = seed_cooperatives(rng=rng)
    loans_made = seed_loans(rng=rng)
    enterprises_made, trainings_made = seed_enterprises(rng=rng)
    children_made, sessions_made = seed_learning(rng=rng)
    referrals_made = seed_partners(rng=rng)
    accounts += seed_facilitators(rng=rng)
    # Last: the monitoring indicators of every month the demo has records in.
    rollup_values = seed_rollups()
    return SeedResult(
        rollup_values=rollup_values,
        loans_created=loans_made,
        enterprises_created=enterprises_made,
        trainings_created=trainings_made,
        children_created=children_made,
        sessions_created=sessions_made,
        referrals_created=referrals_made,
        remittances_created=remittances_made,
        agencies_created=agencies_made,
        vacancies_created=vacancies_made,
        accounts=accounts,
        people_created=people_made,
        households_created=households_made,
        demo_villages_created=villages_made,
        cases_created=cases_made,
        reminders_created=seed_reminders(),
        complaints_created=complaints_made,
        broker_reports_created=reports_made,
        cooperatives_created=cooperatives_made,
    )


def seed_loans(*, rng: random.Random, loans_count: int = 10) -> int:
    """Loans in the Brongkal cooperative through the real services: entered by one officer, decided
    by another, paid out over the past months and repaid, some on time, some late (so the
    portfolio has arrears to show)."""
    from desmigratif.cooperatives import loans as lending
    from desmigratif.cooperatives.ledger import Line, post_entry
    from desmigratif.cooperatives.models import Cooperative, InterestMethod, Loan, Member, MemberStatus

    cooperative = Cooperative.objects.filter(village_id="35.07.33.2006", is_demo=True).first()
    if cooperative is None or Loan.objects.filter(cooperative=cooperative).exists():
        return 0
    officer = User.objects.get(username="koperasi.brongkal")
    checker = User.objects.get(username="bendahara.brongkal")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=300)
    post_entry(
        cooperative=cooperative,
        date=start,
        description="Demo: hibah modal usaha dari mitra program",
        lines=[Line("cash", debit=Decimal("60000000")), Line("grants", credit=Decimal("60000000"))],
        actor=officer,
        source="manual",
        is_demo=True,
    )
    products = [
        lending.loan_product_create(
            cooperative=cooperative,
            name="Pinjaman usaha purna PMI",
            method=InterestMethod.ANNUITY,
            annual_rate=Decimal("12"),
            max_term_months=24,
            fee_percent=Decimal("1"),
            penalty_percent_per_month=Decimal("2"),
            actor=officer,
        ),
        lending.loan_product_create(
            cooperative=cooperative,
            name="Pinjaman kebutuhan keluarga",
            method=InterestMethod.FLAT,
            annual_rate=Decimal("18"),
            max_term_months=12,
            actor=officer,
        ),
    ]
    members = list(
        Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE, joined_on__lte=start).order_by(
            "number"
        )[:loans_count]
    )
    made = 0
    for member in members:
        product = rng.choice(products)
        day = start + datetime.timedelta(days=rng.randint(0, 120))
        loan = lending.loan_apply(
            member=member,
            product=product,
            principal=Decimal(rng.choice([2, 3, 5, 8, 10])) * 1_000_000,
            term_months=rng.choice([6, 10, 12]),
            purpose=rng.choice(["Modal warung", "Ternak kambing", "Bibit dan pupuk", "Biaya sekolah anak"]),
            date=day,
            actor=officer,
            is_demo=True,
        )
        lending.loan_decide(loan=loan, approve=True, date=day, actor=checker)
        loan = lending.loan_disburse(loan=loan, date=day, actor=officer)
        late = rng.random() < 0.3  # some stop paying after a few instalments
        for instalment in loan.instalments.order_by("number"):
            if instalment.due_on > today or (late and instalment.number > 2):
                break
            paid_on = min(instalment.due_on + datetime.timedelta(days=rng.choice([0, 0, 3, 10])), today)
            loan.refresh_from_db()
            lending.loan_repay(loan=loan, amount=instalment.amount_due, date=paid_on, actor=officer)
        made += 1
    return made


# Demo exchange rates (rupiah per unit) and fees for generated remittances: illustrative values
# for demo data only, not market data.
DEMO_CORRIDORS = [
    # country, currency, demo mid-market rate, typical amount sent, fee
    ("MY", "MYR", "3450", 1500, "12"),
    ("TW", "TWD", "495", 15000, "150"),
    ("HK", "HKD", "2030", 4000, "40"),
    ("SA", "SAR", "4200", 1200, "25"),
    ("SG", "SGD", "11900", 600, "8"),
]


def seed_remittances(*, rng: random.Random, per_village: int = 20) -> int:
    """Remittances received by migrant workers' families in the two pilot villages, through the
    real service, over the past year (all ``is_demo``)."""
    from desmigratif.remittances import services as remittances
    from desmigratif.remittances.models import Channel, IntendedUse, Remittance

    made = 0
    today = timezone.localdate()
    for username in ("pendamping.brongkal", "pendamping.arjowilangun"):
        actor = User.objects.get(username=username)
        village = actor.role_assignments.get().region_code
        if Remittance.objects.filter(village_id=village, is_demo=True).exists():
            continue
        recipients = list(
            Person.objects.filter(domicile_village_id=village, is_demo=True, migrant_status="family").order_by("id")[
                :per_village
            ]
        )
        for recipient in recipients:
            country, currency, mid, amount, fee = rng.choice(DEMO_CORRIDORS)
            mid_rate = Decimal(mid)
            channel = rng.choice(Channel.values)
            margin = Decimal(rng.choice(["0.005", "0.01", "0.02", "0.03", "0.05"]))
            sent = Decimal(amount) * Decimal(rng.choice(["0.5", "1", "1.5", "2"]))
            applied = (mid_rate * (1 - margin)).quantize(Decimal("0.01"))
            remittances.remittance_record(
                data=remittances.RemittanceData(
                    recipient=recipient,
                    received_on=today - datetime.timedelta(days=rng.randint(1, 360)),
                    sending_country=country,
                    amount_sent=sent,
                    currency_sent=currency,
                    fee=Decimal(fee) if channel != Channel.INFORMAL else Decimal(0),
                    mid_rate=mid_rate,
                    applied_rate=applied,
                    amount_received=(sent * applied).quantize(Decimal("1")),
                    channel=channel,
                    intended_use=rng.choice(IntendedUse.values),
                ),
                actor=actor,
                is_demo=True,
            )
            made += 1
    return made


def seed_reminders() -> int:
    """Run the daily expiry-reminder task once, in this process, so the demo needs no worker."""
    from desmigratif.migration.tasks import send_document_expiry_reminders

    return send_document_expiry_reminders.call()


def seed_rollups(months: int = 24) -> int:
    """The indicator rollup table for the demo's months, as the scheduled refresh would leave it."""
    from desmigratif.monitoring.services import rollup_refresh_range

    today = timezone.localdate()
    return rollup_refresh_range(start=today - datetime.timedelta(days=31 * months), end=today)


DEMO_ENTERPRISES = [
    # name, sector, monthly revenue around (Rp)
    ("Keripik Tempe {name}", "food", 3_000_000),
    ("Warung Sembako {name}", "trade", 6_000_000),
    ("Ternak Kambing {name}", "livestock", 2_500_000),
    ("Kolam Lele {name}", "fisheries", 2_000_000),
    ("Jahit dan Bordir {name}", "crafts", 1_800_000),
    ("Bengkel Motor {name}", "services", 4_000_000),
    ("Sayur Organik {name}", "agriculture", 1_500_000),
]


def _months_back(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` before the month of ``day``."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def seed_enterprises(*, rng: random.Random, per_village: int = 4) -> tuple[int, int]:
    """Enterprises of returnees and their families in the two pilot villages with facilitators, with
    6–12 months of progress, and two trainings (a village course and a regency BLK course) with
    participants, attendance and completion; some trainees start a business after their course.
    All through the real services, as the demo facilitators and the Disnaker officer (``is_demo``)."""
    from desmigratif.cooperatives.models import Loan, LoanStatus
    from desmigratif.enterprises import services as enterprises
    from desmigratif.enterprises.models import Enterprise, Sector, Training

    if Training.objects.filter(is_demo=True).exists() or Enterprise.objects.filter(is_demo=True).exists():
        return 0, 0
    today = timezone.localdate()
    officer = User.objects.get(username="disnaker.malang")
    facilitators = [User.objects.get(username=u) for u in ("pendamping.brongkal", "pendamping.arjowilangun")]
    sectors = {s.code: s for s in Sector.objects.all()}
    adults_born_before = today.replace(year=today.year - 20)

    def candidates(village: str) -> list[Person]:
        people = Person.objects.filter(domicile_village_id=village, is_demo=True, birth_date__lte=adults_born_before)
        preferred = list(people.filter(migrant_status__in=["returnee", "family"]).order_by("id"))
        return preferred + list(people.exclude(migrant_status__in=["returnee", "family"]).order_by("id"))

    # Two trainings: one of Brongkal (BBPP), one for the whole regency (BLK), both in the past.
    village_course = enterprises.training_create(
        data=enterprises.TrainingData(
            title="Pengolahan hasil pertanian untuk purna PMI",
            provider_kind="bbpp",
            provider_name="BBPP Ketindan",
            topic="Pengolahan pangan dan pengemasan",
            sector=sectors.get("food"),
            starts_on=today - datetime.timedelta(days=250),
            ends_on=today - datetime.timedelta(days=246),
            place="Balai Desa Brongkal",
            region_code="35.07.33.2006",
        ),
        actor=facilitators[0],
        is_demo=True,
    )
    regency_course = enterprises.training_create(
        data=enterprises.TrainingData(
            title="Kewirausahaan dan pemasaran daring",
            provider_kind="blk",
            provider_name="BLK Kabupaten Malang",
            topic="Kewirausahaan",
            starts_on=today - datetime.timedelta(days=300),
            ends_on=today - datetime.timedelta(days=298),
            place="BLK Singosari",
            region_code="35.07",
        ),
        actor=officer,
        is_demo=True,
    )
    trainees: dict[str, list[Person]] = {}
    for facilitator in facilitators:
        code = facilitator.role_assignments.get().region_code
        pool = candidates(code)
        courses = [regency_course] + ([village_course] if code == village_course.region_code else [])
        for course in courses:
            group = pool[: min(8, len(pool))]
            for person in group:
                participant = enterprises.participant_add(training=course, person=person, actor=facilitator)
                days = (course.ends_on - course.starts_on).days + 1
                for offset in range(days):
                    enterprises.attendance_record(
                        training=course,
                        day=course.starts_on + datetime.timedelta(days=offset),
                        marks={participant.pk: rng.random() < 0.9},
                        actor=facilitator,
                    )
                if rng.random() < 0.85:
                    enterprises.participant_complete(
                        participant=participant,
                        completed_on=course.ends_on,
                        certificate_number=f"{course.provider_kind.upper()}-{course.pk:03}-{participant.pk:04}",
                        actor=facilitator,
                    )
            trainees.setdefault(code, []).extend(group)

    made = 0
    for facilitator in facilitators:
        village_code = facilitator.role_assignments.get().region_code
        village = Village.objects.get(code=village_code)
        pool = candidates(village_code)
        if not pool:
            continue
        trained = list(dict.fromkeys(trainees.get(village_code, [])))
        loans = list(
            Loan.objects.filter(
                cooperative__village_id=village_code, status__in=[LoanStatus.DISBURSED, LoanStatus.CLOSED]
            ).select_related("member__person")[:1]
        )
        for i in range(per_village):
            name, sector, base = DEMO_ENTERPRISES[(i + made) % len(DEMO_ENTERPRISES)]
            if i == 1 and trained:  # the trainee's enterprise starts after both courses ended
                started = village_course.ends_on + datetime.timedelta(days=10)
                months = (today.year - started.year) * 12 + today.month - started.month
            else:  # 6–12 full months of progress
                months = rng.randint(6, 12)
                started = _months_back(today, months) + datetime.timedelta(days=rng.randint(0, 20))
            loan = None
            if i == 0 and loans:  # started with a cooperative loan of its owner
                loan = loans[0]
                owners = [loan.member.person]
                source = "cooperative_loan"
            elif i == 1 and trained:  # a trainee who started after the course
                owners = [trained[0]]
                source = rng.choice(["savings", "remittance"])
            else:
                owners = [pool[(i * 3) % len(pool)]]
                source = rng.choice(["savings", "remittance", "other"])
            if i % 2 and len(pool) > 1:
                partner = pool[(i * 3 + 1) % len(pool)]
                if partner.pk != owners[0].pk:
                    owners.append(partner)
            enterprise = enterprises.enterprise_register(
                data=enterprises.EnterpriseData(
                    village=village,
                    name=name.format(name=owners[0].full_name.split()[0]),
                    sector=sectors[sector],
                    owners=owners,
                    started_on=started,
                    capital=Decimal(rng.choice([1, 2, 3, 5, 8])) * 1_000_000,
                    capital_source=source,
                    loan=loan,
                ),
                actor=facilitator,
                is_demo=True,
            )
            enterprises.product_add(
                enterprise=enterprise,
                name=name.split(" {")[0],
                price=Decimal(rng.choice([5, 10, 15, 25, 50])) * 1000,
                unit=rng.choice(["bungkus", "kg", "buah", "paket"]),
                actor=facilitator,
            )
            revenue = Decimal(base) * Decimal(rng.choice(["0.5", "0.6", "0.8"]))
            start = _months_back(today, months)
            while start < _months_back(today, 0):  # every full month since it started
                revenue = (revenue * Decimal(rng.choice(["0.95", "1.02", "1.05", "1.08", "1.12"]))).quantize(
                    Decimal("1000")
                )
                enterprises.progress_report_add(
                    enterprise=enterprise,
                    data=enterprises.ProgressData(
                        period_kind="month",
                        period_start=start,
                        revenue=revenue,
                        workers_family=rng.randint(1, 3),
                        workers_other=rng.choice([0, 0, 1, 2]),
                        problems=rng.choice(["", "", "Harga bahan baku naik.", "Pemasaran masih terbatas."]),
                        support_needed=rng.choice(["", "", "Pelatihan pemasaran daring.", "Tambahan modal."]),
                    ),
                    actor=facilitator,
                )
                start = _months_back(start, -1)
            if i == per_village - 1 and rng.random() < 0.5:
                enterprises.enterprise_set_status(
                    enterprise=enterprise, status="paused", note="Pemilik sakit.", actor=facilitator
                )
            made += 1
    return made, 2


DEMO_PROGRAMMES = [
    # organisation short name, programme name, pillar, what a village receives, amount (Rp) or None
    ("BRI", "Literasi keuangan dan tabungan keluarga PMI", "cooperative", "Pelatihan literasi keuangan", None),
    ("BI", "Pendampingan UMKM purna PMI", "enterprise", "Pendampingan usaha dan alat produksi", 25_000_000),
    ("BNI", "Remitansi non-tunai untuk keluarga PMI", "cooperative", "Agen bank dan sosialisasi remitansi", None),
    ("KP2MI", "Pemberdayaan purna PMI dan keluarganya", "enterprise", "Pelatihan kewirausahaan", 15_000_000),
    ("World Bank", "Penguatan layanan migrasi di desa", "migration", "Bantuan teknis pusat layanan migrasi", None),
]
REFERRAL_REASONS = [
    "Ingin menabung hasil kerja di luar negeri.",
    "Ingin memulai usaha setelah pulang.",
    "Butuh modal dan pendampingan usaha.",
    "Keluarga menerima remitansi tiap bulan.",
]


def seed_partners(*, rng: random.Random, per_village: int = 12) -> int:
    """Demo partner programmes (``is_demo``) of the organisations the data migration publishes,
    support to the pilot villages, and referrals in every state by the demo facilitators. The
    organisations are real; their programmes, which village receives what and every figure here
    are demo data. All through the real services."""
    from desmigratif.partners import services as partners
    from desmigratif.partners.models import Organisation, Programme

    if Programme.objects.filter(is_demo=True).exists():
        return 0
    today = timezone.localdate()
    staff = User.objects.get(username="nasional")
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    # (programme, its row of DEMO_PROGRAMMES): a row whose organisation is gone is skipped, and the
    # support below still takes each programme's own "what" and amount.
    made_programmes: list[tuple[Any, tuple[Any, ...]]] = []
    for demo_row in DEMO_PROGRAMMES:
        short_name, name, pillar, _what, _amount = demo_row
        organisation = organisations.get(short_name)
        if organisation is None:
            continue
        made_programmes.append(
            (
                partners.programme_create(
                    data=partners.ProgrammeData(
                        organisation=organisation,
                        name=name,
                        pillar=pillar,
                        description="Program contoh untuk demo; bukan data program yang sebenarnya.",
                        starts_on=_months_back(today, 18),
                    ),
                    actor=staff,
                    is_demo=True,
                ),
                demo_row,
            )
        )
    programmes = [programme for programme, _row in made_programmes]
    if not programmes:
        return 0
    for i, code in enumerate(PILOT_VILLAGES):
        village = Village.objects.get(code=code)
        for j, (programme, row) in enumerate(made_programmes):
            if (i + j) % 2:
                continue
            partners.support_add(
                programme=programme,
                data=partners.SupportData(
                    village=village,
                    since=_months_back(today, 12 - j) + datetime.timedelta(days=rng.randint(0, 20)),
                    what=row[3],
                    amount=None if row[4] is None else Decimal(row[4]),
                ),
                actor=staff,
                is_demo=True,
            )
    made = 0
    adults_born_before = today.replace(year=today.year - 20)
    for username in ("pendamping.brongkal", "pendamping.arjowilangun"):
        facilitator = User.objects.get(username=username)
        code = facilitator.role_assignments.get().region_code
        people = list(
            Person.objects.filter(domicile_village_id=code, is_demo=True, birth_date__lte=adults_born_before)
            .filter(migrant_status__in=["returnee", "family", "prospective"])
            .order_by("id")[:per_village]
        )
        for k, person in enumerate(people):
            programme = programmes[k % len(programmes)]
            referred_on = today - datetime.timedelta(days=rng.randint(5, 300))
            referral = partners.referral_create(
                data=partners.ReferralData(
                    person=person, programme=programme, referred_on=referred_on, reason=rng.choice(REFERRAL_REASONS)
                ),
                actor=facilitator,
                is_demo=True,
            )
            made += 1
            outcome = rng.choice(["referred", "taken_up", "taken_up", "completed", "declined", "no_show"])
            if outcome == "referred":
                continue
            first = "taken_up" if outcome in ("taken_up", "completed") else outcome
            on = min(today, referred_on + datetime.timedelta(days=rng.randint(3, 30)))
            referral = partners.referral_set_status(referral=referral, status=first, on=on, actor=facilitator)
            if outcome == "completed":
                done = min(today, on + datetime.timedelta(days=rng.randint(20, 90)))
                partners.referral_set_status(referral=referral, status="completed", on=done, actor=facilitator)
    return made


# Regency officer of each pilot village, and the demo facilitator accounts that already exist.
PILOT_OFFICERS = {
    "35.07.33.2006": ("disnaker.malang", "pendamping.brongkal", "brongkal"),
    "35.07.11.2008": ("disnaker.malang", "pendamping.arjowilangun", "arjowilangun"),
    "33.07.10.2004": ("disnaker.wonosobo", "", "kuripan"),
    "33.14.09.2007": ("disnaker.sragen", "", "mojorejo"),
}
DEMO_NOTES = [
    "Sosialisasi migrasi aman dan bahaya calo.",
    "Membantu melengkapi dokumen paspor dan BPJS.",
    "Kunjungan ke keluarga PMI yang anaknya diasuh kakek-nenek.",
    "Pendampingan usaha keripik, kendala pemasaran.",
    "Tindak lanjut pengaduan gaji tidak dibayar.",
]


def seed_facilitators(*, rng: random.Random) -> list[tuple[str, str, str]]:
    """Per pilot village: a village deliberation, two facilitators appointed by the regency officer
    (the Malang villages' first ones are the existing demo accounts, the others get new accounts),
    their visits since, and the monthly reports of the last four months in every state of the
    workflow. All through the real services; returns the new demo accounts to print."""
    from desmigratif.facilitators import services as facilitators
    from desmigratif.facilitators.models import Appointment, VisitKind
    from desmigratif.facilitators.report import due_on
    from desmigratif.lib.months import month_end

    if Appointment.objects.filter(is_demo=True).exists():
        return []
    today = timezone.localdate()
    made: list[tuple[str, str, str]] = []
    kinds = [k for k, _label in VisitKind.choices]
    for code, (officer_name, existing, slug) in PILOT_OFFICERS.items():
        village = Village.objects.filter(code=code).first()
        officer = User.objects.filter(username=officer_name).first()
        people = list(
            Person.objects.filter(
                domicile_village_id=code, is_demo=True, birth_date__lte=today.replace(year=today.year - 25)
            ).order_by("id")[:40]
        )
        if village is None or officer is None or len(people) < 10:
            continue
        chosen = people[:2]
        held = _months_back(today, 8) + datetime.timedelta(days=9)
        deliberation = facilitators.deliberation_record(
            data=facilitators.DeliberationData(
                village=village,
                held_on=held,
                attendees=rng.randint(35, 80),
                minutes_number=f"BA/{slug.upper()}/{held:%m/%Y}",
                chosen=chosen,
                notes="Musyawarah desa memilih dua pendamping Desmigratif.",
            ),
            actor=officer,
            is_demo=True,
        )
        appointments = []
        for i, person in enumerate(chosen):
            account = User.objects.filter(username=existing).first() if i == 0 and existing else None
            username = "" if account else f"pendamping{'' if i == 0 else '2'}.{slug}"
            result = facilitators.facilitator_appoint(
                deliberation=deliberation,
                person=person,
                starts_on=held + datetime.timedelta(days=5),
                actor=officer,
                account=account,
                username=username,
                is_demo=True,
            )
            if result.user is not None:
                result.user.set_password(DEMO_PASSWORD)
                result.user.is_demo = True
                result.user.save(update_fields=["password", "is_demo"])
                made.append((result.user.username, str(Role(Role.FACILITATOR).label), code))
            appointments.append(result.appointment)
        for appointment in appointments:
            day = appointment.starts_on
            while day < today:
                met = rng.sample(people[2:], rng.randint(0, 3))
                facilitators.visit_record(
                    data=facilitators.VisitData(
                        village=village,
                        on=day,
                        kind=rng.choice(kinds),
                        people=met,
                        attendees=rng.randint(10, 40) if not met else 0,
                        notes=rng.choice(DEMO_NOTES),
                    ),
                    actor=appointment.user,
                    is_demo=True,
                )
                day += datetime.timedelta(days=rng.randint(5, 12))
        writer = appointments[0].user
        for back, state in (
            (4, "on_time"),
            (3, "late"),
            (2, "returned"),
            (1, "submitted" if rng.random() < 0.5 else "draft"),
        ):
            month = _months_back(today, back)
            started = facilitators.report_start(
                village=village,
                month=month,
                actor=writer,
                narrative="Kegiatan pendampingan berjalan; kendala utama dokumen dan pemasaran usaha.",
                is_demo=True,
            )
            if state == "draft":
                continue
            due = due_on(month)
            offset = -3 if state != "late" else 6
            submit_day = max(month_end(month) + datetime.timedelta(days=1), due + datetime.timedelta(days=offset))
            at = min(timezone.make_aware(datetime.datetime.combine(submit_day, datetime.time(10))), timezone.now())
            submitted = facilitators.report_submit(report_=started, actor=writer, now=at)
            decided = min(at + datetime.timedelta(days=3), timezone.now())
            if state in ("on_time", "late"):
                facilitators.report_approve(report_=submitted, actor=officer, now=decided)
            elif state == "returned":
                facilitators.report_return(
                    report_=submitted,
                    actor=officer,
                    comment="Mohon lengkapi jumlah peserta sosialisasi dan foto kegiatan.",
                    now=decided,
                )
    return made


LEARNING_TOPICS = [
    "Membaca bersama",
    "Belajar berhitung dengan permainan",
    "Menggambar dan mewarnai",
    "Mengenal cita-cita",
    "Bahasa Inggris dasar",
    "Video call dengan ayah dan ibu",
]
PARENTING_TOPICS = [
    "Pengasuhan tanpa kekerasan",
    "Gizi seimbang untuk anak",
    "Mendampingi anak belajar di rumah",
    "Menjaga komunikasi anak dengan orang tua di luar negeri",
]


def seed_learning(*, rng: random.Random, months: int = 6) -> tuple[int, int]:
    """A rumah belajar in each pilot village with a facilitator, two volunteers, the children of the
    village's migrant workers abroad (with their guardian's consent, registered over the past months)
    and weekly learning and monthly parenting sessions with attendance. All through the real
    services, as the demo facilitators (``is_demo``)."""
    from desmigratif.learning import services as learning
    from desmigratif.learning.models import Child, LearningHouse
    from desmigratif.people.services import ConsentData

    if LearningHouse.objects.filter(is_demo=True).exists():
        return 0, 0
    today = timezone.localdate()
    adult_born = today.replace(year=today.year - 20)
    minor_born = today.replace(year=today.year - 17)
    children_made = sessions_made = 0
    for username in ("pendamping.brongkal", "pendamping.arjowilangun"):
        facilitator = User.objects.get(username=username)
        code = facilitator.role_assignments.get().region_code
        village = Village.objects.get(code=code)
        house = learning.house_create(
            data=learning.HouseData(
                village=village,
                name=f"Rumah Belajar Desmigratif {village.name}",
                place=f"Balai Desa {village.name}",
                schedule="Setiap Sabtu 15.00–17.00",
            ),
            actor=facilitator,
            is_demo=True,
        )
        adults = Person.objects.filter(domicile_village_id=code, is_demo=True, birth_date__lte=adult_born)
        volunteers = list(adults.filter(migrant_status__in=["none", "returnee"]).order_by("id")[:2])
        for person in volunteers:
            learning.volunteer_add(house=house, person=person, actor=facilitator)
        links = (
            MigrantFamilyLink.objects.filter(
                relation=FamilyRelation.CHILD,
                migrant__migrant_status=MigrantStatus.ABROAD,
                family_member__domicile_village_id=code,
                family_member__birth_date__gt=minor_born,
            )
            .select_related("family_member", "migrant")
            .order_by("family_member_id", "migrant_id")
        )
        parents: dict[int, list[Person]] = {}
        children: dict[int, Person] = {}
        for link in links:
            children[link.family_member_id] = link.family_member
            parents.setdefault(link.family_member_id, []).append(link.migrant)
        for index, (pk, child) in enumerate(sorted(children.items())[:15]):
            # The caregiver: an adult of the child's family card who is not abroad, else a neighbour.
            household = HouseholdMember.objects.filter(person_id=pk).values("household_id")
            kin = adults.exclude(migrant_status=MigrantStatus.ABROAD).exclude(pk__in=[v.pk for v in volunteers])
            caregiver = kin.filter(household_membership__household_id__in=household).first() or kin.first()
            if caregiver is None:
                continue
            learning.child_register(
                house=house,
                data=learning.ChildData(
                    person=child,
                    caregiver=caregiver,
                    caregiver_relation=rng.choice(["grandparent", "parent", "aunt_uncle"]),
                    parents=parents[pk],
                    school_level=rng.choice(["paud", "sd", "sd", "smp"]),
                    school_status=rng.choice(["enrolled"] * 8 + ["not_enrolled", "dropped_out"]),
                ),
                consent=ConsentData(
                    given=True, given_by="guardian", guardian_name=caregiver.full_name, guardian_relation="pengasuh"
                ),
                actor=facilitator,
                is_demo=True,
                registered_on=_months_back(today, months) + datetime.timedelta(days=index * 9),
            )
            children_made += 1
        if not volunteers:
            continue
        day = _months_back(today, months) + datetime.timedelta(days=5)
        week = 0
        while day <= today:
            kind = "parenting" if week % 4 == 3 else "learning"
            topics = PARENTING_TOPICS if kind == "parenting" else LEARNING_TOPICS
            session = learning.session_create(
                house=house,
                data=learning.SessionData(
                    kind=kind, held_on=day, topic=topics[week % len(topics)], led_by=volunteers[week % len(volunteers)]
                ),
                actor=facilitator,
                is_demo=True,
            )
            enrolled = list(learning.enrolled_on(house, day))
            present = [c for c in enrolled if rng.random() < 0.8]
            if kind == "learning":
                learning.attendance_record(session=session, children=[c.pk for c in present], actor=facilitator)
            else:
                caregivers = sorted({c.caregiver_id for c in present})
                learning.attendance_record(session=session, caregivers=caregivers, actor=facilitator)
            sessions_made += 1
            week += 1
            day += datetime.timedelta(days=7)
        concerned = Child.objects.filter(house=house).order_by("id").first()
        if concerned is not None:
            concern = learning.concern_create(
                child=concerned,
                category="schooling",
                note="Sering tidak masuk sekolah sejak ibunya berangkat; perlu pendampingan belajar.",
                actor=facilitator,
            )
            learning.concern_update(
                concern=concern,
                status="referred",
                referred_to=f"SD Negeri {village.name} 1",
                referred_on=today - datetime.timedelta(days=3),
                actor=facilitator,
            )
    return children_made, sessions_made
