"""Training pages: the access matrix, participants, the attendance sheet, completion, the XLSX
exports and the query counts of the lists."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from conftest import VILLAGE_A, VILLAGE_B, login, make_person
from desmigratif.core.testing import assert_access, download_rows, table_of
from desmigratif.enterprises import services
from desmigratif.enterprises.models import Attendance, Participant, Training
from desmigratif.enterprises.tests.conftest import register, report, train

pytestmark = pytest.mark.django_db

DAY = "2025-03-04"


@pytest.fixture
def training_a(facilitator_a, owner_a):
    training = train(facilitator_a)
    services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    return training


def _sheet(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_page_matrix(
    client, training_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer, no_role_user
):
    secrets = ["Pelatihan pengolahan keripik", "Siti Aminah"]
    participant = training_a.participants.get()
    for url in (
        reverse("enterprises:training", args=[training_a.pk]),
        reverse("enterprises:training", args=[training_a.pk]) + "?format=csv",
        reverse("enterprises:attendance", args=[training_a.pk, DAY]),
    ):
        assert_access(
            client,
            url,
            allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
            not_found=[facilitator_b, partner, no_role_user],
            secrets=secrets,
        )
    for url in (
        reverse("enterprises:participant_add", args=[training_a.pk]),
        reverse("enterprises:participant_complete", args=[training_a.pk, participant.pk]),
    ):
        assert_access(
            client,
            url,
            allowed=[facilitator_a, regency_officer],
            not_found=[facilitator_b, partner, no_role_user],
            forbidden=[ministry_staff, treasurer],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("enterprises:attendance", args=[training_a.pk, DAY]),
        method="post",
        data={"present": [participant.pk]},
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff, treasurer],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("enterprises:trainings"),
        allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer],
        forbidden=[partner, no_role_user],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("enterprises:training_create"),
        allowed=[facilitator_a, regency_officer],
        forbidden=[ministry_staff, treasurer, partner, no_role_user],
    )
    login(client, facilitator_b)
    assert "keripik" not in client.get(reverse("enterprises:trainings")).content.decode()


def test_recording_a_training_and_refusing_bad_dates(client, facilitator_a):
    login(client, facilitator_a)
    data = {
        "title": "Budidaya lele",
        "provider_kind": "bbpp",
        "provider_name": "BBPP Ketindan",
        "topic": "Perikanan",
        "starts_on": "2025-05-05",
        "ends_on": "2025-05-02",
        "place": "Balai Desa Brongkal",
        "region": VILLAGE_A,
    }
    bad = client.post(reverse("enterprises:training_create"), data)
    assert bad.status_code == 400 and "ends_on" in bad.context["form"].errors
    outside = client.post(
        reverse("enterprises:training_create"), {**data, "ends_on": "2025-05-09", "region": VILLAGE_B}
    )
    assert outside.status_code == 400
    ok = client.post(reverse("enterprises:training_create"), {**data, "ends_on": "2025-05-09"})
    training = Training.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("enterprises:training", args=[training.pk])
    assert training.region_name == "Brongkal" and training.created_by == facilitator_a


def test_registering_participants_through_the_search(client, facilitator_a, facilitator_b, training_a):
    other = make_person(facilitator_a, VILLAGE_A, full_name="Agus Salim", sex="M")
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Agus Lain", sex="M")
    login(client, facilitator_a)
    url = reverse("enterprises:participant_add", args=[training_a.pk])
    page = client.get(url, {"q": "agus"}).content.decode()
    assert "Agus Salim" in page and "Agus Lain" not in page
    assert client.post(url, {"person": other.pk}).status_code == 302
    again = client.post(url, {"person": other.pk})
    assert again.status_code == 400 and "sudah terdaftar di pelatihan ini" in again.content.decode()
    assert client.post(url, {"person": outsider.pk}).status_code == 400
    assert Participant.objects.filter(training=training_a).count() == 2


def test_the_attendance_sheet_ticks_participants_in_place(client, facilitator_a, training_a, owner_a):
    second = services.participant_add(
        training=training_a, person=make_person(facilitator_a, VILLAGE_A, full_name="Rina Wati"), actor=facilitator_a
    )
    first = training_a.participants.get(person=owner_a)
    login(client, facilitator_a)
    url = reverse("enterprises:attendance", args=[training_a.pk, DAY])
    assert client.post(url, {"present": [first.pk]}).status_code == 302
    assert dict(Attendance.objects.values_list("participant_id", "present")) == {first.pk: True, second.pk: False}
    page = client.get(url).content.decode()
    assert f'value="{first.pk}" id="id_present_0" checked' in page or "checked" in page
    stranger = client.post(url, {"present": [first.pk, 999999]})
    assert stranger.status_code == 400
    assert client.get(reverse("enterprises:attendance", args=[training_a.pk, "2025-03-09"])).status_code == 404
    assert client.get(reverse("enterprises:attendance", args=[training_a.pk, "kemarin"])).status_code == 404


def test_completion_and_the_outcome_on_the_training_page(client, facilitator_a, training_a, owner_a):
    login(client, facilitator_a)
    participant = training_a.participants.get()
    url = reverse("enterprises:participant_complete", args=[training_a.pk, participant.pk])
    assert client.post(url, {"completed_on": "2025-02-01", "certificate_number": "X"}).status_code == 400
    assert client.post(url, {"completed_on": "2025-03-07", "certificate_number": "BLK-7"}).status_code == 302
    register(facilitator_a, [owner_a], name="Keripik Baru", started_on=datetime.date(2025, 4, 1))
    page = client.get(reverse("enterprises:training", args=[training_a.pk]))
    assert page.context["trained"] == 1 and page.context["started"] == 1
    assert "BLK-7" in page.content.decode()


def test_the_participants_export_lists_outcomes(client, facilitator_a, training_a, owner_a):
    services.attendance_record(
        training=training_a,
        day=datetime.date(2025, 3, 4),
        marks={training_a.participants.get().pk: True},
        actor=facilitator_a,
    )
    register(facilitator_a, [owner_a], started_on=datetime.date(2025, 3, 10))
    login(client, facilitator_a)
    response = client.get(reverse("enterprises:training", args=[training_a.pk]), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert rows[0][0] == "Pelatihan pengolahan keripik"
    assert rows[3] == [
        "Nama",
        "Desa",
        "Hari hadir",
        "Selesai pada",
        "Nomor sertifikat",
        "Memulai usaha setelah pelatihan",
    ]
    assert rows[4] == ["Siti Aminah", "Brongkal", 1, None, None, "ya"]


def test_the_enterprise_export_has_decimal_money_and_follows_the_filters(client, facilitator_a, facilitator_b, owner_a):
    from decimal import Decimal

    enterprise = register(facilitator_a, [owner_a], capital=Decimal("2500000.50"))
    report(facilitator_a, enterprise, datetime.date(2025, 2, 1), revenue="1000000.25")
    report(facilitator_a, enterprise, datetime.date(2025, 3, 1), revenue="2000000")
    register(facilitator_a, [owner_a], name="Ternak Kambing", status="idea", started_on=None, capital=None)
    login(client, facilitator_a)
    rows = _sheet(client.get(reverse("enterprises:list"), {"format": "xlsx"}))
    assert rows[0][:4] == ["ID", "Nama", "Kode desa", "Desa"]
    body = {row[1]: row for row in rows[1:]}
    keripik = body["Keripik Tempe Bu Siti"]
    assert keripik[2:7] == [VILLAGE_A, "Brongkal", "Pengolahan makanan", "Berjalan", "Siti Aminah"]
    assert keripik[7].date() == datetime.date(2025, 1, 10)
    # Money is written as numbers (exact Decimal text in the file), never as text.
    assert keripik[8:12] == [2500000.5, "Remitansi", 2, 3000000.25]
    only_ideas = _sheet(client.get(reverse("enterprises:list"), {"status": "idea", "format": "xlsx"}))
    assert [row[1] for row in only_ideas[1:]] == ["Ternak Kambing"]
    login(client, facilitator_b)
    assert len(_sheet(client.get(reverse("enterprises:list"), {"format": "xlsx"}))) == 1  # header only


@pytest.mark.parametrize("rows", [2, 12])
def test_the_training_list_costs_a_fixed_number_of_queries(
    client, regency_officer, facilitator_a, owner_a, rows, django_assert_num_queries
):
    for i in range(rows):
        training = train(facilitator_a, title=f"Pelatihan {i:02}")
        services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    login(client, regency_officer)
    # session, user with role assignments, count, page (participant counts annotated)
    with django_assert_num_queries(4):
        body = client.get(reverse("enterprises:trainings")).content.decode()
    assert f"Pelatihan {rows - 1:02}" in body


@pytest.mark.parametrize("rows", [2, 12])
def test_the_training_page_costs_a_fixed_number_of_queries(client, facilitator_a, rows, django_assert_num_queries):
    training = train(facilitator_a)
    for i in range(rows):
        person = make_person(facilitator_a, VILLAGE_A, full_name=f"Peserta {i:02}")
        services.participant_add(training=training, person=person, actor=facilitator_a)
    login(client, facilitator_a)
    # session, user with role assignments, training, participants (attendance and enterprises as
    # subqueries), may change
    with django_assert_num_queries(5):
        body = client.get(reverse("enterprises:training", args=[training.pk])).content.decode()
    assert f"Peserta {rows - 1:02}" in body


@pytest.mark.parametrize("rows", [2, 12])
def test_the_participants_download_costs_a_fixed_number_of_queries(
    client, facilitator_a, rows, django_assert_num_queries
):
    training = train(facilitator_a)
    for i in range(rows):
        person = make_person(facilitator_a, VILLAGE_A, full_name=f"Peserta {i:02}")
        services.participant_add(training=training, person=person, actor=facilitator_a)
        register(facilitator_a, [person], name=f"Usaha {i:02}", started_on=datetime.date(2025, 3, 10))
    login(client, facilitator_a)
    for fmt in ("xlsx", "csv"):
        # session, user with role assignments, training, participants (person and village joined,
        # attendance and enterprises as subqueries)
        with django_assert_num_queries(4):
            response = client.get(reverse("enterprises:training", args=[training.pk]), {"format": fmt})
        found = table_of(download_rows(response, fmt, f"peserta-pelatihan-{training.pk}"), "Nama")
        assert len(found) == rows and found[-1]["Nama"] == f"Peserta {rows - 1:02}"


@pytest.mark.parametrize("rows", [2, 12])
def test_the_attendance_sheet_costs_a_fixed_number_of_queries(client, facilitator_a, rows, django_assert_num_queries):
    training = train(facilitator_a)
    for i in range(rows):
        person = make_person(facilitator_a, VILLAGE_A, full_name=f"Peserta {i:02}")
        services.participant_add(training=training, person=person, actor=facilitator_a)
    login(client, facilitator_a)
    # session, user with role assignments, training, participants, marks, may change
    with django_assert_num_queries(6):
        body = client.get(reverse("enterprises:attendance", args=[training.pk, DAY])).content.decode()
    assert f"Peserta {rows - 1:02}" in body


def test_with_htmx_a_tick_saves_at_once_and_returns_only_the_sheet(client, facilitator_a, training_a):
    participant = training_a.participants.get()
    login(client, facilitator_a)
    url = reverse("enterprises:attendance", args=[training_a.pk, DAY])
    response = client.post(url, {"present": [participant.pk]}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<form class="card"')
    assert "Kehadiran telah disimpan." in body and "<html" not in body
    assert Attendance.objects.get(participant=participant).present is True
    cleared = client.post(url, {}, headers={"HX-Request": "true"})
    assert cleared.status_code == 200 and Attendance.objects.get(participant=participant).present is False


def test_the_lists_download_as_csv_too(client, facilitator_a, facilitator_b, training_a):
    from decimal import Decimal

    register(facilitator_a, [training_a.participants.get().person], capital=Decimal("2500000.50"))
    login(client, facilitator_a)
    today = datetime.date.today().isoformat()
    response = client.get(reverse("enterprises:list"), {"format": "csv"}, headers={"accept-language": "en"})
    (line,) = table_of(download_rows(response, "csv", f"usaha-{today}"), "ID")
    assert (line["Village code"], line["Start-up capital"]) == (VILLAGE_A, "2500000.50")
    response = client.get(reverse("enterprises:training", args=[training_a.pk]), {"format": "csv"})
    rows = download_rows(response, "csv", f"peserta-pelatihan-{training_a.pk}")
    assert rows[0] == ["Pelatihan pengolahan keripik"] and table_of(rows, "Nama")[0]["Nama"] == "Siti Aminah"
    login(client, facilitator_b)
    response = client.get(reverse("enterprises:list"), {"format": "csv"})
    assert table_of(download_rows(response, "csv", f"usaha-{today}"), "ID") == []
    assert client.get(reverse("enterprises:training", args=[training_a.pk]), {"format": "csv"}).status_code == 404
    assert client.get("/enterprises/export.xlsx?status=idea").status_code == 301
