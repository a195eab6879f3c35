"""The printable programme report: who may ask for which region, the task's progress, the PDF."""

import datetime
import re
import zlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login
from desmigratif.accounts.models import RoleAssignment
from desmigratif.core.testing import assert_access
from desmigratif.lib.months import month_start
from desmigratif.monitoring import services
from desmigratif.monitoring.models import Indicator, ProgrammeReport, Rollup
from desmigratif.monitoring.report import programme_pdf

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:reports")
THIS_MONTH = month_start(timezone.localdate())


@pytest.fixture
def figures(regions):
    served = Indicator.objects.get(code="prospective_served")
    for village, value in ((VILLAGE_A, 3), (VILLAGE_B, 9), (VILLAGE_C, 20)):
        Rollup.objects.create(village_id=village, month=THIS_MONTH, indicator=served, value=value)
    # Small at every level, the nation's included: hidden from partners.
    complaints = Indicator.objects.get(code="complaints_received")
    Rollup.objects.create(village_id=VILLAGE_A, month=THIS_MONTH, indicator=complaints, value=2)


def text(data: bytes) -> str:
    """The strings drawn on the pages (fpdf2 writes each as ``(text) Tj`` in a deflated stream)."""
    assert data.startswith(b"%PDF")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    pages = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
    return "\n".join(m.decode("latin-1") for m in re.findall(rb"\((.*?)\) Tj", pages))


def cell_after(content: str, label: str) -> str:
    """The cell drawn right after the first one reading ``label`` (a scorecard row's figure)."""
    lines = content.split("\n")
    return lines[lines.index(label) + 1]


def ask(client, user, region, lang="en", **period):
    data = {"region": region, "start": f"{THIS_MONTH:%Y-%m}", "end": f"{THIS_MONTH:%Y-%m}", **period}
    return login(client, user).post(URL, data, headers={"accept-language": lang})


def test_a_report_is_built_in_the_background_and_downloaded_by_its_requester(
    client, figures, ministry_staff, regency_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, ministry_staff, "")
    report = ProgrammeReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:report", args=[report.pk])
    assert (report.status, report.progress, report.region_name, report.suppress) == ("done", 100, "Indonesia", False)
    page = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()
    assert "Download the PDF" in page and "hx-trigger" not in page  # finished: no more polling
    pdf = client.get(reverse("monitoring:report_file", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    content = text(b"".join(pdf.streaming_content))
    assert "programme report" in content and "Prospective workers served" in content
    assert "32" in content  # the nation adds up its villages
    # Only its requester sees it or its file.
    assert_access(client, reverse("monitoring:report", args=[report.pk]), not_found=[regency_officer])
    assert_access(client, reverse("monitoring:report_file", args=[report.pk]), not_found=[regency_officer])


def test_the_report_is_in_the_language_of_whoever_asked(client, figures, ministry_staff):
    report = ProgrammeReport.objects.create(
        requested_by=ministry_staff, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH, language="id"
    )
    content = text(programme_pdf(report, lambda percent: None))
    assert "Desa Migran Produktif: laporan program" in content and "programme report" not in content


def test_progress_is_written_as_the_parts_are_done(figures, ministry_staff):
    report = ProgrammeReport.objects.create(
        requested_by=ministry_staff, region_code="35.07", region_name="Malang", start=THIS_MONTH, end=THIS_MONTH
    )
    seen: list[int] = []
    data = programme_pdf(report, seen.append)
    assert data.startswith(b"%PDF") and seen == sorted(seen) and seen[-1] == 100 and len(seen) >= 4


def test_the_build_writes_its_progress_on_the_report(figures, ministry_staff, monkeypatch):
    report = ProgrammeReport.objects.create(
        requested_by=ministry_staff, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH
    )
    during: list[tuple[str, int]] = []

    def build(report, progress):
        progress(40)
        during.append(ProgrammeReport.objects.values_list("status", "progress").get(pk=report.pk))
        return b"%PDF-1.3 test"

    monkeypatch.setattr("desmigratif.monitoring.report.programme_pdf", build)
    services.report_build(report.pk)
    report.refresh_from_db()
    assert during == [("running", 40)]
    assert (report.status, report.progress) == ("done", 100) and report.file.read() == b"%PDF-1.3 test"
    # A retried task does not build a finished report again.
    services.report_build(report.pk)
    assert len(during) == 1


def test_the_status_part_polls_until_the_report_is_finished(client, figures, ministry_staff):
    report = ProgrammeReport.objects.create(
        requested_by=ministry_staff,
        region_name="Indonesia",
        start=THIS_MONTH,
        end=THIS_MONTH,
        status="running",
        progress=40,
    )
    url = reverse("monitoring:report", args=[report.pk])
    part = login(client, ministry_staff).get(url, headers={"HX-Request": "true"}).content.decode()
    assert '<progress max="100" value="40"' in part and 'hx-trigger="every 2s"' in part and "<html" not in part
    assert client.get(reverse("monitoring:report_file", args=[report.pk])).status_code == 404  # not ready


def test_a_partner_gets_small_counts_suppressed(client, figures, partner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, partner, "")
    report = ProgrammeReport.objects.get()
    assert report.suppress
    response = client.get(reverse("monitoring:report_file", args=[report.pk]))
    content = text(b"".join(response.streaming_content))
    assert "fewer than 5 people are not shown" in content
    # The nation's 2 complaints are a small count: the row shows the marker, not the number.
    assert cell_after(content, "Complaints received") == "fewer than 5"
    assert cell_after(content, "Prospective workers served") == "32"
    # Without suppression the same report shows the number in that row.
    unsuppressed = ProgrammeReport.objects.create(
        requested_by=partner, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH, language="en"
    )
    assert cell_after(text(programme_pdf(unsuppressed, lambda percent: None)), "Complaints received") == "2"


def test_a_report_is_claimed_once(figures, ministry_staff, monkeypatch):
    report = ProgrammeReport.objects.create(
        requested_by=ministry_staff, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH
    )
    builds: list[int] = []

    def build(report, progress):
        builds.append(report.pk)
        # The same task delivered twice: the second run finds the report claimed and does nothing.
        again = services.report_build(report.pk)
        assert again.status == "running"
        return b"%PDF-1.3 test"

    monkeypatch.setattr("desmigratif.monitoring.report.programme_pdf", build)
    services.report_build(report.pk)
    report.refresh_from_db()
    assert builds == [report.pk] and report.status == "done"


def test_a_failed_build_is_recorded(figures, ministry_staff, monkeypatch):
    report = ProgrammeReport.objects.create(
        requested_by=ministry_staff, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH
    )

    def broken(report, progress):
        raise RuntimeError("disk full")

    monkeypatch.setattr("desmigratif.monitoring.report.programme_pdf", broken)
    services.report_build(report.pk)
    report.refresh_from_db()
    assert report.status == "failed" and report.finished_at is not None and not report.file


def test_who_may_ask_for_which_region(client, figures, ministry_staff, regency_officer, facilitator_a, partner):
    assert_access(client, URL + "?region=", allowed=[ministry_staff, partner], not_found=[regency_officer])
    assert_access(client, URL + "?region=35.07", allowed=[regency_officer], not_found=[facilitator_a])
    assert ask(client, regency_officer, "33.07").status_code == 404  # Wonosobo: not theirs
    assert ask(client, facilitator_a, "35.07").status_code == 404
    assert not ProgrammeReport.objects.exists()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"start": "2026-05", "end": "2026-01"}, "Bulan pertama tidak boleh sesudah bulan terakhir."),
        ({"start": "2020-01", "end": "2026-01"}, "Pilih paling banyak 36 bulan."),
        ({"start": "kemarin"}, "Masukkan tanggal yang valid."),
    ],
)
def test_a_bad_period_is_a_400_with_a_message(client, figures, ministry_staff, period, message):
    response = ask(client, ministry_staff, "", lang="id", **period)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ProgrammeReport.objects.exists()


def test_reports_in_flight_are_limited(client, figures, ministry_staff):
    for _n in range(services.REPORTS_IN_FLIGHT):
        ProgrammeReport.objects.create(
            requested_by=ministry_staff, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH
        )
    response = ask(client, ministry_staff, "")
    assert response.status_code == 400 and "3 reports being built" in response.content.decode()
    assert ProgrammeReport.objects.count() == services.REPORTS_IN_FLIGHT


def test_a_report_running_for_too_long_no_longer_counts_as_in_flight(client, figures, ministry_staff):
    long_ago = timezone.now() - services.REPORT_RUNNING_STALE_AFTER - datetime.timedelta(minutes=1)
    for _n in range(services.REPORTS_IN_FLIGHT):
        ProgrammeReport.objects.create(
            requested_by=ministry_staff,
            region_name="Indonesia",
            start=THIS_MONTH,
            end=THIS_MONTH,
            status="running",
            requested_at=long_ago,  # its build crashed
        )
    assert ask(client, ministry_staff, "").status_code == 302
    assert ProgrammeReport.objects.count() == services.REPORTS_IN_FLIGHT + 1
    # Running reports asked for recently still count.
    ProgrammeReport.objects.filter(status="running").update(requested_at=timezone.now())
    response = ask(client, ministry_staff, "")
    assert response.status_code == 400 and "4 reports being built" in response.content.decode()


def test_a_report_is_gone_once_its_region_is_out_of_the_requesters_scope(client, figures, regency_officer):
    report = ProgrammeReport.objects.create(
        requested_by=regency_officer,
        region_code="35.07",
        region_name="Malang",
        start=THIS_MONTH,
        end=THIS_MONTH,
        status="done",
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.3 test"))
    page, pdf = reverse("monitoring:report", args=[report.pk]), reverse("monitoring:report_file", args=[report.pk])
    login(client, regency_officer)
    assert client.get(page).status_code == 200 and client.get(pdf).status_code == 200
    assert page in client.get(URL + "?region=35.07").content.decode()
    # The officer moves to Wonosobo: Malang's report is no longer theirs to read.
    RoleAssignment.objects.filter(user=regency_officer).update(region_code="33.07")
    assert client.get(page).status_code == 404 and client.get(pdf).status_code == 404
    assert page not in client.get(URL + "?region=33.07").content.decode()


def test_the_pages_cost_a_fixed_number_of_queries(client, figures, ministry_staff, django_assert_num_queries):
    for _n in range(8):
        ProgrammeReport.objects.create(
            requested_by=ministry_staff, region_name="Indonesia", start=THIS_MONTH, end=THIS_MONTH, status="done"
        )
    login(client, ministry_staff)
    with django_assert_num_queries(3):
        assert client.get(URL + "?region=").status_code == 200
    report = ProgrammeReport.objects.earliest("pk")
    with django_assert_num_queries(3):
        assert client.get(reverse("monitoring:report", args=[report.pk])).status_code == 200
