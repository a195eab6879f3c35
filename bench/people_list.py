"""Benchmark of the people registry pages at programme scale. Prints figures; asserts nothing.

    uv run python bench/people_list.py --people 100000            # SQLite: var/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x uv run python bench/people_list.py --people 100000
                                                                   # PostgreSQL: database desm_bench

It builds (once, then reuses) a separate benchmark database with all regions and N demo people
spread over the programme villages, then measures in-process server time (Django test client,
production settings), SQL queries per request and response sizes, for a facilitator (one village),
a regency officer (Kabupaten Malang) and national staff.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url: str | None) -> str:
    if database_url and database_url.startswith("postgres"):
        base, _sep, _name = database_url.rpartition("/")
        url = f"{base}/desm_bench"
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        url = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
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


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(people: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from desmigratif.devdata.generator import seed_demo
    from desmigratif.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    have = Person.objects.count()
    if have >= people:
        print(f"database has {have} people; reusing it")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    started = time.perf_counter()
    result = seed_demo(people=people, spread=True)
    print(
        f"generated {result.people_created} people, {result.households_created} households "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would have them on a live server after a bulk load.
        cursor.execute("ANALYZE")


def measure(client: Any, url: str, repeat: int) -> dict[str, Any]:
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "queries": len(executed),
        "bytes": len(response.content),
        "gzip_bytes": len(gzip.compress(response.content)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = configure(os.environ.get("DATABASE_URL"))
    ensure_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.db import connection
    from django.test import Client

    from desmigratif.accounts.models import User
    from desmigratif.people.models import Person

    build(args.people)
    print(f"database: {connection.vendor}, people: {Person.objects.count()}, repeat: {args.repeat}")
    sample = Person.objects.filter(domicile_village_id="35.07.33.2006").order_by("id").first()
    assert sample is not None
    cases = [
        ("list", "/people/"),
        ("search name", "/people/?q=siti"),
        ("search NIK prefix", f"/people/?q={sample.nik[:10]}"),
        ("filter status", "/people/?migrant_status=abroad"),
        ("list page 5", "/people/?page=5"),
        ("detail", f"/people/{sample.pk}/"),
        ("API list", "/api/v1/people/"),
    ]
    header = f"{'user':<22} {'page':<18} {'median ms':>9} {'p95 ms':>8} {'queries':>7} {'KB':>6} {'KB gz':>6}"
    print(header)
    print("-" * len(header))
    from desmigratif.accounts.services import api_token_create

    for username in ("pendamping.brongkal", "disnaker.malang", "nasional"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        _token, key = api_token_create(user=user, name="bench", read_only=True, actor=user)
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        for label, path in cases:
            row = measure(api if path.startswith("/api/") else client, path, args.repeat)
            print(
                f"{username:<22} {label:<18} {row['median_ms']:>9.1f} {row['p95_ms']:>8.1f} {row['queries']:>7} "
                f"{row['bytes'] / 1024:>6.1f} {row['gzip_bytes'] / 1024:>6.1f}"
            )
    client = Client()
    client.force_login(User.objects.get(username="pendamping.brongkal"))
    html = gzip.compress(client.get("/people/").content)
    assets = 0
    for asset in ("css/app.css", "vendor/htmx-2.0.11.min.js", "favicon.svg"):
        found = finders.find(asset)
        assert isinstance(found, str), asset
        assets += len(gzip.compress(Path(found).read_bytes()))
    print(f"\nfirst load of the people list (HTML + CSS + JS + icon, gzip): {(len(html) + assets) / 1024:.1f} KB")
    print(f"repeat load (HTML only; static files cached for a year): {len(html) / 1024:.1f} KB")
    print(f"settings.DEBUG={settings.DEBUG}")


if __name__ == "__main__":
    main()
