"""CPU time per request of the pages bench/pages.py measures, in one process with one client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x uv run python bench/cpu.py --people 100000
    DATABASE_URL=… uv run python bench/cpu.py --only "people list,vacancies" -n 500 --profile

It reuses the database bench/pages.py builds (``desm_pages_<people>``; build it with
``bench/pages.py --build-only``), the same production settings, users and URLs, and sends each page
through Django's test client: no gunicorn, no network, no other client competing. For each page it
prints the process's CPU time per request (``time.process_time``), the mean of the fastest 80 % of
``-n`` requests after 20 warm-up requests, and the median. Under 16 clients on two cores the same
request costs more (both cores busy), so compare these figures with each other, not with pages.py's.

To compare two versions of the code, run each checkout's own copy in turn, alternating, on the
same database. ``--profile`` prints cProfile's functions by cumulative time (cProfile's own cost
inflates code that makes many small calls). Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402  (bench/pages.py, beside this file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--only", default="", help="only the pages whose name contains one of these (comma-separated)")
    parser.add_argument("-n", type=int, default=300, help="measured requests per page")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench/cpu.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    pages.configure(url, args.people)
    if pages.ensure_database(os.environ["DATABASE_URL"], rebuild=False):
        raise SystemExit(f"no database of {args.people:,} people: run bench/pages.py --build-only first")
    found = [pages.Target("bare Django view", "/bench/bare"), *pages.targets()]
    if args.only:
        found = [t for t in found if any(part in t.name for part in args.only.split(","))]

    from django.test import Client

    print(f"{args.people:,} people, one process, CPU ms per request")
    print(f"{'page':30} {'mean80':>7} {'median':>7}")
    for target in found:
        headers = {"Host": "127.0.0.1", "Accept-Language": "id", **target.headers()}
        client = Client()
        for _ in range(20):
            status = client.get(target.path, headers=headers).status_code
            if status != 200:
                raise SystemExit(f"{target.path}: HTTP {status}")
        profile = cProfile.Profile() if args.profile else None
        times = []
        for _ in range(args.n):
            began = time.process_time()
            if profile:
                profile.enable()
            client.get(target.path, headers=headers)
            if profile:
                profile.disable()
            times.append(time.process_time() - began)
        times.sort()
        fastest = times[: max(1, len(times) * 8 // 10)]
        print(f"{target.name:30} {statistics.mean(fastest) * 1000:7.2f} {statistics.median(times) * 1000:7.2f}")
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
