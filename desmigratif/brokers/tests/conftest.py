import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The public forms' rate limit counts in the cache; every test starts with none used."""
    cache.clear()
    yield
    cache.clear()
