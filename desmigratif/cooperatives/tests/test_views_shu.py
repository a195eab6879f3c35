"""SHU pages: distribute a closed year through the page, see pools and shares, export XLSX."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from conftest import login, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives.models import ShuDistribution
from desmigratif.cooperatives.tests.lending import make_member
from desmigratif.cooperatives.tests.test_shu import JOIN, year_2025  # noqa: F401 - the hand-computed year, a fixture
from desmigratif.core.testing import assert_access, download_rows, table_of

pytestmark = pytest.mark.django_db


def test_distribute_2025_through_the_page_and_export_it(
    client,
    cooperative,
    treasurer,
    year_2025,  # noqa: F811
    regency_officer,
    facilitator_a,
    django_assert_num_queries,
):
    url = reverse("shu:list", args=[cooperative.pk])
    assert login(client, regency_officer).post(url, {"year": 2025}).status_code == 403
    other = make_user("koperasi_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    assert_access(client, url, allowed=[treasurer, regency_officer], not_found=[other, facilitator_a])
    response = login(client, treasurer).post(url, {"year": 2025})
    distribution = ShuDistribution.objects.get()
    assert response.status_code == 302
    detail = reverse("shu:detail", args=[cooperative.pk, distribution.pk])
    with django_assert_num_queries(6):  # session, user with roles, cooperative, distribution, pools, shares
        page = client.get(detail).content.decode()
    assert "Rp1.500.000,00" in page and "Rp600.001,00" in page and "Rp599.999,00" in page
    book = load_workbook(io.BytesIO(client.get(detail, {"format": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    totals = [row[6] for row in rows if row and isinstance(row[0], str) and row[0].isdigit()]
    assert sum(Decimal(str(t)) for t in totals) == Decimal("599999")
    # A year can be distributed once: it is no longer offered, and posting it again is refused.
    again = client.post(url, {"year": 2025})
    assert again.status_code == 400 and ShuDistribution.objects.count() == 1


def test_the_shu_list_query_count_does_not_grow(
    client,
    cooperative,
    treasurer,
    year_2025,  # noqa: F811
    django_assert_num_queries,
):
    from desmigratif.cooperatives import shu

    shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)
    login(client, treasurer)
    # session, user with roles, cooperative, the distributed years, distributions, SHU shares of the AD/ART
    with django_assert_num_queries(6):
        assert client.get(reverse("shu:list", args=[cooperative.pk])).status_code == 200


@pytest.mark.parametrize("joined", [0, 10])
def test_the_shu_download_costs_a_fixed_number_of_queries(
    client,
    cooperative,
    treasurer,
    year_2025,  # noqa: F811
    joined,
    django_assert_num_queries,
):
    from desmigratif.cooperatives import shu

    for i in range(joined):  # more members, each with a share of the year's SHU
        make_member(cooperative, treasurer, date=JOIN, full_name=f"Anggota {i:02}")
    distribution = shu.shu_distribute(cooperative=cooperative, year=2025, actor=treasurer)
    detail = reverse("shu:detail", args=[cooperative.pk, distribution.pk])
    login(client, treasurer)
    for fmt in ("xlsx", "csv"):
        # session, user with roles, cooperative, distribution, pools, shares (member and person joined)
        with django_assert_num_queries(6):
            response = client.get(detail, {"format": fmt})
        found = download_rows(response, fmt, "shu-202501-202512")
        assert len(table_of(found, "Nomor anggota")) == 3 + joined
