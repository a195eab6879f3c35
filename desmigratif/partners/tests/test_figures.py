"""What partners see: counts per programme and region, small counts suppressed, never names."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_C, login, make_person, make_user
from desmigratif.core.testing import download_rows
from desmigratif.partners import selectors, services
from desmigratif.partners.tests.conftest import REASON, make_programme, refer, support

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_data(ministry_staff, facilitator_a, facilitator_c, programme):
    support(ministry_staff, programme)
    support(ministry_staff, programme, village=VILLAGE_C)
    small = make_programme(ministry_staff, name="Program kecil")
    for i in range(6):
        referral = refer(facilitator_a, make_person(facilitator_a, VILLAGE_A, full_name=f"Warga {i}"), programme)
        if i < 5:
            services.referral_set_status(referral=referral, status="taken_up", actor=facilitator_a)
    refer(facilitator_c, make_person(facilitator_c, VILLAGE_C, full_name="Warga Wonosobo"), small)
    return small


def test_a_partner_sees_counts_with_small_ones_suppressed_and_no_names(client, partner, programme, figures_data):
    login(client, partner)
    response = client.get(reverse("partners:figures"))
    body = response.content.decode()
    assert response.status_code == 200 and "Warga" not in body and REASON not in body
    rows = {r.label.split(" · ")[0]: r for r in response.context["programmes"]}
    big, small = rows[programme.name], rows["Program kecil"]
    # 5 of 6 taken up would tell that 1 was not: the taken-up count and the uptake are hidden too.
    assert (big.villages.value, big.referrals.value, big.taken_up.value, big.uptake) == (2, 6, None, None)
    assert big.taken_up.withheld and not big.taken_up.suppressed
    assert small.referrals.suppressed and small.referrals.value is None and small.uptake is None
    regions = {r.key: r for r in response.context["regions"]}
    assert regions["35"].referrals.value == 6 and regions["33"].referrals.suppressed
    assert "&lt; 5" in body and "disembunyikan" in body and "83,3" not in body
    assert client.get(reverse("partners:figures"), {"region": "35.07"}).status_code == 200


def test_staff_of_the_area_see_the_small_counts(regency_officer, programme, figures_data):
    programmes, regions, suppress = selectors.partner_figures(regency_officer, "35.07")
    assert not suppress
    assert [r.key for r in regions] == ["35.07.33"]
    assert {r.label.split(" · ")[0]: r.referrals.value for r in programmes} == {programme.name: 6}
    assert [(r.taken_up.value, r.uptake) for r in programmes] == [(5, Decimal("83.3"))]


@pytest.mark.parametrize(
    ("referrals", "taken", "shown"),
    [
        (6, 5, (6, None, None)),  # 1 not taken up: taken up and uptake hidden
        (9, 5, (9, None, None)),  # 4 not taken up
        (10, 5, (10, 5, Decimal("50.0"))),  # 5 not taken up: nothing small to give away
        (6, 6, (6, 6, Decimal("100.0"))),  # all taken up
        (6, 0, (6, 0, Decimal("0.0"))),  # none taken up
        (6, 3, (6, None, None)),  # 3 taken up: small itself
        (3, 3, (None, None, None)),  # 3 referred: small
    ],
)
def test_a_count_that_gives_away_a_small_one_is_hidden_from_partners(referrals, taken, shown):
    row = selectors._row("p", "Programme", [1, referrals, taken], suppress=True)
    assert (row.referrals.value, row.taken_up.value, row.uptake) == shown
    staff = selectors._row("p", "Programme", [1, referrals, taken], suppress=False)
    assert (staff.referrals.value, staff.taken_up.value) == (referrals, taken)


def test_the_figures_page_matrix_and_query_count(
    client, partner, no_role_user, figures_data, django_assert_num_queries
):
    login(client, no_role_user)
    assert client.get(reverse("partners:figures")).status_code == 403
    login(client, partner)
    # session, user with role assignments, supports and referrals per programme, programme names,
    # supports and referrals per region, region names
    with django_assert_num_queries(8):
        assert client.get(reverse("partners:figures")).status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_the_figures_download_costs_a_fixed_number_of_queries(
    client, partner, ministry_staff, facilitator_a, rows, django_assert_num_queries
):
    for i in range(rows):
        programme = make_programme(ministry_staff, name=f"Program {i:02}")
        support(ministry_staff, programme, village=VILLAGE_A if i % 2 else VILLAGE_C)
        refer(facilitator_a, make_person(facilitator_a, VILLAGE_A, full_name=f"Warga {i}"), programme)
    login(client, partner)
    today = timezone.localdate().isoformat()
    for fmt in ("xlsx", "csv"):
        # session, user with role assignments, supports and referrals per programme, programme names,
        # supports and referrals per region, region names
        with django_assert_num_queries(8):
            response = client.get(reverse("partners:figures"), {"format": fmt})
        found = download_rows(response, fmt, f"angka-mitra-indonesia-{today}")
        assert len([row for row in found if len(row) > 1 and str(row[1]).startswith("Program ")]) == rows


def test_the_uptake_reads_in_the_users_language(client, regency_officer, programme, figures_data):
    login(client, regency_officer)
    url = reverse("partners:figures")
    assert "83,3%" in client.get(url, {"region": "35.07"}, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "83.3%" in client.get(url, {"region": "35.07"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _shown(count) -> str:
    """A count as the page writes it (partners/_figure_row.html), in English."""
    return "< 5" if count.suppressed else "hidden" if count.withheld else str(count.value)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_figures_download_hides_exactly_what_the_page_hides(client, partner, programme, figures_data, fmt):
    login(client, partner)
    page = client.get(reverse("partners:figures"), headers={"accept-language": "en"})
    assert f'href="?format={fmt}"' in page.content.decode()
    response = client.get(reverse("partners:figures"), {"format": fmt}, headers={"accept-language": "en"})
    rows = download_rows(response, fmt, f"angka-mitra-indonesia-{timezone.localdate().isoformat()}")
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "Warga" not in text and REASON not in text and "83.3" not in text
    assert any(row and str(row[0]).startswith("Counts from 1 to 4 are shown as") for row in rows)
    header = next(row for row in rows if row and row[0] == "Code")
    assert header == ["Code", "Name", "Villages", "Referrals", "Taken up", "Uptake (%)"]
    sections: dict[str, dict[str, list[str]]] = {}
    for row in rows[rows.index(header) + 1 :]:
        if len(row) == 1:
            current = sections.setdefault(row[0], {})
        else:
            cells = [*row[2:], *[None] * (6 - len(row))]  # an XLSX row ends at its last value
            current[str(row[0])] = ["" if cell is None else str(cell) for cell in cells]
    # Every count the page shows, the download shows as the page does; nothing the page hides.
    for title, found in (("Per programme", page.context["programmes"]), ("Per region", page.context["regions"])):
        assert set(sections[title]) == {r.key for r in found}
        for r in found:
            uptake = "" if r.uptake is None else str(r.uptake)
            assert sections[title][r.key] == [str(r.villages.value), _shown(r.referrals), _shown(r.taken_up), uptake]
    big, small = str(programme.pk), str(figures_data.pk)
    assert sections["Per programme"][big] == ["2", "6", "hidden", ""]
    assert sections["Per programme"][small] == ["0", "< 5", "0", ""]
    assert sections["Per region"]["33"][1] == "< 5" and sections["Per region"]["35"][1] == "6"


def test_staff_download_the_small_counts_and_the_uptake(client, regency_officer, programme, figures_data):
    login(client, regency_officer)
    response = client.get(reverse("partners:figures"), {"region": "35.07", "format": "csv"})
    rows = download_rows(response, "csv", f"angka-mitra-35.07-{timezone.localdate().isoformat()}")
    assert rows[0] == ["Program mitra dalam angka"]  # Indonesian by default
    assert not any(row and row[0].startswith("Jumlah 1 sampai 4") for row in rows)  # nothing hidden from staff
    line = next(row for row in rows if row and row[0] == str(programme.pk))
    assert line[2:] == ["1", "6", "5", "83.3"]  # Decimal text, never a float
    login(client, make_user("officer_wonosobo", "regency_officer", "33.07"))
    assert client.get(reverse("partners:figures"), {"region": "35.07", "format": "csv"}).status_code == 404
