"""The client address: X-Forwarded-For is trusted only as far as PROXY_COUNT says."""

import pytest
from django.test import RequestFactory

from desmigratif.core.net import client_ip


@pytest.fixture
def rf():
    return RequestFactory()


def test_without_a_proxy_the_header_is_ignored(rf, settings):
    settings.PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_last_entry_is_the_client_and_spoofed_entries_are_ignored(rf, settings):
    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_behind_two_proxies_the_second_entry_from_the_right(rf, settings):
    settings.PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"


def test_a_missing_or_short_header_falls_back_to_the_connection(rf, settings):
    settings.PROXY_COUNT = 2
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")) == "127.0.0.1"


@pytest.mark.django_db
def test_login_lockout_counts_per_forwarded_client_behind_a_proxy(client, settings, django_user_model):
    """Five failures from one client lock that client out; another client can still sign in."""
    settings.PROXY_COUNT = 1
    django_user_model.objects.create_user(username="pendamping_x", password="a-long-password-1")
    bad = {"username": "pendamping_x", "password": "wrong-password"}
    for _ in range(5):
        client.post("/accounts/login/", bad, HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="127.0.0.1")
    locked = client.post("/accounts/login/", bad, HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="127.0.0.1")
    assert locked.status_code == 429
    good = {"username": "pendamping_x", "password": "a-long-password-1"}
    other = client.post("/accounts/login/", good, HTTP_X_FORWARDED_FOR="198.51.100.8", REMOTE_ADDR="127.0.0.1")
    assert other.status_code == 302
