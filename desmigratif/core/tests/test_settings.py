"""Settings read from the environment, checked in a fresh interpreter (the test settings override them)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _settings(**env: str) -> dict[str, str]:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'session': settings.SESSION_ENGINE, 'cache': settings.CACHES['default']['BACKEND']}))"
    )
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environ.update(DJANGO_SETTINGS_MODULE="desmigratif.settings", **env)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )
    found: dict[str, str] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize(
    ("env", "session", "cache"),
    [
        ({}, "django.contrib.sessions.backends.db", "django.core.cache.backends.locmem.LocMemCache"),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/0"},
            "django.contrib.sessions.backends.cached_db",
            "django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_sessions_are_read_from_the_cache_only_when_it_is_shared(env, session, cache):
    """With Redis, sessions are cached there and written through to the database; a per-process
    cache would keep a session ended in one worker alive in another's."""
    assert _settings(**env) == {"session": session, "cache": cache}
