"""The dashboard: who sees which region, small counts hidden from partners, drill-down, filters."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login, make_user
from desmigratif.core.testing import assert_access, download_rows, table_of
from desmigratif.lib.months import month_start
from desmigratif.monitoring import selectors
from desmigratif.monitoring.models import Indicator, Rollup

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:dashboard")
THIS_MONTH = month_start(timezone.localdate())


def put(village, code, value, month=THIS_MONTH, denominator=0):
    return Rollup.objects.create(
        village_id=village,
        month=month,
        indicator=Indicator.objects.get(code=code),
        value=value,
        denominator=denominator,
    )


@pytest.fixture
def figures(regions):
    put(VILLAGE_A, "prospective_served", 3)  # small: hidden from partners
    put(VILLAGE_B, "prospective_served", 9)
    put(VILLAGE_C, "prospective_served", 20)
    last_month = month_start(THIS_MONTH - datetime.timedelta(days=1))
    put(VILLAGE_A, "complaints_received", 4, month=last_month)
    put(VILLAGE_A, "complaints_received", 2)
    # Stocks count at the end of the period only.
    put(VILLAGE_A, "coop_members", 40, month=last_month)
    put(VILLAGE_A, "coop_members", 45)
    put(VILLAGE_A, "par30", Decimal("250000"), denominator=Decimal("1000000"))


def figure(page, code):
    start = page.index(f'id="ind-{code}">') + len(f'id="ind-{code}">')
    return page[start : page.index("<", start)]


def test_who_sees_which_region(client, figures, ministry_staff, regency_officer, facilitator_a, facilitator_b, partner):
    nation = URL + "?region="
    assert_access(client, nation, allowed=[ministry_staff, partner], not_found=[regency_officer, facilitator_a])
    village_a = URL + f"?region={VILLAGE_A}"
    assert_access(
        client, village_a, allowed=[ministry_staff, regency_officer, facilitator_a], not_found=[facilitator_b]
    )
    wonosobo = URL + "?region=33.07"
    assert_access(client, wonosobo, allowed=[ministry_staff], not_found=[regency_officer, facilitator_a])
    assert_access(client, URL + "?region=99.99", not_found=[ministry_staff])
    no_role = make_user("nobody", None)
    assert_access(client, URL, not_found=[no_role])


def test_the_nation_adds_up_its_villages(client, figures, ministry_staff):
    page = login(client, ministry_staff).get(URL, headers={"accept-language": "en"}).content.decode()
    assert figure(page, "prospective_served") == "32"
    assert figure(page, "complaints_received") == "6"  # a flow: both months
    assert figure(page, "coop_members") == "45"  # a stock: the last month
    assert figure(page, "par30") == "25.00%"  # a ratio of sums
    assert figure(page, "remittance_cost") == "—"  # nothing recorded


def test_a_regency_officer_opens_on_the_regency_and_drills_down(client, figures, regency_officer):
    page = login(client, regency_officer).get(URL, headers={"accept-language": "en"}).content.decode()
    assert "Malang" in page and figure(page, "prospective_served") == "12"
    # The ranked table lists the regency's districts, the biggest first, each a link one level down.
    table = page[page.index('id="children"') :]
    assert table.index("Kalipare") < table.index("Pagelaran")
    assert "?region=35.07.33&amp;" in table
    village = client.get(URL, {"region": VILLAGE_A}, headers={"accept-language": "en"}).content.decode()
    assert figure(village, "prospective_served") == "3" and 'id="children"' not in village


def test_partners_do_not_see_counts_below_five(client, figures, partner, ministry_staff):
    login(client, partner)
    village = client.get(URL, {"region": VILLAGE_A}, headers={"accept-language": "en"}).content.decode()
    assert figure(village, "prospective_served") == "fewer than 5"
    assert figure(village, "complaints_received") == "6"  # 4 + 2: not small
    assert figure(village, "coop_members") == "45"
    staff = login(client, ministry_staff).get(URL, {"region": VILLAGE_A}, headers={"accept-language": "en"})
    assert figure(staff.content.decode(), "prospective_served") == "3"


def test_a_ratio_is_hidden_from_partners_when_its_denominator_is_small(regions):
    uptake = Indicator.objects.get(code="partner_uptake")
    assert uptake.suppress_small  # migration 0008

    def read(village, suppress):
        found = selectors.figures(
            catalogue=[uptake], prefix=village, start=THIS_MONTH, end=THIS_MONTH, suppress=suppress
        )
        return found["partner_uptake"]

    put(VILLAGE_A, "partner_uptake", 1, denominator=1)  # one referral, taken up: 100 %
    hidden = read(VILLAGE_A, suppress=True)
    assert hidden.suppressed and hidden.value is None
    assert read(VILLAGE_A, suppress=False).value == Decimal("100.00")
    # A small share of many referrals is shown: what matters is how many people it is a share of.
    put(VILLAGE_B, "partner_uptake", 2, denominator=50)
    shown = read(VILLAGE_B, suppress=True)
    assert not shown.suppressed and shown.value == Decimal("4.00")


def test_the_page_costs_the_same_whatever_the_records(client, figures, ministry_staff, django_assert_num_queries):
    login(client, ministry_staff)
    # session, user with roles, indicators, cohorts, rollup version, period sums, histograms, chart,
    # sub-regions, their names
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200
    # The same figures again, for anyone: from the cache, as long as the rollups are unchanged.
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
    for village in (VILLAGE_A, VILLAGE_B, VILLAGE_C):
        for month in range(2, 12):
            put(village, "remittance_volume", 1000 * month, month=datetime.date(2025, month, 1))
    # ... plus the region and the names of its parents for the trail.
    with django_assert_num_queries(12):
        assert client.get(URL, {"region": "35.07"}).status_code == 200


def test_a_refresh_shows_at_once_despite_the_cache(client, figures, ministry_staff):
    login(client, ministry_staff)
    assert figure(client.get(URL).content.decode(), "prospective_served") == "32"
    # A refresh replaces a village's rows: new rows, a new version, new figures.
    Rollup.objects.filter(village_id=VILLAGE_A, indicator="prospective_served").delete()
    put(VILLAGE_A, "prospective_served", 50)
    assert figure(client.get(URL).content.decode(), "prospective_served") == "79"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13"}, "Enter a valid date"),
        ({"start": "2026-10", "end": "2026-01"}, "must not come after"),
        ({"start": "2020-01", "end": "2026-01"}, "at most 36 months"),
        ({"cohort": "nope"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, figures, ministry_staff, params, message):
    response = login(client, ministry_staff).get(URL, params, headers={"accept-language": "en"})
    assert response.status_code == 400 and message in response.content.decode()


def test_the_catalogue_explains_every_indicator(client, regions, partner):
    page = login(client, partner).get(reverse("monitoring:catalogue"), headers={"accept-language": "id"})
    text = page.content.decode()
    assert page.status_code == 200
    for indicator in Indicator.objects.all():
        assert indicator.name_id in text and indicator.formula.replace(">", "&gt;").replace("<", "&lt;") in text
    # A count's unit is "jumlah" (how many), not "nomor" (an identifying number).
    assert "<dd>jumlah</dd>" in text and "<dd>nomor</dd>" not in text


def test_the_command_refreshes_months_and_refuses_bad_ones(regions, capsys):
    call_command("refresh_rollups", "--from", "2026-01", "--to", "2026-02")
    out = capsys.readouterr().out
    assert "2026-01:" in out and "2026-02:" in out
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("refresh_rollups", "--from", "january")
    with pytest.raises(CommandError, match="must not come after"):
        call_command("refresh_rollups", "--from", "2026-03", "--to", "2026-02")
    # The tests' immediate task backend cannot defer: scheduling says so instead of looping.
    with pytest.raises(CommandError, match="cannot defer"):
        call_command("refresh_rollups", "--schedule")


def test_the_recurring_task_enqueues_its_next_run(regions, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("refresh_rollups", "--schedule")
    call_command("refresh_rollups", "--schedule")  # one waiting run is enough
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_rollups", status="READY").count() == 1


@pytest.fixture
def programme(figures):
    from desmigratif.regions.models import ProgramVillage, Village

    ProgramVillage.objects.create(village_id=VILLAGE_A, cohort_year=2017, status="designated")
    ProgramVillage.objects.create(village_id=VILLAGE_B, cohort_year=2017, status="candidate")
    ProgramVillage.objects.create(village_id=VILLAGE_C, cohort_year=2018, status="designated")
    Village.objects.filter(code=VILLAGE_B).update(lat=None)


def test_rollout_by_cohort(
    client, programme, ministry_staff, regency_officer, facilitator_b, django_assert_num_queries
):
    url = reverse("monitoring:cohorts")
    assert_access(client, url + "?region=35.07", allowed=[ministry_staff, regency_officer], not_found=[facilitator_b])
    login(client, ministry_staff)
    # session, user with roles, indicators, cohorts, rollup version, villages by cohort and status,
    # figures by cohort
    with django_assert_num_queries(7):
        page = client.get(url, headers={"accept-language": "en"}).content.decode()
    cohort_2017 = page[page.index('id="cohort-2017"') : page.index('id="cohort-2018"')]
    assert "Designated 1" in cohort_2017 and "Candidate 1" in cohort_2017
    assert ">12<" in cohort_2017  # prospective workers served in Brongkal and Arjowilangun: 3 + 9
    assert ">20<" in page[page.index('id="cohort-2018"') :]


def test_the_map_places_programme_villages_without_tiles(client, programme, regency_officer, facilitator_b):
    url = reverse("monitoring:map")
    assert_access(client, url + f"?region={VILLAGE_A}", allowed=[regency_officer], not_found=[facilitator_b])
    page = login(client, regency_officer).get(url, headers={"accept-language": "en"}).content.decode()
    assert page.count("<circle") == 1  # Brongkal; Arjowilangun has no coordinates, Kuripan is elsewhere
    assert f"?region={VILLAGE_A}" in page and "1 village has no coordinates" in page
    assert '<svg class="map"' in page and "tile" not in page.lower()


def test_the_tables_export_as_xlsx_and_csv(client, programme, partner, ministry_staff):
    import csv
    import io

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    login(client, partner)
    response = client.get(URL, {"region": "35.07", "format": "csv"}, headers={"accept-language": "en"})
    assert response["Content-Type"].startswith("text/csv") and ".csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = next(r for r in rows if r and r[0] == "Region code")
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[rows.index(header) + 1 :]}
    # Pagelaran (Brongkal) served 3: hidden from a partner; Kalipare 9.
    assert by_code["35.07.33"]["Prospective workers served"] == "<5"
    assert by_code["35.07.11"]["Prospective workers served"] == "9"
    book = load_workbook(io.BytesIO(client.get(URL, {"region": "35.07", "format": "xlsx"}).content))
    assert any(row and row[1] == "Kalipare" for row in book.active.iter_rows(values_only=True))
    login(client, ministry_staff)
    cohort_csv = client.get(reverse("monitoring:cohorts"), {"format": "csv"}, headers={"accept-language": "en"})
    lines = cohort_csv.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("2017,1,1,") for line in lines), lines


def test_the_download_links_keep_the_page_query_and_name_the_region(client, programme, partner, ministry_staff):
    login(client, partner)
    page = client.get(URL, {"region": "35.07", "sort": "coop_members"}).content.decode()
    assert 'href="?region=35.07&amp;sort=coop_members&amp;format=xlsx"' in page
    assert 'href="?region=35.07&amp;sort=coop_members&amp;format=csv"' in page
    # Without ?region= the page shows the user's home region (the nation here), and the links say so.
    login(client, ministry_staff)
    page = client.get(reverse("monitoring:cohorts")).content.decode()
    assert 'href="?region=&amp;format=csv"' in page


def more_villages(count):
    """``count`` more villages of Kabupaten Malang, each in a district of its own (35.07.20, …)."""
    from desmigratif.regions.models import District, Regency, Village

    malang = Regency.objects.get(code="35.07")
    made = []
    for i in range(count):
        district = District.objects.create(code=f"35.07.{20 + i}", regency=malang, name=f"Kecamatan {i}")
        made.append(
            Village.objects.create(code=f"{district.code}.2001", district=district, name=f"Desa {i}", kind="desa")
        )
    return made


@pytest.mark.parametrize("extra", [0, 6])
def test_the_dashboard_download_costs_a_fixed_number_of_queries(
    client, figures, ministry_staff, extra, django_assert_num_queries
):
    for village in more_villages(extra):
        put(village.code, "prospective_served", 7)
    login(client, ministry_staff)
    month = f"{THIS_MONTH:%Y-%m}"
    params = {"region": "35.07", "start": month, "end": month}
    for fmt in ("xlsx", "csv"):
        cache.clear()  # the figures computed afresh, as after a refresh: the cost that could grow
        # session, user with roles, region, indicators, cohorts, rollup version, sums by sub-region,
        # their names (the page's trail up to the nation is not in a download)
        with django_assert_num_queries(8):
            response = client.get(URL, {**params, "format": fmt})
        found = download_rows(response, fmt, f"indikator-35.07-{THIS_MONTH:%Y%m}-{THIS_MONTH:%Y%m}")
        assert len(table_of(found, "Kode wilayah")) == 2 + extra  # Pagelaran, Kalipare and the new ones


@pytest.mark.parametrize("extra", [0, 6])
def test_the_cohort_download_costs_a_fixed_number_of_queries(
    client, programme, ministry_staff, extra, django_assert_num_queries
):
    from desmigratif.regions.models import ProgramVillage

    for i, village in enumerate(more_villages(extra)):
        ProgramVillage.objects.create(village=village, cohort_year=2019 + i, status="designated")
        put(village.code, "prospective_served", 7)
    login(client, ministry_staff)
    month = f"{THIS_MONTH:%Y-%m}"
    url = reverse("monitoring:cohorts")
    for fmt in ("xlsx", "csv"):
        cache.clear()  # the figures computed afresh, as after a refresh: the cost that could grow
        # session, user with roles, indicators, cohorts, rollup version, villages by cohort and status,
        # figures by cohort
        with django_assert_num_queries(7):
            response = client.get(url, {"start": month, "end": month, "format": fmt})
        found = download_rows(response, fmt, f"angkatan-indonesia-{THIS_MONTH:%Y%m}-{THIS_MONTH:%Y%m}")
        assert len(table_of(found, "Angkatan")) == 2 + extra  # 2017, 2018 and one a year after
