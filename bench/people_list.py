"""Benchmark of the people registry pages at programme scale. Prints figures; asserts nothing.

    uv run python bench/people_list.py --people 100000            # SQLite: var/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x uv run python bench/people_list.py --people 100000
                                                                   # PostgreSQL: database desm_bench

It builds (once, then reuses; ``--rebuild`` starts over) a separate benchmark database with all
regions and N demo people spread over the programme villages, then measures in-process server time
(Django test client, production settings), SQL queries per request and response sizes, for a
facilitator (one village), a regency officer (Kabupaten Malang) and national staff, and the weight
of a first and a repeat load of the people list. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "desm_bench"
SQLITE_FILE = ROOT / "var" / "bench.sqlite3"
# The bars of DESIGN.md ("The bars we hold ourselves to"), printed next to the figures.
BAR_MS_100K = 50.0  # and 100 ms at 1M people
BAR_QUERIES = 15
BAR_FIRST_LOAD_KB = 100.0
BAR_REPEAT_LOAD_KB = 20.0
USERS = [
    ("facilitator", "pendamping.brongkal"),
    ("regency officer", "disnaker.malang"),
    ("national staff", "nasional"),
]
SAMPLE_VILLAGE = "35.07.33.2006"  # Brongkal: inside every measured user's scope


def configure(database_url: str | None) -> str:
    """Point Django at the benchmark database with production settings (DEBUG off, manifest static)."""
    if database_url and database_url.startswith("postgres"):
        base, _sep, _name = database_url.rpartition("/")
        url = f"{base}/{BENCH_DB}"
    else:
        SQLITE_FILE.parent.mkdir(exist_ok=True)
        url = f"sqlite:///{SQLITE_FILE}"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DEMO_MODE": "true",
            "DESMIGRATIF_DEVDATA": "true",
            "DJANGO_SETTINGS_MODULE": "desmigratif.settings",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        }
    )
    return url


def ensure_database(url: str, rebuild: bool) -> None:
    if not url.startswith("postgres"):
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(people: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from desmigratif.devdata.generator import ensure_regions, seed_demo
    from desmigratif.people.models import Person

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    ensure_regions()
    print(f"migrate, static files and regions: {time.perf_counter() - started:.1f} s")
    have = Person.objects.count()
    if have >= people:
        note = "" if have == people else f" (more than --people {people}: use --rebuild for exactly that size)"
        print(f"database has {have:,} people; reusing it{note}")
    else:
        started = time.perf_counter()
        result = seed_demo(people=people, spread=True)
        print(
            f"generated {result.people_created:,} people in {result.households_created:,} households "
            f"in {time.perf_counter() - started:.1f} s"
        )
    with connection.cursor() as cursor:
        # Fresh statistics and visibility map, as autovacuum would leave them on a live server after a
        # bulk load (the benchmark's server may run with autovacuum off; counts need the visibility map
        # for index-only scans).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


@dataclass
class Row:
    median_ms: float
    sql_median_ms: float
    p95_ms: float
    queries: int
    raw_bytes: int
    gzip_bytes: int


def measure(client: Any, url: str, repeat: int) -> Row:
    """Warm up once, count the queries of one request, then time ``repeat`` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    # Counted on its own request: capturing forces the debug cursor, which would slow the timed ones.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Read now: the next request clears the connection's query log that captured_queries reads.
    queries = len(captured.captured_queries)
    timings, sql_timings = [], []
    sql_seconds = 0.0

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal sql_seconds
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            sql_seconds = 0.0
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            sql_timings.append(sql_seconds * 1000)
    timings.sort()
    return Row(
        median_ms=statistics.median(timings),
        sql_median_ms=statistics.median(sql_timings),
        p95_ms=timings[max(0, -(-len(timings) * 95 // 100) - 1)],  # nearest rank
        queries=queries,
        raw_bytes=len(response.content),
        gzip_bytes=len(gzip.compress(response.content)),
    )


class _Assets(HTMLParser):
    """The static files a page loads: stylesheets, scripts and the icon."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        elif tag == "link" and a.get("href") and (a.get("rel") or "") in ("stylesheet", "icon"):
            self.urls.append(a["href"] or "")


def page_weight(client: Any, path: str) -> None:
    """First load: HTML plus every asset the page names, as served gzip-compressed; repeat: what is not cached."""
    html = client.get(path).content
    html_gz = len(gzip.compress(html))
    parser = _Assets()
    parser.feed(html.decode())
    first = html_gz
    repeat = html_gz
    print(f"\nweight of {path} for the facilitator (gzip, as sent to a browser that accepts gzip):")
    print(f"  {'HTML':<52} {html_gz / 1024:>6.1f} KB  (not cached)")
    for url in parser.urls:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        size = len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
        cache = response.get("Cache-Control", "")
        cached = "immutable" in cache or "max-age=31536000" in cache
        first += size
        repeat += 0 if cached else size
        print(f"  {url:<52} {size / 1024:>6.1f} KB  ({cache or 'no Cache-Control'})")
    print(f"first load: {first / 1024:.1f} KB in {1 + len(parser.urls)} requests (bar ≤ {BAR_FIRST_LOAD_KB:.0f} KB)")
    print(f"repeat load: {repeat / 1024:.1f} KB in 1 request (bar ≤ {BAR_REPEAT_LOAD_KB:.0f} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000, help="size of the population (default 100,000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page and user (default 30)")
    parser.add_argument("--rebuild", action="store_true", help="drop the benchmark database and build it again")
    args = parser.parse_args()
    url = configure(os.environ.get("DATABASE_URL"))
    ensure_database(url, args.rebuild)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from desmigratif.accounts.models import User
    from desmigratif.accounts.services import api_token_create
    from desmigratif.people.models import Person

    build(args.people)
    total = Person.objects.count()
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, people: {total:,}, "
        f"repeat: {args.repeat}, DEBUG={settings.DEBUG}"
    )
    sample = Person.objects.filter(domicile_village_id=SAMPLE_VILLAGE).order_by("id").first()
    if sample is None:
        raise SystemExit(f"no demo person in {SAMPLE_VILLAGE}")
    cases = [
        ("list", "/people/"),
        ("list, page 5", "/people/?page=5"),
        ("name search", "/people/?q=siti"),
        ("NIK prefix search", f"/people/?q={sample.nik[:10]}"),
        ("status filter", "/people/?migrant_status=abroad"),
        ("detail", f"/people/{sample.pk}/"),
        ("API list", "/api/v1/people/"),
    ]
    header = (
        f"{'user':<16} {'page':<18} {'median ms':>9} {'p95 ms':>7} {'SQL ms':>6} {'queries':>7} {'bytes':>7} "
        f"{'gzip':>6}  bar"
    )
    print()
    print(header)
    print("-" * len(header))
    bar_ms = BAR_MS_100K if total < 1_000_000 else 2 * BAR_MS_100K
    missed = 0
    for label, username in USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        _token, key = api_token_create(user=user, name="bench", read_only=True, actor=user)
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        for page, path in cases:
            row = measure(api if path.startswith("/api/") else client, path, args.repeat)
            over = [
                *([f"p95 > {bar_ms:.0f} ms"] if row.p95_ms > bar_ms else []),
                *([f"> {BAR_QUERIES} queries"] if row.queries > BAR_QUERIES else []),
            ]
            missed += bool(over)
            print(
                f"{label:<16} {page:<18} {row.median_ms:>9.1f} {row.p95_ms:>7.1f} {row.sql_median_ms:>6.1f} "
                f"{row.queries:>7} "
                f"{row.raw_bytes:>7} {row.gzip_bytes:>6}  {', '.join(over) or 'ok'}"
            )
    print(f"\n{missed} of {len(USERS) * len(cases)} rows over a bar (p95 ≤ {bar_ms:.0f} ms, ≤ {BAR_QUERIES} queries)")
    client = Client()
    client.force_login(User.objects.get(username=USERS[0][1]))
    page_weight(client, "/people/")


if __name__ == "__main__":
    main()
