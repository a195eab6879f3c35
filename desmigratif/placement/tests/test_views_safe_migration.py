"""Public safe-migration pages: for anyone, from the rule tables, light and in Indonesian first."""

import datetime
import gzip
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from desmigratif.migration.models import Step
from desmigratif.placement.models import Job, MoratoriumList, ZeroCostJob

pytestmark = pytest.mark.django_db

PAGES = ["safe:index", "safe:steps", "safe:costs", "safe:moratorium", "safe:complain"]
QUERIES = {"safe:index": 0, "safe:steps": 2, "safe:costs": 2, "safe:moratorium": 3, "safe:complain": 0}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_without_an_account_in_a_few_queries(name, django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    # Light enough for a 3G phone: the HTML compresses to a few kilobytes.
    assert len(gzip.compress(response.content)) < 4_000
    # The title is text only: a tab, a bookmark or a share shows it.
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert title is not None and "<" not in title.group(1) and title.group(1).endswith(" · Desmigratif")


@pytest.mark.parametrize("name", PAGES)
def test_pages_answer_only_get(name):
    assert Client().post(reverse(name)).status_code == 405


def test_steps_page_lists_the_steps_before_departure_with_their_documents():
    body = Client().get(reverse("safe:steps")).content.decode()
    assert "Registrasi dan seleksi" in body and "Kartu keluarga (KK)" in body
    assert "Bekerja di luar negeri" not in body  # the step after departure is not a step to take
    Step.objects.filter(code="opp").update(valid_to=datetime.date(2020, 1, 1))
    assert "Orientasi Pra Pemberangkatan" not in Client().get(reverse("safe:steps")).content.decode()


def test_costs_page_shows_the_zero_cost_jobs_in_force():
    body = Client().get(reverse("safe:costs")).content.decode()
    assert "Awak kapal perikanan migran" in body and "Jasa perusahaan" in body
    assert "Operator" not in body
    ZeroCostJob.objects.filter(job=Job.objects.get(code="awak_kapal_perikanan_migran")).update(
        valid_to=datetime.date(2021, 1, 1)
    )
    assert "Awak kapal perikanan migran" not in Client().get(reverse("safe:costs")).content.decode()


def test_moratorium_page_lists_the_enforced_countries_by_name_and_the_spsk_exception():
    body = Client().get(reverse("safe:moratorium")).content.decode()
    assert "Arab Saudi" in body and "Yordania" in body
    assert "Pakistan" not in body  # only on the unconfirmed list
    assert "SPSK" in body and "Juru masak" in body
    MoratoriumList.objects.update(is_applied=False)
    assert "Yordania" not in Client().get(reverse("safe:moratorium")).content.decode()


def test_pages_are_complete_in_english_when_chosen():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("safe:moratorium")).content.decode()
    assert "Saudi Arabia" in body and "Closed countries" in body
    assert "Negara" not in body
