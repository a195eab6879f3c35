"""Ledger throughput under concurrency against PostgreSQL's own TPC-B-like pgbench. Prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x uv run python bench/ledger.py --workers 8 --seconds 20

N worker processes post savings deposits through the service layer (``savings_deposit``: a row
lock on the member's savings account, one balanced journal entry, balances of the contended cash
and savings ledger accounts moved under row locks) into one cooperative; then ``pgbench`` runs its
TPC-B-like script with the same number of clients on the same server (scale 1: like our cash
account, its single branch row is touched by every transaction). It prints both throughputs, their
ratio (the target in issue 4 is >= 0.5), and checks the books afterwards: every account equals its
lines, debits equal credits, and the savings ledger equals the members' balances.

Databases (created when missing, never the development or test database): ``desm_bench_ledger``
for the ledger and ``desm_bench_pgbench`` for pgbench, on the server of DATABASE_URL.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEDGER_DB = "desm_bench_ledger"
PGBENCH_DB = "desm_bench_pgbench"
TARGET_RATIO = 0.5


def configure(database_url: str) -> str:
    base, _sep, _name = database_url.rpartition("/")
    os.environ.update(
        {
            "DATABASE_URL": f"{base}/{LEDGER_DB}",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "DESMIGRATIF_DEVDATA": "true",
            "DJANGO_SETTINGS_MODULE": "desmigratif.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    return base


def create_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(members: int) -> tuple[int, list[int]]:
    """Migrate, load the cast, and make a cooperative with ``members`` members (through services)."""
    import django

    django.setup()
    import datetime

    from django.core.management import call_command

    from desmigratif.accounts.models import RoleAssignment, User
    from desmigratif.accounts.roles import Role
    from desmigratif.cooperatives import services
    from desmigratif.cooperatives.models import SavingsAccount, SavingsKind
    from desmigratif.devdata.generator import ensure_regions
    from desmigratif.people.models import Person
    from desmigratif.regions.models import Village

    call_command("migrate", verbosity=0)
    ensure_regions()
    village = Village.objects.get(code="35.07.33.2006")
    officer = User.objects.create_user(username="bench.koperasi", password=None, full_name="Bench officer")
    RoleAssignment.objects.create(user=officer, role=Role.COOPERATIVE_OFFICER, region_code=village.code)
    cooperative = services.cooperative_create(
        village=village,
        name="Koperasi Bench",
        founded_on=datetime.date(2020, 1, 1),
        principal_savings_amount=Decimal("100000"),
        mandatory_savings_amount=Decimal("20000"),
        actor=officer,
        is_demo=True,
    )
    from desmigratif.devdata.generator import seed_demo

    seed_demo(people=members, demo_villages=0)
    people = Person.objects.filter(domicile_village=village)[:members]
    today = datetime.date.today()
    for person in people:
        services.member_join(cooperative=cooperative, person=person, date=today, actor=officer, is_demo=True)
    accounts = list(
        SavingsAccount.objects.filter(member__cooperative=cooperative, kind=SavingsKind.VOLUNTARY).values_list(
            "pk", flat=True
        )
    )
    return officer.pk, accounts


def worker(
    officer_id: int, accounts: list[int], seconds: float, seed: int, results: multiprocessing.Queue[int]
) -> None:
    import django

    django.setup()
    import datetime

    from django.db import connection

    from desmigratif.accounts.models import User
    from desmigratif.cooperatives import services
    from desmigratif.cooperatives.models import SavingsAccount

    rng = random.Random(seed)
    officer = User.objects.get(pk=officer_id)
    by_id = SavingsAccount.objects.select_related("member__cooperative").in_bulk(accounts)
    today = datetime.date.today()
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        account = by_id[rng.choice(accounts)]
        services.savings_deposit(account=account, amount=Decimal(rng.randint(1, 500)) * 1000, date=today, actor=officer)
        done += 1
    connection.close()
    results.put(done)


def run_ledger(officer_id: int, accounts: list[int], workers: int, seconds: float) -> float:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[int] = context.Queue()
    processes = [
        context.Process(target=worker, args=(officer_id, accounts, seconds, n, results)) for n in range(workers)
    ]
    for process in processes:
        process.start()
    total: int = sum(int(results.get()) for _ in processes)
    for process in processes:
        process.join()
    return total / seconds


def run_pgbench(base: str, clients: int, seconds: int) -> float:
    create_database(base, PGBENCH_DB)
    url = f"{base}/{PGBENCH_DB}"
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        raise SystemExit("pgbench is not installed (Debian: apt-get install postgresql-contrib)")
    # Our own arguments only: no outside input reaches the command line.
    subprocess.run([pgbench, "-i", "-s", "1", "-q", url], check=True, capture_output=True)  # noqa: S603
    out = subprocess.run(  # noqa: S603
        [pgbench, "-n", "-c", str(clients), "-j", str(clients), "-T", str(seconds), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out)
    if match is None:
        raise SystemExit(f"could not read pgbench's tps:\n{out}")
    return float(match.group(1))


def check_books() -> str:
    """Per cooperative (the demo data adds its own): every account equals its lines, debits equal
    credits, and each savings ledger account equals its members' balances of that kind."""
    from django.db.models import Sum

    from desmigratif.cooperatives.models import SAVINGS_ACCOUNT_ROLE, Account, JournalLine, SavingsAccount

    sums = {
        row["account_id"]: (row["d"] or 0) - (row["c"] or 0)
        for row in JournalLine.objects.values("account_id").annotate(d=Sum("debit"), c=Sum("credit"))
    }
    members = {
        (row["member__cooperative_id"], row["kind"]): row["t"]
        for row in SavingsAccount.objects.values("member__cooperative_id", "kind").annotate(t=Sum("balance"))
    }
    problems = []
    by_cooperative: dict[int, list[Account]] = {}
    for account in Account.objects.all():
        by_cooperative.setdefault(account.cooperative_id, []).append(account)
    for cooperative_id, accounts in by_cooperative.items():
        problems += [f"{cooperative_id}/{a.code} != its lines" for a in accounts if a.balance != sums.get(a.pk, 0)]
        if sum((a.balance for a in accounts), Decimal(0)) != 0:
            problems.append(f"{cooperative_id}: debits != credits")
        roles = {a.role: a.balance for a in accounts}
        for kind, role in SAVINGS_ACCOUNT_ROLE.items():
            if -roles.get(role, Decimal(0)) != members.get((cooperative_id, kind.value), Decimal(0)):
                problems.append(f"{cooperative_id}/{role} != members' {kind.value} savings")
    return "balanced" if not problems else "NOT BALANCED: " + "; ".join(problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench/ledger.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    base = configure(url)
    create_database(base, LEDGER_DB)
    started = time.perf_counter()
    officer_id, accounts = prepare(args.members)
    print(f"prepared {len(accounts)} members in {time.perf_counter() - started:.1f} s")
    ledger_tps = run_ledger(officer_id, accounts, args.workers, args.seconds)
    print(f"ledger:  {ledger_tps:8.1f} savings deposits/s  ({args.workers} workers, {args.seconds} s)")
    pgbench_tps = run_pgbench(base, args.workers, args.seconds)
    print(f"pgbench: {pgbench_tps:8.1f} TPC-B-like tps       ({args.workers} clients, {args.seconds} s, scale 1)")
    ratio = ledger_tps / pgbench_tps
    print(f"ratio:   {ratio:8.2f}  (target >= {TARGET_RATIO})")
    print(f"books:   {check_books()}")


if __name__ == "__main__":
    main()
