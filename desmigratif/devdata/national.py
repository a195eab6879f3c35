"""A national-scale data set for benchmarks (dev only; PostgreSQL only).

``seed_national`` makes what the programme would hold with every sending village on board: by
default 500 programme villages, 1,000,000 people, 200,000 migration cases and 10,000,000 journal
lines. The population goes through ``seed_population`` (bulk inserts of households, people,
consents and family links); cooperatives through ``cooperatives.services.cooperative_create``
(the real chart of accounts); cases, members, savings and the journal are written in bulk — the
journal with PostgreSQL's COPY — because the services' one-transaction-per-posting would take
hours at this size. The bulk journal is the same data the services write: one balanced entry of two
lines per savings movement, a savings transaction with its running balance, account balances equal
to their lines; ``check_books`` proves it afterwards (the COPY runs without the row-by-row trigger and
foreign-key checks, see ``_replica_session``). Every row is demo data.
"""

from __future__ import annotations

import datetime
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
    DEMO_COHORTS,
    DEMO_DESTINATIONS,
    PILOT_VILLAGES,
    ensure_accounts,
    ensure_regions,
    seed_population,
)
from desmigratif.migration.models import CaseEvent, CaseStatus, MigrationCase, Step
from desmigratif.monitoring.services import rollup_refresh_range
from desmigratif.people.models import MigrantStatus, Person
from desmigratif.regions.models import ProgramVillage, Village

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
    months: int = 24,
    seed: int = 2017,
) -> NationalResult:
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
