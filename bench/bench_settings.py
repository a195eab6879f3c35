"""Settings of the page benchmark: the production settings, plus one bare view (bench/bench_urls.py)."""

from desmigratif.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
