"""The facilitator lists and the overdue reports download as XLSX and CSV from their pages
(``?format=``), with the page's filters and scope: the same rows as the page, never another area's."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login, make_user
from desmigratif.core.testing import download_rows, table_of
from desmigratif.facilitators import selectors, services
from desmigratif.facilitators.tests.conftest import appointed, start_report, visit

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 4, 20, 3, tzinfo=datetime.UTC)  # March's report was due on 10 April
FEB = datetime.date(2026, 2, 1)
EN = {"accept-language": "en"}


@pytest.fixture
def other_officer(regions):
    return make_user("disnaker_wonosobo", "regency_officer", "33.07")


@pytest.fixture
def listed(pendamping_a, pendamping_b, person_a):
    visit(pendamping_a, datetime.date(2026, 2, 3), people=[person_a], notes="Kunjungan rumah Siti Aminah")
    with time_machine.travel(datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC), tick=False):
        services.report_submit(report_=start_report(pendamping_a, FEB), actor=pendamping_a.user)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_each_list_downloads_in_both_formats_with_the_page_rows(client, listed, regency_officer, fmt):
    login(client, regency_officer)
    rows = download_rows(client.get(reverse("facilitators:list"), {"format": fmt}), fmt, "pendamping-2026-04-20")
    assert rows[0][:4] == ["ID", "Nama", "Kode desa", "Desa"]  # Indonesian by default
    assert sorted(r[1] for r in rows[1:]) == ["Budi Santoso", "Sri Rahayu"]
    rows = download_rows(
        client.get(reverse("facilitators:list"), {"village": VILLAGE_A, "format": fmt}), fmt, "pendamping-2026-04-20"
    )
    assert [r[1] for r in rows[1:]] == ["Sri Rahayu"]  # the page's village filter

    rows = download_rows(client.get(reverse("facilitators:visits"), {"format": fmt}), fmt, "kunjungan-2026-04-20")
    visit_row = dict(zip(rows[0], rows[1], strict=False))
    assert len(rows) == 2 and visit_row["Jenis"] == "Kunjungan rumah" and visit_row["Kode desa"] == VILLAGE_A
    assert visit_row["Tanggal"] in ("2026-02-03", datetime.datetime(2026, 2, 3))

    rows = download_rows(
        client.get(reverse("facilitators:reports"), {"format": fmt}, headers=EN), fmt, "laporan-bulanan-2026-04-20"
    )
    assert rows[0][:5] == ["ID", "Month", "Village code", "Village", "Status"]  # the reader's language
    assert [r[1:5] for r in rows[1:]] == [["2026-02", VILLAGE_A, "Brongkal", "Submitted"]]


@time_machine.travel(TODAY, tick=False)
def test_a_facilitator_downloads_only_their_village(client, listed, pendamping_b):
    login(client, pendamping_b.user)
    for name in ("facilitators:list", "facilitators:visits", "facilitators:reports"):
        body = client.get(reverse(name), {"format": "csv"}).content.decode("utf-8-sig")
        assert "Sri Rahayu" not in body and "Siti Aminah" not in body and VILLAGE_A not in body, name


def test_an_unknown_format_is_not_found_and_the_old_xlsx_urls_redirect(client, regency_officer):
    login(client, regency_officer)
    assert client.get(reverse("facilitators:list"), {"format": "pdf"}).status_code == 404
    response = client.get("/facilitators/visits/export.xlsx?kind=home_visit")
    assert response.status_code == 301
    assert response["Location"] == reverse("facilitators:visits") + "?kind=home_visit&format=xlsx"


def test_the_pages_link_both_formats_with_their_filters(client, regency_officer):
    login(client, regency_officer)
    body = client.get(reverse("facilitators:visits"), {"village": VILLAGE_A, "page": "2"}).content.decode()
    assert f'href="?village={VILLAGE_A}&amp;format=xlsx"' in body
    assert f'href="?village={VILLAGE_A}&amp;format=csv"' in body
    body = client.get(reverse("facilitators:overdue"), {"regency": "35.07"}).content.decode()
    assert 'href="?regency=35.07&amp;format=csv"' in body


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_overdue_reports_download_as_the_page_shows_them(
    client, settings, pendamping_a, pendamping_b, regency_officer, other_officer, ministry_staff, fmt
):
    appointed(other_officer, VILLAGE_C, "Wati Lestari", "wati.lestari")
    settings.FACILITATOR_REPORT_DUE_DAYS = 10
    with time_machine.travel(datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC), tick=False):
        services.report_submit(report_=start_report(pendamping_a, FEB), actor=pendamping_a.user)
    with time_machine.travel(TODAY, tick=False):
        # The nation: counted per regency, as the page's table.
        login(client, ministry_staff)
        response = client.get(reverse("facilitators:overdue"), {"format": fmt}, headers=EN)
        rows = download_rows(response, fmt, "laporan-terlambat-kabupaten-2026-04-20")
        assert rows[0] == ["Overdue reports per regency"]
        table = table_of(rows, "Regency code")
        assert [(r["Regency"], str(r["Overdue reports"]), str(r["Villages"])) for r in table] == [
            ("Kabupaten Malang", "5", "2"),
            ("Kabupaten Wonosobo", "3", "1"),
        ]
        # One regency of it: the reports themselves, every page of them.
        settings.PAGE_SIZE = 2
        response = client.get(reverse("facilitators:overdue"), {"regency": "35.07", "format": fmt}, headers=EN)
        table = table_of(download_rows(response, fmt, "laporan-terlambat-35.07-2026-04-20"), "Village code")
        assert len(table) == 5 and {r["Village code"] for r in table} == {VILLAGE_A, VILLAGE_B}
        assert {r["Status"] for r in table} == {"not started"}
        # A regency officer gets their regency's list; another regency's officer none of it.
        login(client, regency_officer)
        response = client.get(reverse("facilitators:overdue"), {"format": fmt})
        table = table_of(download_rows(response, fmt, "laporan-terlambat-2026-04-20"), "Kode desa")
        assert len(table) == 5 and VILLAGE_C not in {r["Kode desa"] for r in table}
        login(client, other_officer)
        response = client.get(reverse("facilitators:overdue"), {"format": fmt})
        table = table_of(download_rows(response, fmt, "laporan-terlambat-2026-04-20"), "Kode desa")
        assert {r["Kode desa"] for r in table} == {VILLAGE_C}
        assert client.get(reverse("facilitators:overdue"), {"regency": "35.07", "format": fmt}).status_code == 404


def _queries(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_download_reads_a_fixed_number_of_queries_whatever_its_rows(
    client, listed, pendamping_a, person_a, regency_officer, fmt
):
    login(client, regency_officer)
    pages = [reverse("facilitators:list"), reverse("facilitators:visits"), reverse("facilitators:reports")]
    before = [_queries(client, url, {"format": fmt}) for url in pages]
    for day in (4, 5, 6):
        visit(pendamping_a, datetime.date(2026, 2, day), people=[person_a])
    for month in (datetime.date(2026, 1, 1), datetime.date(2025, 12, 1)):
        start_report(pendamping_a, month)
    assert [_queries(client, url, {"format": fmt}) for url in pages] == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_overdue_download_reads_a_fixed_number_of_queries_whatever_its_rows(
    client, settings, pendamping_a, regency_officer, other_officer, ministry_staff, fmt
):
    settings.FACILITATOR_REPORT_DUE_DAYS = 10
    appointed(other_officer, VILLAGE_C, "Wati Lestari", "wati.lestari")  # two regencies: counted per regency
    login(client, ministry_staff)
    url = reverse("facilitators:overdue")
    with time_machine.travel(TODAY, tick=False):
        # The nation's download (per regency) and one regency's (its reports).
        before = [_queries(client, url, {"format": fmt}), _queries(client, url, {"regency": "35.07", "format": fmt})]
        overdue = len(selectors.overdue_reports(ministry_staff))
        appointed(regency_officer, VILLAGE_B, "Budi Santoso", "budi.santoso")
        start_report(pendamping_a, FEB)  # a draft is still overdue, now with its report
        assert len(selectors.overdue_reports(ministry_staff)) > overdue
        after = [_queries(client, url, {"format": fmt}), _queries(client, url, {"regency": "35.07", "format": fmt})]
    assert after == before
