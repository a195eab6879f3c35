"""Enterprise pages: the access matrix, the forms, the charts and the list's query count."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, login, make_person
from desmigratif.core.testing import assert_access, download_rows, table_of
from desmigratif.enterprises.models import Enterprise, ProgressReport
from desmigratif.enterprises.tests.conftest import register, report, sector

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def reported(facilitator_a, enterprise_a):
    report(facilitator_a, enterprise_a, datetime.date(2025, 2, 1), revenue="1500000")
    report(facilitator_a, enterprise_a, datetime.date(2025, 3, 1), revenue="2750000")
    return enterprise_a


def test_page_matrix(
    client, reported, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer, no_role_user
):
    secrets = ["Keripik Tempe Bu Siti", "Siti Aminah"]
    enterprise = reported
    assert_access(
        client,
        reverse("enterprises:detail", args=[enterprise.pk]),
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, partner, no_role_user],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("enterprises:village", args=[VILLAGE_A]),
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b],
        forbidden=[partner, no_role_user],
        secrets=secrets,
    )
    for name in ("enterprises:edit", "enterprises:progress", "enterprises:product_create"):
        assert_access(
            client,
            reverse(name, args=[enterprise.pk]),
            allowed=[facilitator_a, regency_officer],
            not_found=[facilitator_b, partner, no_role_user],
            forbidden=[ministry_staff, treasurer],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("enterprises:status", args=[enterprise.pk]),
        method="post",
        data={"status": "paused"},
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff, treasurer],
        secrets=secrets,
    )
    for query in ("", "?format=csv", "?format=xlsx"):
        assert_access(
            client,
            reverse("enterprises:list") + query,
            allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer],
            forbidden=[partner, no_role_user],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("enterprises:create"),
        allowed=[facilitator_a, regency_officer],
        forbidden=[ministry_staff, treasurer, partner, no_role_user],
    )
    login(client, facilitator_b)
    assert "Keripik" not in client.get(reverse("enterprises:list")).content.decode()


def test_writes_refuse_get_and_reads_refuse_post(client, enterprise_a, facilitator_a):
    login(client, facilitator_a)
    assert client.get(reverse("enterprises:status", args=[enterprise_a.pk])).status_code == 405
    assert client.post(reverse("enterprises:detail", args=[enterprise_a.pk])).status_code == 405


def test_a_facilitator_registers_an_enterprise_through_the_owner_search(client, facilitator_a, owner_a):
    sector("food")
    login(client, facilitator_a)
    url = reverse("enterprises:create")
    page = client.get(url, {"q": "siti"}).content.decode()
    assert "Siti Aminah" in page and f'value="{owner_a.pk}"' in page
    response = client.post(
        f"{url}?q=siti",
        {
            "owners": [owner_a.pk],
            "name": "Warung Bu Siti",
            "village": VILLAGE_A,
            "sector": "food",
            "status": "running",
            "started_on": "2025-01-10",
            "capital": "2.500.000",
            "capital_source": "remittance",
        },
    )
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("enterprises:detail", args=[enterprise.pk])
    assert enterprise.capital == Decimal("2500000") and enterprise.created_by == facilitator_a


@pytest.mark.parametrize(
    ("field", "value"),
    [("owners", ""), ("capital", "dua juta"), ("name", ""), ("village", VILLAGE_B), ("capital_source", "x")],
)
def test_bad_enterprise_input_is_refused_with_a_message(client, facilitator_a, owner_a, field, value):
    sector("food")
    login(client, facilitator_a)
    data = {
        "owners": [owner_a.pk],
        "name": "Warung",
        "village": VILLAGE_A,
        "sector": "food",
        "status": "running",
        "capital_source": "savings",
        field: value,
    }
    response = client.post(reverse("enterprises:create"), data)
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert not Enterprise.objects.exists()


def test_an_owner_of_another_village_cannot_be_posted(client, facilitator_a, facilitator_b, owner_a):
    sector("food")
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Dewi Lestari")
    login(client, facilitator_a)
    data = {"owners": [outsider.pk], "name": "W", "village": VILLAGE_A, "sector": "food", "status": "running"}
    response = client.post(reverse("enterprises:create"), {**data, "capital_source": "savings"})
    assert response.status_code == 400 and "Dewi Lestari" not in response.content.decode()
    assert not Enterprise.objects.exists()


def test_editing_keeps_the_owners_and_changes_the_details(client, facilitator_a, enterprise_a, owner_a):
    login(client, facilitator_a)
    page = client.get(reverse("enterprises:edit", args=[enterprise_a.pk])).content.decode()
    assert "Siti Aminah" in page and "checked" in page
    response = client.post(
        reverse("enterprises:edit", args=[enterprise_a.pk]),
        {
            "owners": [owner_a.pk],
            "name": "Keripik Tempe Siti Jaya",
            "village": VILLAGE_A,
            "sector": "food",
            "capital_source": "savings",
        },
    )
    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "Keripik Tempe Siti Jaya" and enterprise_a.capital is None


def test_a_progress_report_appears_on_the_enterprise_page_and_chart(client, facilitator_a, enterprise_a):
    login(client, facilitator_a)
    url = reverse("enterprises:progress", args=[enterprise_a.pk])
    response = client.post(
        url,
        {
            "period_kind": "month",
            "period": "2025-02",
            "revenue": "1.750.000",
            "workers_family": "2",
            "workers_other": "1",
            "problems": "Harga kedelai naik",
        },
    )
    assert response.status_code == 302
    again = client.post(
        url, {"period_kind": "month", "period": "2025-02", "revenue": "1", "workers_family": "0", "workers_other": "0"}
    )
    assert again.status_code == 400 and "Sudah ada laporan perkembangan untuk periode ini" in again.content.decode()
    assert ProgressReport.objects.count() == 1
    page = client.get(reverse("enterprises:detail", args=[enterprise_a.pk])).content.decode()
    assert "Rp1.750.000,00" in page and "<svg" in page and "Harga kedelai naik" in page
    assert 'style="' not in page and "onclick" not in page


@pytest.mark.parametrize("period", ["2025-13", "Feb 2025", "", "2025-02-01"])
def test_a_bad_period_is_refused(client, facilitator_a, enterprise_a, period):
    login(client, facilitator_a)
    response = client.post(
        reverse("enterprises:progress", args=[enterprise_a.pk]),
        {"period_kind": "month", "period": period, "revenue": "1000", "workers_family": "0", "workers_other": "0"},
    )
    assert response.status_code == 400 and not ProgressReport.objects.exists()


def test_the_status_form_changes_the_status_and_refuses_nonsense(client, facilitator_a, enterprise_a):
    login(client, facilitator_a)
    url = reverse("enterprises:status", args=[enterprise_a.pk])
    assert client.post(url, {"status": "running"}).status_code == 400  # already running
    assert client.post(url, {"status": "paused", "note": "Musim hujan"}).status_code == 302
    page = client.get(reverse("enterprises:detail", args=[enterprise_a.pk])).content.decode()
    assert "Musim hujan" in page


def test_product_photos_are_private_and_access_checked(
    client, facilitator_a, facilitator_b, enterprise_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, facilitator_a)
    url = reverse("enterprises:product_create", args=[enterprise_a.pk])
    bad = client.post(url, {"name": "Keripik", "price": "15000", "photo": SimpleUploadedFile("a.png", b"GIF89a")})
    assert bad.status_code == 400 and not enterprise_a.products.exists()
    ok = client.post(
        url, {"name": "Keripik", "price": "15.000", "unit": "bungkus", "photo": SimpleUploadedFile("a.png", PNG)}
    )
    assert ok.status_code == 302
    product = enterprise_a.products.get()
    photo = reverse("enterprises:product_photo", args=[enterprise_a.pk, product.pk])
    response = client.get(photo)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff" and b"".join(response.streaming_content) == PNG
    login(client, facilitator_b)
    assert client.get(photo).status_code == 404
    client.logout()
    assert client.get(photo).status_code == 302


def test_the_list_filters_by_sector_status_and_village(client, regency_officer, facilitator_a, facilitator_b, owner_a):
    other = make_person(facilitator_b, VILLAGE_B, full_name="Dewi Lestari")
    register(facilitator_a, [owner_a], name="Keripik A", sector=sector("food"))
    register(facilitator_a, [owner_a], name="Kambing A", sector=sector("livestock"), status="idea", started_on=None)
    register(facilitator_b, [other], village=VILLAGE_B, name="Toko B", sector=sector("trade"))
    login(client, regency_officer)

    def names(**params):
        return [e.name for e in client.get(reverse("enterprises:list"), params).context["page"].object_list]

    assert names() == ["Kambing A", "Keripik A", "Toko B"]
    assert names(sector="food") == ["Keripik A"]
    assert names(status="idea") == ["Kambing A"]
    assert names(village=VILLAGE_B) == ["Toko B"]
    assert names(village="35.07.99.9999") == ["Kambing A", "Keripik A", "Toko B"]  # not a choice: ignored


def test_the_village_page_shows_the_quarterly_chart(client, facilitator_a, reported):
    login(client, facilitator_a)
    page = client.get(reverse("enterprises:village", args=[VILLAGE_A])).content.decode()
    assert "2025 T1" in page and "Rp4.250.000,00" in page and "<svg" in page
    assert client.get(reverse("enterprises:village", args=["35.07.99.9999"])).status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_the_enterprise_list_costs_a_fixed_number_of_queries(
    client, regency_officer, facilitator_a, owner_a, rows, django_assert_num_queries
):
    for i in range(rows):
        register(facilitator_a, [owner_a], name=f"Usaha {i:02}")
    login(client, regency_officer)
    # session, user with role assignments, village filter choices, sectors, count, page (village and
    # sector joined), owners
    with django_assert_num_queries(7):
        body = client.get(reverse("enterprises:list"), {"status": "running"}).content.decode()
    assert f"Usaha {rows - 1:02}" in body


@pytest.mark.parametrize("rows", [2, 12])
def test_the_enterprise_download_costs_a_fixed_number_of_queries(
    client, regency_officer, facilitator_a, owner_a, rows, django_assert_num_queries
):
    for i in range(rows):
        enterprise = register(facilitator_a, [owner_a], name=f"Usaha {i:02}")
        report(facilitator_a, enterprise, datetime.date(2025, 2, 1))
    login(client, regency_officer)
    today = datetime.date.today().isoformat()
    for fmt in ("xlsx", "csv"):
        # session, user with role assignments, village filter choices, sectors, enterprises (village and
        # sector joined, reports counted and summed), owners
        with django_assert_num_queries(6):
            response = client.get(reverse("enterprises:list"), {"format": fmt})
        assert len(table_of(download_rows(response, fmt, f"usaha-{today}"), "ID")) == rows


@pytest.mark.parametrize("rows", [2, 12])
def test_the_village_page_costs_a_fixed_number_of_queries(
    client, facilitator_a, owner_a, rows, django_assert_num_queries
):
    for i in range(rows):
        enterprise = register(facilitator_a, [owner_a], name=f"Usaha {i:02}")
        report(facilitator_a, enterprise, datetime.date(2025, 2, 1))
    login(client, facilitator_a)
    # session, user with role assignments, village, series, count, enterprises, owners
    with django_assert_num_queries(7):
        body = client.get(reverse("enterprises:village", args=[VILLAGE_A])).content.decode()
    assert f"Usaha {rows - 1:02}" in body


def test_the_enterprise_page_costs_a_fixed_number_of_queries(
    client, facilitator_a, reported, django_assert_num_queries
):
    login(client, facilitator_a)
    # session, user with role assignments, enterprise, reports, owners, products, history
    with django_assert_num_queries(7):
        assert client.get(reverse("enterprises:detail", args=[reported.pk])).status_code == 200


def test_a_regency_officer_edits_an_enterprise_of_any_village_of_the_regency(
    client, regency_officer, enterprise_a, owner_a
):
    # The form offers the regency's programme villages, and always the enterprise's own village.
    login(client, regency_officer)
    response = client.post(
        reverse("enterprises:edit", args=[enterprise_a.pk]),
        {
            "owners": [owner_a.pk],
            "name": "Keripik Baru",
            "village": VILLAGE_A,
            "sector": "food",
            "capital_source": "savings",
        },
    )
    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "Keripik Baru"
