"""What partners see: counts per programme and region, small counts suppressed, never names."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_C, login, make_person
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


def test_the_uptake_reads_in_the_users_language(client, regency_officer, programme, figures_data):
    login(client, regency_officer)
    url = reverse("partners:figures")
    assert "83,3%" in client.get(url, {"region": "35.07"}, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "83.3%" in client.get(url, {"region": "35.07"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
