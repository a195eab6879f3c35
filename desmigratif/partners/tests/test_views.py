"""Partner pages: the access matrix, forms, impossible input, exports and query-count pins."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from conftest import VILLAGE_A, VILLAGE_B, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.core.testing import assert_access, download_rows, table_of
from desmigratif.partners import services
from desmigratif.partners.models import Programme, Referral, VillageSupport
from desmigratif.partners.tests.conftest import REASON, designate, make_programme, organisation, refer, support

pytestmark = pytest.mark.django_db

BIG = 99999999999999999999999


@pytest.fixture
def officer_c(regions):
    return make_user("officer_c", Role.REGENCY_OFFICER, "33.07")


def _sheet(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_programme_and_support_pages_matrix(
    client,
    programme,
    support_a,
    facilitator_a,
    facilitator_b,
    regency_officer,
    ministry_staff,
    partner,
    treasurer,
    no_role_user,
):
    viewers = [facilitator_a, facilitator_b, regency_officer, ministry_staff]
    for url in (reverse("partners:list"), reverse("partners:supports"), reverse("partners:organisations")):
        assert_access(client, url, allowed=viewers, forbidden=[partner, treasurer, no_role_user])
    assert_access(
        client,
        reverse("partners:programme", args=[programme.pk]),
        allowed=viewers,
        not_found=[partner, treasurer, no_role_user],
    )
    assert_access(
        client,
        reverse("partners:village", args=[VILLAGE_A]),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner, treasurer],
    )
    for url in (
        reverse("partners:support_create", args=[programme.pk]),
        reverse("partners:programme_edit", args=[programme.pk]),
    ):
        assert_access(
            client,
            url,
            allowed=[ministry_staff],
            forbidden=[facilitator_a, regency_officer],
            not_found=[partner, treasurer, no_role_user],
        )
    assert_access(
        client,
        reverse("partners:programme_create"),
        allowed=[ministry_staff],
        forbidden=[facilitator_a, regency_officer, partner, no_role_user],
    )
    login(client, facilitator_b)
    assert "Pelatihan literasi" not in client.get(reverse("partners:supports")).content.decode()


def test_referral_pages_matrix(
    client,
    referral_a,
    facilitator_a,
    facilitator_b,
    regency_officer,
    officer_c,
    ministry_staff,
    partner,
    treasurer,
    no_role_user,
):
    secrets = ["Siti Aminah", REASON]
    assert_access(
        client,
        reverse("partners:referral", args=[referral_a.pk]),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, officer_c, partner, treasurer, no_role_user],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("partners:referral_status", args=[referral_a.pk]),
        method="post",
        data={"status": "taken_up"},
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, officer_c, partner],
        forbidden=[ministry_staff],
        secrets=secrets,
    )
    for url in (reverse("partners:referrals"), reverse("partners:referrals") + "?format=csv"):
        assert_access(
            client,
            url,
            allowed=[facilitator_a, facilitator_b, regency_officer, officer_c, ministry_staff],
            forbidden=[partner, treasurer, no_role_user],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("partners:referral_create"),
        allowed=[facilitator_a, regency_officer],
        forbidden=[ministry_staff, partner, treasurer, no_role_user],
    )
    for outsider in (facilitator_b, officer_c):
        login(client, outsider)
        assert "Siti" not in client.get(reverse("partners:referrals")).content.decode()
        export = client.get(reverse("partners:referrals"), {"format": "xlsx"})
        assert len(_sheet(export)) == 4  # title, date, blank, header


def test_the_referral_page_masks_the_nik_and_shows_the_history(client, referral_a, facilitator_a, person_a):
    login(client, facilitator_a)
    body = client.get(reverse("partners:referral", args=[referral_a.pk])).content.decode()
    assert person_a.nik not in body and person_a.nik[-4:] in body and REASON in body
    listed = client.get(reverse("partners:referrals")).content.decode()
    assert "Siti Aminah" in listed and person_a.nik[-4:] not in listed and REASON not in listed


def test_national_staff_record_a_programme_and_a_village_support(client, ministry_staff):
    designate()
    login(client, ministry_staff)
    data = {
        "organisation": organisation().pk,
        "name": "Tabungan purna PMI",
        "pillar": "cooperative",
        "starts_on": "2025-01-01",
        "ends_on": "2024-01-01",
        "is_active": "on",
    }
    bad = client.post(reverse("partners:programme_create"), data)
    assert bad.status_code == 400 and "Tanggal berakhir tidak boleh sebelum tanggal mulai." in bad.content.decode()
    response = client.post(reverse("partners:programme_create"), {**data, "ends_on": ""})
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("partners:programme", args=[programme.pk])
    url = reverse("partners:support_create", args=[programme.pk])
    values = {"village": VILLAGE_A, "what": "Pelatihan", "amount": "-5", "since": "2025-02-01"}
    bad = client.post(url, values)
    assert bad.status_code == 400 and not VillageSupport.objects.exists()
    assert client.post(url, {**values, "amount": "2.500.000"}).status_code == 302
    again = client.post(url, {**values, "amount": "1"})
    assert again.status_code == 400 and "sudah mendukung desa ini" in again.content.decode()
    assert str(VillageSupport.objects.get().amount) == "2500000.00"


def test_a_facilitator_refers_through_the_search(client, facilitator_a, facilitator_b, person_a, programme):
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Siti Lain")
    login(client, facilitator_a)
    url = reverse("partners:referral_create")
    page = client.get(url, {"q": "siti"}).content.decode()
    assert "Siti Aminah" in page and "Siti Lain" not in page
    data = {"person": person_a.pk, "programme": programme.pk, "referred_on": "2025-05-01", "reason": "Menabung"}
    assert client.post(url, {**data, "person": outsider.pk}).status_code == 400
    assert client.post(url, {**data, "person": str(BIG)}).status_code == 400
    assert client.post(url, {**data, "programme": str(BIG)}).status_code == 400
    assert not Referral.objects.exists()
    response = client.post(url, data)
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("partners:referral", args=[referral.pk])
    bad = client.post(reverse("partners:referral_status", args=[referral.pk]), {"status": "completed"})
    assert bad.status_code == 400 and "tidak dapat menjadi" in bad.content.decode()
    assert (
        client.post(reverse("partners:referral_status", args=[referral.pk]), {"status": "taken_up"}).status_code == 302
    )
    referral.refresh_from_db()
    assert referral.status == "taken_up"


def test_impossible_ids_and_codes_are_not_found(client, facilitator_a, ministry_staff):
    login(client, facilitator_a)
    for name in ("partners:programme", "partners:referral"):
        assert client.get(reverse(name, args=[BIG])).status_code == 404
    assert client.get(reverse("partners:village", args=["x" * 40])).status_code == 404
    assert client.get(reverse("partners:figures"), {"region": "x' OR 1"}).status_code == 404
    assert client.get(reverse("partners:list"), {"organisation": str(BIG), "pillar": "x"}).status_code == 200
    login(client, ministry_staff)
    assert client.get(reverse("partners:programme_edit", args=[BIG])).status_code == 404


def test_the_exports_have_decimal_amounts(client, ministry_staff, programme, support_a):
    login(client, ministry_staff)
    rows = _sheet(client.get(reverse("partners:supports"), {"format": "xlsx"}))
    assert rows[3][:6] == ["Kode desa", "Desa", "Program", "Organisasi", "Yang diberikan", "Jumlah (Rp)"]
    assert rows[4][:6] == [
        VILLAGE_A,
        "Brongkal",
        programme.name,
        programme.organisation.name,
        support_a.what,
        25000000.5,
    ]
    rows = _sheet(client.get(reverse("partners:list"), {"format": "xlsx"}))
    assert rows[4][1] == programme.name and rows[4][7] == 1


def _supported_and_referred(ministry_staff, facilitator_a, rows):
    """``rows`` programmes, each supporting village A and with one person of it referred; the last."""
    for i in range(rows):
        programme = make_programme(ministry_staff, name=f"Program {i:02}")
        support(ministry_staff, programme)
        person = make_person(facilitator_a, VILLAGE_A, full_name=f"Orang {i:02}")
        refer(facilitator_a, person, programme)
    return programme


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_pages_cost_a_fixed_number_of_queries(
    client, ministry_staff, facilitator_a, rows, django_assert_num_queries
):
    programme = _supported_and_referred(ministry_staff, facilitator_a, rows)
    login(client, facilitator_a)
    # session, user with role assignments, organisations (filter), count, page (village counts annotated)
    with django_assert_num_queries(5):
        assert f"Program {rows - 1:02}" in client.get(reverse("partners:list")).content.decode()
    # session, user with role assignments, count, page
    with django_assert_num_queries(4):
        assert f"Program {rows - 1:02}" in client.get(reverse("partners:supports")).content.decode()
    # session, user with role assignments, village, count, page
    with django_assert_num_queries(5):
        assert "Brongkal" in client.get(reverse("partners:village", args=[VILLAGE_A])).content.decode()
    # session, user with role assignments, programmes (filter), count, page
    with django_assert_num_queries(5):
        assert f"Orang {rows - 1:02}" in client.get(reverse("partners:referrals")).content.decode()
    # session, user with role assignments, count, page (programme counts annotated)
    with django_assert_num_queries(4):
        assert "BRI" in client.get(reverse("partners:organisations")).content.decode()
    # session, user with role assignments, programme, count, page of its villages
    with django_assert_num_queries(5):
        client.get(reverse("partners:programme", args=[programme.pk]))


@pytest.mark.parametrize("rows", [2, 12])
def test_the_downloads_cost_a_fixed_number_of_queries(
    client, ministry_staff, facilitator_a, rows, django_assert_num_queries
):
    _supported_and_referred(ministry_staff, facilitator_a, rows)
    login(client, facilitator_a)
    today = datetime.date.today().isoformat()
    for fmt in ("xlsx", "csv"):
        # session, user with role assignments, organisations (filter), programmes (organisation joined,
        # village counts annotated)
        with django_assert_num_queries(4):
            response = client.get(reverse("partners:list"), {"format": fmt})
        assert len(table_of(download_rows(response, fmt, f"program-mitra-{today}"), "ID")) == rows
        # session, user with role assignments, supports (programme, organisation and village joined)
        with django_assert_num_queries(3):
            response = client.get(reverse("partners:supports"), {"format": fmt})
        assert len(table_of(download_rows(response, fmt, f"dukungan-desa-{today}"), "Kode desa")) == rows
        # session, user with role assignments, programmes (filter), referrals (person, programme and
        # village joined)
        with django_assert_num_queries(4):
            response = client.get(reverse("partners:referrals"), {"format": fmt})
        assert len(table_of(download_rows(response, fmt, f"rujukan-mitra-{today}"), "ID")) == rows


def test_referral_dates_in_the_future_are_refused(client, facilitator_a, referral_a):
    login(client, facilitator_a)
    url = reverse("partners:referral_status", args=[referral_a.pk])
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = client.post(url, {"status": "declined", "on": tomorrow})
    assert response.status_code == 400 and "Tanggal tidak boleh di masa depan." in response.content.decode()
    referral_a.refresh_from_db()
    assert referral_a.status == "referred" and referral_a.events.count() == 1
    services.referral_set_status(referral=referral_a, status="declined", actor=facilitator_a)


def test_the_lists_download_as_csv_with_english_headers(client, ministry_staff, programme, support_a, referral_a):
    login(client, ministry_staff)
    today = datetime.date.today().isoformat()
    response = client.get(reverse("partners:supports"), {"format": "csv"}, headers={"accept-language": "en"})
    (line,) = table_of(download_rows(response, "csv", f"dukungan-desa-{today}"), "Village code")
    assert (line["Village"], line["Amount (Rp)"]) == ("Brongkal", "25000000.50")  # Decimal text, never a float
    response = client.get(reverse("partners:referrals"), {"format": "csv"}, headers={"accept-language": "en"})
    (line,) = table_of(download_rows(response, "csv", f"rujukan-mitra-{today}"), "ID")
    assert (line["Name"], line["Programme"]) == ("Siti Aminah", programme.name)
    assert REASON not in response.content.decode("utf-8-sig")  # the reason stays on the referral's page
    response = client.get(reverse("partners:list"), {"format": "csv"})
    assert table_of(download_rows(response, "csv", f"program-mitra-{today}"), "ID")[0]["Program"] == programme.name
