"""Latency and throughput of the main scoped pages under concurrent clients, at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x uv run python bench/pages.py --people 1000000
    DATABASE_URL=… uv run python bench/pages.py --people 100000 --dashboard-sizes 100000,1000000

It builds (once per size, then reuses; ``--rebuild`` starts over) a PostgreSQL database
``desm_pages_<people>`` with ``manage.py seed_national`` (programme villages, people, cases, a
cooperative per village with members and a savings journal of people × 10 lines, agencies with
people ÷ 200 vacancies, indicator rollups), starts gunicorn on it with production settings (DEBUG
off, manifest static files), and sends GET requests over ``--clients`` connections from wrk
(``apt-get install wrk``) for ``--seconds`` per page: people list and search, a person, cases list
and a case, vacancies, a cooperative's members, the API lists, the national and a regency dashboard,
and in the same run a bare Django view (``bench/bench_urls.py``) whose throughput the pages are
divided by, and two floors that are not pages of the application: a signed-in request that only
reads the session, the user and their roles, and the base template around an empty page (what every
page costs before its own work). With ``--dashboard-sizes`` it measures the national dashboard on
each size's database too. Prints figures against the bars of issue 6; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PORT = 8765
BAR_PAGE_P95_MS = 100.0
BAR_DASHBOARD_P95_MS = 300.0
BAR_GROWTH = 1.5
BAR_RATIO = 0.4
VILLAGE = "35.07.33.2006"  # Brongkal, a pilot village: inside each measured user's scope


def configure(database_url: str, people: int) -> str:
    base, _sep, _name = database_url.rpartition("/")
    url = f"{base}/desm_pages_{people}"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "DEMO_MODE": "true",
            "DESMIGRATIF_DEVDATA": "true",
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "LOG_LEVEL": "WARNING",
            # Production with several workers needs a shared cache (docs/production.md); database
            # 15 of the local Redis, or BENCH_REDIS_URL.
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        }
    )
    return url


def ensure_database(url: str, rebuild: bool) -> bool:
    """Create the database when missing; True when it must be filled."""
    import psycopg

    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


MANAGE = [sys.executable, str(ROOT / "manage.py")]


def update() -> None:
    """Migrate (a reused database may predate the newest migrations) and collect static files."""
    subprocess.run([*MANAGE, "migrate", "--noinput", "-v0"], check=True)  # noqa: S603
    subprocess.run([*MANAGE, "collectstatic", "--noinput", "-v0"], check=True)  # noqa: S603


def build(people: int, villages: int) -> None:
    started = time.perf_counter()
    update()
    subprocess.run(  # noqa: S603
        [
            *MANAGE,
            "seed_national",
            f"--villages={villages}",
            f"--people={people}",
            f"--cases={people // 5}",
            f"--journal-lines={people * 10}",
        ],
        check=True,
    )
    print(f"built in {time.perf_counter() - started:.0f} s")


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    cookie: str = ""
    bearer: str = ""
    dashboard: bool = False
    floor: bool = False  # not a page of the application: no bar applies

    def headers(self) -> dict[str, str]:
        """The user's credentials: the session cookie of a page, the API token of an API list."""
        found = {}
        if self.cookie:
            found["Cookie"] = self.cookie
        if self.bearer:
            found["Authorization"] = f"Bearer {self.bearer}"
        return found


def targets() -> list[Target]:
    """Sessions and API tokens for the measured users, and the URLs to request (made in this process)."""
    import dj_database_url
    import django

    django.setup()
    from django.db import connections

    # One process measures several sizes: point the connection at this size's database.
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    from desmigratif.accounts.models import User
    from desmigratif.accounts.services import api_token_create
    from desmigratif.cooperatives.models import Cooperative
    from desmigratif.migration.models import MigrationCase
    from desmigratif.people.models import Person

    def cookie(username: str) -> str:
        user = User.objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"sessionid={session.session_key}"

    def bearer(username: str) -> str:
        user = User.objects.get(username=username)
        return api_token_create(user=user, name="bench", read_only=True, actor=user)[1]

    regency, national = cookie("disnaker.malang"), cookie("nasional")
    person = Person.objects.filter(domicile_village_id=VILLAGE).order_by("id").first()
    case = MigrationCase.objects.filter(village_id=VILLAGE).order_by("id").first()
    cooperative = Cooperative.objects.filter(village_id=VILLAGE).order_by("id").first()
    api = bearer("disnaker.malang")
    found = [
        Target("floor: signed in (regency)", "/bench/signed-in", regency, floor=True),
        Target("floor: base page (regency)", "/bench/chrome", regency, floor=True),
        Target("people list (regency)", "/people/", regency),
        Target("people search (regency)", "/people/?q=siti", regency),
        Target("cases list (regency)", "/cases/", regency),
        Target("vacancies (regency)", "/vacancies/", regency),
        Target("API people (regency)", "/api/v1/people/", bearer=api),
        Target("API cases (regency)", "/api/v1/cases/", bearer=api),
        Target("API vacancies (regency)", "/api/v1/vacancies/", bearer=api),
        Target("dashboard: nation", "/monitoring/?region=", national, dashboard=True),
        Target("dashboard: regency", "/monitoring/?region=35.07", regency, dashboard=True),
    ]
    if person is not None:
        found.insert(2, Target("person page (regency)", f"/people/{person.pk}/", regency))
    if case is not None:
        found.insert(4, Target("case page (regency)", f"/cases/{case.pk}/", regency))
    if cooperative is not None:
        found.append(Target("members (regency)", f"/cooperatives/{cooperative.pk}/members/", regency))
        found.append(Target("API members (regency)", f"/api/v1/cooperatives/{cooperative.pk}/members/", bearer=api))
    return found


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _ticks(pid: int, *, children: bool) -> tuple[int, int]:
    """(ppid, CPU ticks) of a process from /proc: its own time, plus its reaped children's."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return -1, 0
    own = int(fields[11]) + int(fields[12])  # utime, stime
    return int(fields[1]), own + (int(fields[13]) + int(fields[14]) if children else 0)  # cutime, cstime


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn master and its workers, by PostgreSQL, and by the load generator.

    Linux only. PostgreSQL is every process named ``postgres`` (it is on the same machine here); the
    masters' reaped children count too, so a worker or backend that exits during a run is not lost.
    """
    server = postgres = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if pid == server_pid:
            server += _ticks(pid, children=True)[1]
        elif comm == "postgres":
            postgres += _ticks(pid, children=True)[1]
        else:
            ppid, ticks = _ticks(pid, children=False)
            if ppid == server_pid:
                server += ticks
    # The load generator: wrk, a child of this process, counts once it has exited (reaped).
    client = os.times()
    return {
        "server": server / CLOCK_TICKS,
        "postgres": postgres / CLOCK_TICKS,
        "client": client.children_user + client.children_system,
    }


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per part during the run

    def cpu_ms(self, part: str) -> float:
        """Milliseconds of CPU per request spent in one part (server, postgres, client)."""
        return self.cpu.get(part, 0.0) * 1000 / max(self.requests, 1)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"


def hammer(target: Target, clients: int, seconds: float, server_pid: int = 0) -> Result:
    """``clients`` connections sending ``target`` one GET after another for ``seconds``, from wrk.

    The load comes from wrk (C, one event loop per thread), not from Python threads: on the two
    cores the server shares with it, 16 Python clients took CPU from the server and timed each
    answer only once the GIL let them read it (bench/README.md, eighth session).
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("bench/pages.py needs wrk: apt-get install wrk")
    command = [wrk, "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{max(1, round(seconds))}s"]
    command += ["--timeout", "30s", "-s", str(WRK_SCRIPT)]
    for name, value in {"Host": "127.0.0.1", "Accept-Language": "id", **target.headers()}.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{PORT}{target.path}")
    before = cpu_seconds(server_pid) if server_pid else {}
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    after = cpu_seconds(server_pid) if server_pid else {}
    line = next((x for x in out.splitlines() if x.startswith("wrk ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no report:\n{out}")
    requests, micros, errors, p50, p95 = (int(x) for x in line.split()[1:])
    return Result(requests, errors, micros / 1e6, p50 / 1000, p95 / 1000, {k: after[k] - before[k] for k in after})


class Server:
    def __init__(self, workers: int) -> None:
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603
            [
                gunicorn,
                "desmigratif.wsgi:application",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
                conn.request("GET", "/bench/bare", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def report(name: str, result: Result, bare: Result | None, *, dashboard: bool = False, floor: bool = False) -> None:
    ratio = f"{result.throughput / bare.throughput:5.2f}" if bare else "    —"
    p95 = result.p95_ms
    verdict = ""
    if bare is not None and not floor:
        # The latency bar holds for every page; the throughput ratio is the bar of list pages only.
        bar_ms = BAR_DASHBOARD_P95_MS if dashboard else BAR_PAGE_P95_MS
        verdict = "p95 " + ("ok" if p95 <= bar_ms else "MISS")
        if not dashboard:
            verdict += ", ratio " + ("ok" if result.throughput / bare.throughput >= BAR_RATIO else "MISS")
    cpu = " ".join(f"{result.cpu_ms(part):6.2f}" for part in ("server", "postgres", "client"))
    print(
        f"{name:28} {result.p50_ms:7.1f} {p95:7.1f} {result.throughput:8.1f} {ratio}"
        f" {result.errors:6d} {cpu}  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--villages", type=int, default=500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--dashboard-sizes", default="")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the databases, measure nothing")
    parser.add_argument("--only", default="", help="only the pages whose name contains one of these (comma-separated)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench/pages.py measures PostgreSQL: set DATABASE_URL=postgres://…")

    sizes = [args.people, *(int(s) for s in args.dashboard_sizes.split(",") if s and int(s) != args.people)]
    dashboards: dict[int, Result] = {}
    for people in sizes:
        configure(url, people)
        if ensure_database(os.environ["DATABASE_URL"], args.rebuild):
            build(people, args.villages)
        else:
            update()
        if args.build_only:
            continue
        found = targets() if people == args.people else [t for t in targets() if t.name == "dashboard: nation"]
        if args.only:
            found = [t for t in found if any(part in t.name for part in args.only.split(","))]
        server = Server(args.workers)
        try:
            print(f"\n{people:,} people: {args.clients} clients, {args.seconds:.0f} s per page, {args.workers} workers")
            print(
                f"{'page':28} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>8} {'÷bare':>5} {'errors':>6}"
                f" {'server':>6} {'pg':>6} {'client':>6}  (the last three: CPU ms per request)"
            )
            pid = server.process.pid
            bare = hammer(Target("bare", "/bench/bare"), args.clients, args.seconds, pid)
            report("bare Django view", bare, None)
            for target in found:
                hammer(target, 2, 1)  # warm the workers' caches and connections
                result = hammer(target, args.clients, args.seconds, pid)
                report(target.name, result, bare, dashboard=target.dashboard, floor=target.floor)
                if target.name == "dashboard: nation":
                    dashboards[people] = result
        finally:
            server.stop()
    if len(dashboards) > 1:
        small, large = min(dashboards), max(dashboards)
        growth = dashboards[large].p95_ms / max(dashboards[small].p95_ms, 0.001)
        verdict = "ok" if growth <= BAR_GROWTH else "MISS"
        print(f"\nnational dashboard p95, {small:,} → {large:,} people: ×{growth:.2f} (bar ×{BAR_GROWTH})  {verdict}")


if __name__ == "__main__":
    main()
