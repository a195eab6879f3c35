"""The one guard of the public forms: the shared rate limit and the honeypot."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from desmigratif.brokers.models import BrokerReport
from desmigratif.complaints.models import Complaint
from desmigratif.core.public_forms import villages_matching


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_village_search_finds_by_name_prefix_or_code(regions):
    assert [v.code for v in villages_matching("brong")] == ["35.07.33.2006"]
    assert [v.code for v in villages_matching("35.07.11.2008")] == ["35.07.11.2008"]
    assert villages_matching("br") == []


@override_settings(PUBLIC_FORM_RATE="3/h")
def test_the_rate_limit_is_shared_by_both_public_forms_and_refuses_the_next_post_with_429(client, regions):
    for _ in range(2):
        client.post(reverse("complaint_submit"), {"village": ""})
    client.post(reverse("broker_report"), {"village": ""})
    refused = client.post(reverse("broker_report"), {"village": "35.07.33.2006", "broker_name": "Pak X"})
    assert refused.status_code == 429
    assert "Terlalu banyak kiriman" in refused.content.decode()
    assert client.post(reverse("complaint_submit"), {}).status_code == 429
    # Reading the forms is never limited.
    assert client.get(reverse("complaint_submit")).status_code == 200
    assert not Complaint.objects.exists() and not BrokerReport.objects.exists()


@override_settings(PUBLIC_FORM_RATE="3/h")
def test_the_limit_counts_per_client_address(client, regions):
    for _ in range(3):
        client.post(reverse("broker_report"), {}, REMOTE_ADDR="10.0.0.1")
    assert client.post(reverse("broker_report"), {}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(reverse("broker_report"), {}, REMOTE_ADDR="10.0.0.2").status_code == 400


def test_the_village_search_answers_htmx_with_the_choices_only(client, regions):
    response = client.get(reverse("complaint_submit"), {"desa": "arjo"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="35.07.11.2008"' in body and "<html" not in body
    full = client.get(reverse("broker_report"), {"desa": "arjo"}).content.decode()
    assert 'value="35.07.11.2008"' in full and "<html" in full


@override_settings(PUBLIC_FORM_RATE="3/h", PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_counts_per_forwarded_client(client, regions):
    for _ in range(3):
        client.post(reverse("broker_report"), {}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    over = client.post(reverse("broker_report"), {}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert over.status_code == 429
    other = client.post(reverse("broker_report"), {}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 400
