"""A national-scale data set for benchmarks (dev only; PostgreSQL only).

``seed_national`` makes what the programme would hold with every sending village on board: by
default 500 programme villages, 1,000,000 people, 200,000 migration cases, 10,000,000 journal
lines and 5,000 vacancies (job orders) of 400 placement agencies. The population goes through
``seed_population`` (bulk inserts of households, people, consents and family links); cooperatives
through ``cooperatives.services.cooperative_create`` (the real chart of accounts); cases, members,
savings and the journal are written in bulk — the journal with PostgreSQL's COPY — because the
services' one-transaction-per-posting would take hours at this size. The bulk journal is the same
data the services write: one balanced entry of two lines per savings movement, a savings
transaction with its running balance, account balances equal to their lines; ``check_books`` proves
it afterwards (the COPY runs without the row-by-row trigger and foreign-key checks, see
``_replica_session``).

Agencies and vacancies are bulk inserts too, of what the agency and vacancy services would have
written: agencies with a SIP3MI licence, most in force, some expired, suspended or revoked (with
their status history); job orders for jobs of the placement catalogue to the demo destinations
(``DEMO_DESTINATIONS``), salaries in the destination's currency after the small demo's job orders,
kept to the placement rules (``vacancies.services.rule_errors``: zero cost, moratorium, SPSK),
entered while their agency could recruit, mostly verified, mostly still open; then half the recent
cases are pointed at a job order that was public when they were opened. Every row is demo data.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from desmigratif.accounts.models import User
from desmigratif.agencies.models import Agency, AgencyStatus, AgencyStatusChange
from desmigratif.cooperatives import services as cooperatives
from desmigratif.cooperatives.models import (
    SAVINGS_ACCOUNT_ROLE,
    Account,
    Cooperative,
    Member,
    SavingsAccount,
    SavingsKind,
)
from desmigratif.devdata.generator import (
    BATCH,
    DEMO_COHORTS,
    DEMO_DESTINATIONS,
    DEMO_REJECTION_NOTE,
    DEMO_SANCTION_REASON,
    DEMO_VACANCIES,
    DEMO_VACANCY_SKILLS,
    PILOT_VILLAGES,
    ensure_accounts,
    ensure_regions,
    seed_population,
)
from desmigratif.migration.models import CaseEvent, CaseStatus, EmployerType, MigrationCase, Step
from desmigratif.monitoring.services import rollup_refresh_range
from desmigratif.people.models import Education, MigrantStatus, Person
from desmigratif.placement import selectors as placement
from desmigratif.placement.models import Job, Sector
from desmigratif.regions.models import ProgramVillage, Regency, Village
from desmigratif.vacancies.models import SexRequirement, Vacancy, VerificationStatus
from desmigratif.vacancies.selectors import public_q
from desmigratif.vacancies.services import rule_errors, search_text

# Provinces that send most migrant workers (BP2MI statistics name these every year): where the
# demo designations are drawn from.
SENDING_PROVINCES = ("35", "33", "32", "52", "53", "18", "36", "51")
COPY_CHUNK = 200_000
ENTRY_COLUMNS = ("id", "cooperative_id", "date", "description", "source", "posted_at", "posted_by_id", "is_demo")


@dataclass
class NationalResult:
    villages: int = 0
    people: int = 0
    cases: int = 0
    cooperatives: int = 0
    members: int = 0
    journal_lines: int = 0
    agencies: int = 0
    vacancies: int = 0
    cases_from_vacancies: int = 0
    rollup_values: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _timed(result: NationalResult, name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = work()
    result.seconds[name] = time.perf_counter() - started
    return value


def designate_villages(rng: random.Random, total: int) -> list[str]:
    """At least ``total`` programme villages: the real ones, then demo designations in sending provinces."""
    codes = list(ProgramVillage.objects.order_by("village_id").values_list("village_id", flat=True))
    for code in PILOT_VILLAGES:
        if code not in codes:
            ProgramVillage.objects.create(village_id=code, cohort_year=2017, designation_reference="DEMO", is_demo=True)
            codes.append(code)
    missing = total - len(codes)
    if missing > 0:
        taken = set(codes)
        pool = [
            code
            for code in Village.objects.filter(kind=Village.Kind.DESA)
            .filter(code__regex=r"^(" + "|".join(SENDING_PROVINCES) + r")\.")
            .values_list("code", flat=True)
            if code not in taken
        ]
        chosen = rng.sample(pool, min(missing, len(pool)))
        ProgramVillage.objects.bulk_create(
            ProgramVillage(
                village_id=code,
                cohort_year=rng.choice(DEMO_COHORTS),
                status=ProgramVillage.Status.DESIGNATED,
                designation_reference="DEMO",
                is_demo=True,
            )
            for code in chosen
        )
        codes += chosen
    return sorted(codes)[: max(total, len(PILOT_VILLAGES))]


def _moment(rng: random.Random, days_back: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=rng.uniform(0, days_back))


# Rounds of earlier, finished placements (a previous departure and return) given to people who
# have been abroad, when people with a migrant status are fewer than the cases asked for.
EARLIER_ROUNDS = 5


def seed_cases_bulk(*, rng: random.Random, villages: list[str], cases: int, months: int) -> int:
    """``cases`` cases: first one for each adult with a migrant status (in progress for prospective
    workers, abroad for the others), spread over the steps and the last ``months``; then, while more
    are asked for, earlier finished placements (departed and returned, years before) of the people
    who have been abroad, one more per person in each round."""
    steps = list(Step.objects.order_by("order"))
    opener = User.objects.get(username="pendamping.brongkal")
    candidates = list(
        Person.objects.filter(
            domicile_village_id__in=villages,
            migrant_status__in=[MigrantStatus.PROSPECTIVE, MigrantStatus.ABROAD, MigrantStatus.RETURNEE],
            birth_date__lte=timezone.localdate() - datetime.timedelta(days=19 * 365),
        )
        .exclude(migration_cases__isnull=False)
        .values_list("id", "domicile_village_id", "migrant_status")
    )
    rng.shuffle(candidates)
    abroad_step = next((s for s in steps if s.case_status == CaseStatus.ABROAD), steps[-1])
    returned_step = next((s for s in steps if s.case_status == CaseStatus.RETURNED), abroad_step)
    active_steps = [s for s in steps if s.case_status == CaseStatus.ACTIVE]
    travelled = [c for c in candidates if c[2] != MigrantStatus.PROSPECTIVE]
    # (person, village, status, round): round 0 is the current case, 1… the earlier placements.
    plan = [(*c, 0) for c in candidates]
    for round_ in range(1, EARLIER_ROUNDS + 1):
        if len(plan) >= cases or not travelled:
            break
        plan += [(*c, round_) for c in travelled]
    plan = plan[:cases]
    made = 0
    for start in range(0, len(plan), 5000):
        rows, events = [], []
        for person_id, village, status, round_ in plan[start : start + 5000]:
            country, job, employer = rng.choice(DEMO_DESTINATIONS)
            if round_ == 0:
                opened = _moment(rng, 30 * months)
                step = rng.choice(active_steps) if status == MigrantStatus.PROSPECTIVE else abroad_step
                step_started = min(opened + datetime.timedelta(days=rng.randint(0, 90)), timezone.now())
            else:
                # Each earlier placement two to three years before the next one; worked abroad, came home.
                opened = timezone.now() - datetime.timedelta(days=30 * months + 365 * 2 * round_ + rng.randint(0, 365))
                step = returned_step
                step_started = opened + datetime.timedelta(days=rng.randint(400, 700))
            due = step_started + datetime.timedelta(days=step.target_days) if step.target_days else None
            case = MigrationCase(
                person_id=person_id,
                village_id=village,
                destination_country=country,
                job_title=job,
                employer_type=employer,
                step=step,
                step_started_at=step_started,
                step_due_at=due if step.case_status == CaseStatus.ACTIVE else None,
                status=step.case_status,
                opened_at=opened,
                opened_by=opener,
                is_demo=True,
            )
            rows.append(case)
            events.append(CaseEvent(case=case, at=opened, actor=opener, kind=CaseEvent.Kind.OPENED))
            if step == returned_step:
                departed = opened + datetime.timedelta(days=rng.randint(60, 120))
                events.append(
                    CaseEvent(
                        case=case, at=departed, actor=opener, kind=CaseEvent.Kind.STEP_CHANGED, to_step=abroad_step
                    )
                )
            if step in (abroad_step, returned_step):
                events.append(
                    CaseEvent(case=case, at=step_started, actor=opener, kind=CaseEvent.Kind.STEP_CHANGED, to_step=step)
                )
        with transaction.atomic():
            MigrationCase.objects.bulk_create(rows, batch_size=5000)
            CaseEvent.objects.bulk_create(events, batch_size=5000)
        made += len(rows)
    return made


def seed_cooperatives_bulk(*, villages: list[str], members_per_village: int) -> tuple[int, int]:
    """A cooperative per village (the real setup service) and members with their three savings accounts."""
    officer = User.objects.get(username="nasional")
    made = 0
    for code in villages:
        if Cooperative.objects.filter(village_id=code).exists():
            continue
        cooperatives.cooperative_create(
            village=Village.objects.get(code=code),
            name=f"Koperasi Demo {code}",
            founded_on=datetime.date(2019, 1, 1),
            principal_savings_amount=Decimal("100000"),
            mandatory_savings_amount=Decimal("20000"),
            actor=_national_officer(officer, code),
            is_demo=True,
        )
        made += 1
    members = 0
    joined = timezone.localdate() - datetime.timedelta(days=800)
    for cooperative in Cooperative.objects.filter(village_id__in=villages, members__isnull=True).distinct():
        people = list(
            Person.objects.filter(domicile_village_id=cooperative.village_id)
            .filter(birth_date__lte=timezone.localdate() - datetime.timedelta(days=18 * 365))
            .order_by("id")
            .values_list("id", flat=True)[:members_per_village]
        )
        rows = [
            Member(cooperative=cooperative, person_id=pid, number=f"{n:05d}", joined_on=joined, is_demo=True)
            for n, pid in enumerate(people, start=1)
        ]
        with transaction.atomic():
            Member.objects.bulk_create(rows, batch_size=5000)
            SavingsAccount.objects.bulk_create(
                (SavingsAccount(member=m, kind=kind) for m in rows for kind in SavingsKind.values), batch_size=5000
            )
        members += len(rows)
    return made, members


def _national_officer(user: User, village: str) -> User:
    """The setup service asks for an officer of the village: a cooperative officer made for it."""
    from desmigratif.accounts.models import RoleAssignment
    from desmigratif.accounts.roles import Role

    officer, _made = User.objects.get_or_create(
        username=f"demo.koperasi.{village}", defaults={"full_name": f"Demo koperasi {village}"}
    )
    RoleAssignment.objects.get_or_create(user=officer, role=Role.COOPERATIVE_OFFICER, region_code=village)
    return officer


def _copy(table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> int:
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


@contextmanager
def _replica_session() -> Iterator[None]:
    """While the block runs, PostgreSQL skips triggers and foreign-key checks (a superuser setting,
    as a restore from a dump uses); they are on again after it, even inside an outer transaction.
    The rows are consistent by construction, and ``check_books`` proves the ledger's rules over the
    whole journal afterwards; checking them row by row makes ten million lines take most of an hour."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")


def _reserve_ids(table: str, count: int) -> int:
    """Take ``count`` ids from the table's sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = int(cursor.fetchone()[0])
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
    return first


def seed_journal_bulk(*, rng: random.Random, lines: int, months: int) -> int:
    """Savings deposits and withdrawals as balanced two-line entries, ``lines`` lines in all."""
    accounts = list(
        SavingsAccount.objects.filter(member__is_demo=True, member__cooperative__is_demo=True)
        .values_list("id", "kind", "member__cooperative_id")
        .order_by("id")
    )
    if not accounts:
        return 0
    ledger = {
        (coop, role): pk
        for pk, coop, role in Account.objects.filter(role__in=["cash", *SAVINGS_ACCOUNT_ROLE.values()]).values_list(
            "id", "cooperative_id", "role"
        )
    }
    poster = User.objects.get(username="nasional")
    entries = lines // 2
    today = timezone.localdate()
    # Each movement: an account, a day, an amount; sorted by day so running balances read in order.
    movements = sorted(
        (today - datetime.timedelta(days=rng.randint(0, 30 * months)), rng.randrange(len(accounts)))
        for _ in range(entries)
    )
    first_entry = _reserve_ids("cooperatives_journalentry", entries)
    balances: dict[int, Decimal] = defaultdict(Decimal)
    ledger_moves: dict[int, Decimal] = defaultdict(Decimal)
    now = timezone.now()
    entry_rows, line_rows, tx_rows = [], [], []
    written = 0
    for offset, (day, index) in enumerate(movements):
        account_id, kind, coop = accounts[index]
        entry_id = first_entry + offset
        amount = Decimal(rng.randint(1, 50) * 10_000)
        withdraw = kind == SavingsKind.VOLUNTARY and balances[account_id] >= amount and rng.random() < 0.3
        cash, savings = ledger[(coop, "cash")], ledger[(coop, SAVINGS_ACCOUNT_ROLE[SavingsKind(kind)])]
        if withdraw:
            balances[account_id] -= amount
            debit_account, credit_account, tx_kind = savings, cash, "withdrawal"
        else:
            balances[account_id] += amount
            debit_account, credit_account, tx_kind = cash, savings, "deposit"
        ledger_moves[debit_account] += amount
        ledger_moves[credit_account] -= amount
        entry_rows.append((entry_id, coop, day, f"Demo {tx_kind}", f"savings.{tx_kind}", now, poster.pk, True))
        line_rows.append((entry_id, debit_account, amount, Decimal(0)))
        line_rows.append((entry_id, credit_account, Decimal(0), amount))
        tx_rows.append((account_id, day, tx_kind, amount, balances[account_id], entry_id, "", now, poster.pk))
        if len(entry_rows) >= COPY_CHUNK or offset == entries - 1:
            with transaction.atomic(), _replica_session():
                _copy(
                    "cooperatives_journalentry",
                    (
                        "id",
                        "cooperative_id",
                        "date",
                        "description",
                        "source",
                        "posted_at",
                        "posted_by_id",
                        "is_demo",
                    ),
                    iter(entry_rows),
                )
                written += _copy(
                    "cooperatives_journalline", ("entry_id", "account_id", "debit", "credit"), iter(line_rows)
                )
                _copy(
                    "cooperatives_savingstransaction",
                    (
                        "account_id",
                        "date",
                        "kind",
                        "amount",
                        "balance_after",
                        "entry_id",
                        "note",
                        "created_at",
                        "created_by_id",
                    ),
                    iter(tx_rows),
                )
            entry_rows, line_rows, tx_rows = [], [], []
    with transaction.atomic(), connection.cursor() as cursor:
        ids = list(balances)
        cursor.execute(
            "UPDATE cooperatives_savingsaccount AS s SET balance = s.balance + d.delta"
            " FROM unnest(%s::bigint[], %s::numeric[]) AS d(id, delta) WHERE s.id = d.id",
            [ids, [balances[i] for i in ids]],
        )
        ids = list(ledger_moves)
        cursor.execute(
            "UPDATE cooperatives_account AS a SET balance = a.balance + d.delta"
            " FROM unnest(%s::bigint[], %s::numeric[]) AS d(id, delta) WHERE a.id = d.id",
            [ids, [ledger_moves[i] for i in ids]],
        )
    return written


# Agencies and their job orders. One job order per VACANCY_PEOPLE people (5,000 at 1,000,000
# people) from about one agency per AGENCY_VACANCIES of them, a few hundred at national scale.
VACANCY_PEOPLE = 200
AGENCY_VACANCIES = 12
AGENCIES_MIN, AGENCIES_MAX = 10, 400
NATIONAL_LICENCE_PREFIX = "DEMO-NAS-SIP3MI-"
# A licence is read as five years, the term the old regime's SIPPTKI had (DOMAIN-RULES A2.4): the
# term of today's SIP3MI is not among our sources.
LICENCE_DAYS = round(365.25 * 5)
# The register holds agencies that may not recruit today, as the real one does: shares of expired
# licences, suspended and revoked agencies (at least one of each); the others are active and in force.
AGENCY_EXPIRED, AGENCY_SUSPENDED, AGENCY_REVOKED = 0.08, 0.06, 0.03
# Most agencies have their head office in Jakarta (province 31), the others in sending provinces.
AGENCY_JAKARTA = 0.5
AGENCY_WORDS = (
    (
        "Karya", "Bina", "Samudra", "Cahaya", "Mitra", "Putra", "Sinar", "Bumi", "Duta", "Mega",
        "Surya", "Tunas", "Graha", "Citra", "Anugerah", "Berkah", "Prima", "Insan", "Harapan", "Bintang",
    ),
    (
        "Migran", "Tenaga", "Jaya", "Abadi", "Mandiri", "Utama", "Sentosa", "Makmur", "Lestari",
        "Perkasa", "Nusantara", "Bersama", "Gemilang", "Sejati", "Raya",
    ),
    ("Sejahtera", "Penempatan", "Indonesia", "Internasional", "Global", "Mulia", "Sukses", "Bahagia"),
)  # fmt: skip
# Verification in the proportions a Disnaker office would have: mostly verified, some waiting, a few rejected.
VACANCY_STATUS_WEIGHTS = (
    (VerificationStatus.VERIFIED, 80),
    (VerificationStatus.UNVERIFIED, 12),
    (VerificationStatus.REJECTED, 8),
)
# Closing dates: most job orders still open (up to half a year ahead), the others closed in the last half year.
VACANCY_OPEN_SHARE = 0.75
VACANCY_DAYS = 180
# Half the job orders offer a job the country's demo job orders offer (fishing crews to Korea,
# domestic work to Hong Kong), the others any job of the catalogue.
VACANCY_TEMPLATE_SHARE = 0.5
# Employers' family names and company suffix by destination; the company's word by sector.
EMPLOYERS = {
    "MY": (("Ahmad", "Tan", "Lim", "Rahman"), "Sdn Bhd"),
    "TW": (("Chen", "Lin", "Huang", "Chang"), "Co., Ltd."),
    "HK": (("Wong", "Lee", "Chan", "Cheung"), "Ltd"),
    "SG": (("Tan", "Lim", "Ng", "Goh"), "Pte Ltd"),
    "KR": (("Kim", "Lee", "Park", "Choi"), "Co., Ltd."),
    "JP": (("Sato", "Suzuki", "Takahashi", "Tanaka"), "K.K."),
    "SA": (("Al-Harbi", "Al-Qahtani", "Al-Ghamdi", "Al-Otaibi"), "Co."),
}
SECTOR_WORDS = {
    Sector.DOMESTIC_CARE: "Care",
    Sector.AGRICULTURE: "Plantation",
    Sector.FISHERIES: "Fisheries",
    Sector.MANUFACTURING: "Manufacturing",
    Sector.CONSTRUCTION: "Construction",
    Sector.SERVICES: "Services",
    Sector.GENERAL: "Industries",
}
# The share of the cases opened in the last VACANCY_DAYS that were opened from a job order.
CASES_FROM_VACANCIES = 0.5


def agencies_for(vacancies: int) -> int:
    return min(AGENCIES_MAX, max(AGENCIES_MIN, vacancies // AGENCY_VACANCIES))


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment of office hours on ``day``."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(minutes=rng.randint(0, 8 * 60))
    )


@dataclass(frozen=True)
class RecruitingAgency:
    agency: Agency
    until: datetime.datetime  # the last moment it could enter job orders and have them verified


def seed_agencies_bulk(*, rng: random.Random, count: int) -> list[RecruitingAgency]:
    """``count`` demo agencies with their registration (and sanction) in the status history: most
    active with a licence in force, some with an expired licence, some suspended or revoked."""
    national = User.objects.get(username="nasional")
    today, now = timezone.localdate(), timezone.now()
    offices = list(
        Regency.objects.filter(province_id__in=("31", *SENDING_PROVINCES))
        .order_by("code")
        .values_list("province_id", "name")
    )
    jakarta = [name for province, name in offices if province == "31"]
    elsewhere = [name for province, name in offices if province != "31"]
    names = [" ".join(words) for words in itertools.product(*AGENCY_WORDS)]
    shares = (
        ("expired", AGENCY_EXPIRED),
        (AgencyStatus.SUSPENDED, AGENCY_SUSPENDED),
        (AgencyStatus.REVOKED, AGENCY_REVOKED),
    )
    states = [state for state, share in shares for _ in range(max(1, round(count * share)))]
    states = (states + [AgencyStatus.ACTIVE] * count)[:count]
    rng.shuffle(states)
    made: list[RecruitingAgency] = []
    changes: list[AgencyStatusChange] = []
    for number, (name, state) in enumerate(zip(rng.sample(names, count), states, strict=True), start=1):
        if state == "expired":
            until = today - datetime.timedelta(days=rng.randint(1, 365))
            start = until - datetime.timedelta(days=LICENCE_DAYS)
            last = timezone.make_aware(datetime.datetime.combine(until, datetime.time(23, 59)))
        else:
            start = today - datetime.timedelta(days=rng.randint(365, LICENCE_DAYS - 30))
            until = start + datetime.timedelta(days=LICENCE_DAYS)
            last = now
        agency = Agency(
            name=f"PT Demo {name}",
            licence_number=f"{NATIONAL_LICENCE_PREFIX}{number:04d}",
            licence_valid_from=start,
            licence_valid_until=until,
            head_office=rng.choice(jakarta if rng.random() < AGENCY_JAKARTA else elsewhere),
            created_at=_at(start, rng),
            is_demo=True,
        )
        # Registered active, as agency_register does; sanctioned later, as agency_change_status does.
        changes.append(
            AgencyStatusChange(
                agency=agency, at=agency.created_at, actor=national, to_status=AgencyStatus.ACTIVE, reason="registered"
            )
        )
        if state in (AgencyStatus.SUSPENDED, AgencyStatus.REVOKED):
            last = _at(today - datetime.timedelta(days=rng.randint(1, VACANCY_DAYS)), rng)
            agency.status = state
            changes.append(
                AgencyStatusChange(
                    agency=agency,
                    at=last,
                    actor=national,
                    from_status=AgencyStatus.ACTIVE,
                    to_status=state,
                    reason=DEMO_SANCTION_REASON,
                )
            )
        made.append(RecruitingAgency(agency, last))
    with transaction.atomic():
        Agency.objects.bulk_create([m.agency for m in made], batch_size=BATCH)
        AgencyStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    return made


@dataclass(frozen=True)
class CountryOrders:
    """What the small demo's job orders to a country say: currency, salaries, contracts, languages, jobs."""

    currency: str
    salaries: tuple[Decimal, ...]
    months: tuple[int, ...]
    languages: tuple[str, ...]
    jobs: tuple[tuple[str, str, str], ...]  # job code, employer type, sex


def country_orders() -> dict[str, CountryOrders]:
    currencies: dict[str, str] = {}
    salaries: dict[str, list[Decimal]] = defaultdict(list)
    months: dict[str, list[int]] = defaultdict(list)
    languages: dict[str, list[str]] = defaultdict(list)
    jobs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in DEMO_VACANCIES:
        _agency, country, job, employer_type, _employer, salary, currency, contract, _cost = map(str, row[:9])
        sex, _min_age, _max_age, _education, language, _state = row[9:]
        currencies[country] = currency
        salaries[country].append(Decimal(salary))
        months[country].append(int(contract))
        languages[country] += [str(language)] if language else []
        jobs[country].append((job, employer_type, str(sex)))
    return {
        country: CountryOrders(
            currency=currency,
            salaries=tuple(salaries[country]),
            months=tuple(months[country]),
            languages=tuple(languages[country]),
            jobs=tuple(jobs[country]),
        )
        for country, currency in currencies.items()
    }


class RuleCheck:
    """``vacancies.services.rule_errors`` (zero cost, moratorium, SPSK) asked once per combination."""

    def __init__(self, on: datetime.date) -> None:
        self.on = on
        self.known: dict[tuple[str, int, str, bool], set[str]] = {}

    def errors(self, country: str, job: Job, employer_type: str, worker_cost: Decimal) -> set[str]:
        key = (country, job.pk, employer_type, worker_cost > 0)
        if key not in self.known:
            self.known[key] = set(
                rule_errors(country=country, job=job, employer_type=employer_type, worker_cost=worker_cost, on=self.on)
            )
        return self.known[key]

    def allowed(self, country: str, job: Job, employer_type: str, worker_cost: Decimal) -> tuple[str, Decimal]:
        """The employer type and cost as asked, or what the rules allow instead: a company (the
        SPSK syarikah, or a formal employer in a moratorium country) and no cost to the worker."""
        if "employer_type" in self.errors(country, job, employer_type, worker_cost):
            employer_type = EmployerType.LEGAL_ENTITY
        if "worker_cost" in self.errors(country, job, employer_type, worker_cost):
            worker_cost = Decimal(0)
        return employer_type, worker_cost


def seed_vacancies_bulk(*, rng: random.Random, agencies: list[RecruitingAgency], count: int) -> int:
    """``count`` job orders to the demo destinations, each kept to the placement rules, entered
    while its agency could recruit, verified, waiting or rejected, open or closed."""
    officer = User.objects.get(username="disnaker.malang")
    today = timezone.localdate()
    jobs = list(placement.jobs())
    by_code = {job.code: job for job in jobs}
    zero_cost = placement.zero_cost_job_ids(today)
    countries = [country for country, _job, _employer in DEMO_DESTINATIONS]
    orders = country_orders()
    rules = RuleCheck(today)
    statuses = [status for status, _weight in VACANCY_STATUS_WEIGHTS]
    weights = [weight for _status, weight in VACANCY_STATUS_WEIGHTS]
    made = 0
    for start in range(0, count, BATCH):
        rows = []
        for number in range(start + 1, min(start + BATCH, count) + 1):
            recruiting = rng.choice(agencies)
            agency = recruiting.agency
            country = rng.choice(countries)
            profile = orders[country]
            if rng.random() < VACANCY_TEMPLATE_SHARE:
                code, employer_type, sex = rng.choice(profile.jobs)
                job = by_code[code]
            else:
                job = rng.choice(jobs)
                domestic = job.sector == Sector.DOMESTIC_CARE
                # Households employ only where the demo job orders have them (not Korea or Japan, say).
                household = domestic and EmployerType.INDIVIDUAL in {e for _code, e, _sex in profile.jobs}
                employer_type = EmployerType.INDIVIDUAL if household else EmployerType.LEGAL_ENTITY
                sex = SexRequirement.FEMALE if domestic else SexRequirement.ANY
            # Formal jobs off the zero-cost list may charge the worker personal costs (A2.11).
            charged = job.pk not in zero_cost and job.sector != Sector.DOMESTIC_CARE and rng.random() < 0.5
            cost = Decimal(rng.randint(4, 40) * 250_000) if charged else Decimal(0)
            employer_type, cost = rules.allowed(country, job, employer_type, cost)
            surnames, suffix = EMPLOYERS[country]
            if employer_type == EmployerType.INDIVIDUAL:
                employer = f"Keluarga Demo {rng.choice(surnames)}"
            else:
                employer = f"Demo {SECTOR_WORDS[Sector(job.sector)]} {rng.choice(surnames)} {suffix}"
            if rng.random() < VACANCY_OPEN_SHARE:
                closing = today + datetime.timedelta(days=rng.randint(0, VACANCY_DAYS))
            else:
                closing = today - datetime.timedelta(days=rng.randint(1, VACANCY_DAYS))
            # Entered before it closes, while the agency could recruit (the services refuse it otherwise).
            entered = closing - datetime.timedelta(days=rng.randint(14, 150))
            entered = max(min(entered, timezone.localdate(recruiting.until)), agency.licence_valid_from)
            created = min(_at(entered, rng), recruiting.until)
            status = rng.choices(statuses, weights)[0]
            decided = None
            if status != VerificationStatus.UNVERIFIED:
                decided = min(created + datetime.timedelta(days=rng.randint(0, 7)), recruiting.until)
            vacancy = Vacancy(
                agency=agency,
                employer_name=employer,
                country=country,
                job=job,
                employer_type=employer_type,
                quota=rng.choice((5, 10, 10, 20, 20, 40, 50, 100)),
                salary_amount=(rng.choice(profile.salaries) * Decimal(rng.randint(100, 130)) / 100).quantize(
                    Decimal(1)
                ),
                salary_currency=profile.currency,
                contract_months=rng.choice(profile.months),
                sex=sex,
                min_age=rng.choice((None, 18, 21, 23)),
                max_age=rng.choice((35, 40, 45, 50)),
                education=rng.choice(("", Education.SD, Education.SMP, Education.SMA)),
                skills=DEMO_VACANCY_SKILLS,
                languages=rng.choice(profile.languages) if profile.languages else "",
                worker_cost=cost,
                closing_date=closing,
                job_order_reference=f"DEMO/JO/{entered.year}/N{number:05d}",
                status=status,
                verified_by=officer if decided else None,
                verified_at=decided,
                verification_note=DEMO_REJECTION_NOTE if status == VerificationStatus.REJECTED else "",
                created_at=created,
                created_by=officer,
                updated_at=decided or created,
                is_demo=True,
            )
            vacancy.search_text = search_text(vacancy)
            rows.append(vacancy)
        with transaction.atomic():
            Vacancy.objects.bulk_create(rows, batch_size=BATCH)
        made += len(rows)
    return made


def link_cases_to_vacancies(*, rng: random.Random) -> int:
    """Half the cases opened in the last VACANCY_DAYS (in progress or abroad) come from a job order
    that was public when they were opened and still is: the case takes its country, job, employer
    type and agency, as ``case_open`` does."""
    now = timezone.now()
    public = [
        (vacancy.verified_at, vacancy)
        for vacancy in Vacancy.objects.filter(public_q(timezone.localdate()), is_demo=True)
        .select_related("agency", "job")
        .order_by("verified_at", "id")
        if vacancy.verified_at is not None
    ]
    verified = [at for at, _vacancy in public]
    cases = list(
        MigrationCase.objects.filter(
            status__in=[CaseStatus.ACTIVE, CaseStatus.ABROAD],
            is_demo=True,
            vacancy__isnull=True,
            opened_at__gte=now - datetime.timedelta(days=VACANCY_DAYS),
        )
        .only("id", "opened_at")
        .order_by("id")
    )
    linked = []
    for case in cases:
        open_then = bisect.bisect_right(verified, case.opened_at)
        if not open_then or rng.random() >= CASES_FROM_VACANCIES:
            continue
        vacancy = public[rng.randrange(open_then)][1]
        case.vacancy, case.agency, case.job = vacancy, vacancy.agency, vacancy.job
        case.destination_country, case.employer_type = vacancy.country, vacancy.employer_type
        case.agency_name, case.job_title = vacancy.agency.name, vacancy.job.name_id
        linked.append(case)
    fields = ["vacancy", "agency", "job", "destination_country", "employer_type", "agency_name", "job_title"]
    with transaction.atomic():
        MigrationCase.objects.bulk_update(linked, fields, batch_size=1000)
    return len(linked)


def seed_vacancies_stage(*, rng: random.Random, vacancies: int) -> tuple[int, int, int]:
    """Agencies, their job orders and the cases opened from them; nothing when they were made before."""
    if Agency.objects.filter(licence_number__startswith=NATIONAL_LICENCE_PREFIX).exists():
        return 0, 0, 0
    agencies = seed_agencies_bulk(rng=rng, count=agencies_for(vacancies))
    made = seed_vacancies_bulk(rng=rng, agencies=agencies, count=vacancies)
    return len(agencies), made, link_cases_to_vacancies(rng=rng)


def check_books() -> list[str]:
    """What the ledger's triggers and services guarantee, checked over the whole journal at once."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT entry_id FROM cooperatives_journalline GROUP BY entry_id"
            " HAVING sum(debit) <> sum(credit) OR count(*) < 2) AS bad"
        )
        if cursor.fetchone()[0]:
            problems.append("unbalanced entries")
        cursor.execute(
            "SELECT count(*) FROM cooperatives_account AS a LEFT JOIN (SELECT account_id, sum(debit - credit) AS net"
            " FROM cooperatives_journalline GROUP BY account_id) AS l ON l.account_id = a.id"
            " WHERE a.balance <> coalesce(l.net, 0)"
        )
        if cursor.fetchone()[0]:
            problems.append("account balances differ from their lines")
        cursor.execute(
            "SELECT count(*) FROM cooperatives_savingsaccount AS s LEFT JOIN (SELECT account_id,"
            " sum(CASE WHEN kind = 'deposit' THEN amount ELSE -amount END) AS net"
            " FROM cooperatives_savingstransaction GROUP BY account_id) AS t ON t.account_id = s.id"
            " WHERE s.balance <> coalesce(t.net, 0)"
        )
        if cursor.fetchone()[0]:
            problems.append("savings balances differ from their transactions")
    return problems


def seed_national(
    *,
    villages: int = 500,
    people: int = 1_000_000,
    cases: int = 200_000,
    journal_lines: int = 10_000_000,
    members_per_village: int = 200,
    vacancies: int | None = None,
    months: int = 24,
    seed: int = 2017,
) -> NationalResult:
    """The data set; ``vacancies`` defaults to one job order per VACANCY_PEOPLE people asked for."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The national-scale data set is made on PostgreSQL (it uses COPY).")
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    result = NationalResult()
    _timed(result, "regions", ensure_regions)
    _timed(result, "accounts", ensure_accounts)
    codes = _timed(result, "programme villages", lambda: designate_villages(rng, villages))
    result.villages = len(codes)
    chosen = list(Village.objects.filter(code__in=codes).order_by("code"))
    result.people = _timed(
        result, "people", lambda: seed_population(villages=chosen, people=people, rng=rng, fake=fake)[0]
    )
    result.cases = _timed(result, "cases", lambda: seed_cases_bulk(rng=rng, villages=codes, cases=cases, months=months))
    result.cooperatives, result.members = _timed(
        result,
        "cooperatives and members",
        lambda: seed_cooperatives_bulk(villages=codes, members_per_village=members_per_village),
    )
    result.journal_lines = _timed(
        result, "journal", lambda: seed_journal_bulk(rng=rng, lines=journal_lines, months=months)
    )
    # After the journal, so that the stages before draw the same numbers as before it was added.
    job_orders = people // VACANCY_PEOPLE if vacancies is None else vacancies
    result.agencies, result.vacancies, result.cases_from_vacancies = _timed(
        result, "agencies and vacancies", lambda: seed_vacancies_stage(rng=rng, vacancies=job_orders)
    )
    # What autovacuum does on a live server after a bulk load: the statistics, and on PostgreSQL the
    # visibility map that lets a count read only an index. VACUUM cannot run inside a transaction
    # (as in the tests); ANALYZE alone then.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        _timed(result, "analyze", lambda: cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE"))
    today = timezone.localdate()
    result.rollup_values = _timed(
        result,
        "indicator rollups",
        lambda: rollup_refresh_range(start=today - datetime.timedelta(days=31 * (months - 1)), end=today),
    )
    return result
