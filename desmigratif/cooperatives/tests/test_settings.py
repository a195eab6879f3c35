"""AD/ART parameters and collectibility thresholds changed after setup: rules, pages, audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import VILLAGE_A, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.cooperatives import loans, services
from desmigratif.cooperatives.models import CollectibilityClass, CollectibilityScheme, Cooperative
from desmigratif.core.testing import assert_access

pytestmark = pytest.mark.django_db

SHARES = {
    "reserve": Decimal("30"),
    "jasa_modal": Decimal("25"),
    "jasa_usaha": Decimal("25"),
    "education": Decimal("20"),
}


def update(cooperative, actor, **overrides):
    values = {
        "name": cooperative.name,
        "legal_entity_number": "AHU-0001234.AH.01.26.2026",
        "principal_savings_amount": Decimal("150000"),
        "mandatory_savings_amount": Decimal("25000"),
        "mandatory_savings_period_months": 1,
        "jasa_modal_counts_voluntary": True,
        "shu": SHARES,
    }
    values.update(overrides)
    return services.cooperative_update(cooperative=cooperative, actor=actor, **values)


def test_the_members_meeting_changes_the_ad_art(cooperative, treasurer):
    update(cooperative, treasurer)
    cooperative.refresh_from_db()
    assert cooperative.principal_savings_amount == Decimal("150000")
    assert cooperative.mandatory_savings_amount == Decimal("25000")
    assert cooperative.jasa_modal_counts_voluntary is True
    assert {a.pool: a.percent for a in cooperative.shu_allocations.all()} == SHARES
    row = AuditLog.objects.get(event=AuditEvent.COOPERATIVE_SETTINGS_CHANGED)
    assert row.actor == treasurer and row.region_code == VILLAGE_A
    assert row.changes["principal_savings_amount"] == ["100000.00", "150000.00"]
    assert row.changes["shu"][1] == {pool: str(p) for pool, p in sorted(SHARES.items())}
    # A new member pays the new simpanan pokok.
    member = services.member_join(
        cooperative=cooperative, person=make_person(treasurer, VILLAGE_A), date=datetime.date.today(), actor=treasurer
    )
    assert member.savings_accounts.get(kind="principal").balance == Decimal("150000")


def test_shares_that_do_not_add_up_to_100_change_nothing(cooperative, treasurer):
    with pytest.raises(ValidationError) as error:
        update(cooperative, treasurer, shu={**SHARES, "reserve": Decimal("31")}, principal_savings_amount=Decimal(1))
    assert "must add up to 100%" in str(error.value)
    cooperative.refresh_from_db()
    assert cooperative.principal_savings_amount == Decimal("100000")
    assert sum(a.percent for a in cooperative.shu_allocations.all()) == 100
    assert cooperative.shu_allocations.filter(pool="reserve").get().percent == Decimal("40")
    assert not AuditLog.objects.filter(event=AuditEvent.COOPERATIVE_SETTINGS_CHANGED).exists()


def test_a_negative_amount_or_period_is_refused(cooperative, treasurer):
    with pytest.raises(ValidationError, match="cannot be negative"):
        update(cooperative, treasurer, mandatory_savings_amount=Decimal("-1"))
    with pytest.raises(ValidationError, match="from 1 to 12"):
        update(cooperative, treasurer, mandatory_savings_period_months=13)


def test_only_the_cooperatives_own_officers_change_it(cooperative, regency_officer):
    other = make_user("koperasi_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    for actor in (regency_officer, other):
        with pytest.raises(PermissionDenied):
            update(cooperative, actor)


def bank(cooperative):
    return list(CollectibilityClass.objects.filter(cooperative=cooperative, scheme="bank5").order_by("rank"))


def test_the_cooperative_sets_its_own_collectibility_thresholds(cooperative, treasurer):
    # Bank defaults: 0, 1, 91, 121, 181 days (B14). A stricter policy: 0, 1, 31, 61, 91.
    assert loans.collectibility(45, bank(cooperative)).code == "dpk"
    services.collectibility_update(
        cooperative=cooperative,
        scheme=CollectibilityScheme.BANK,
        classes={1: (0, False), 2: (1, False), 3: (31, True), 4: (61, True), 5: (91, True)},
        actor=treasurer,
    )
    assert loans.collectibility(45, bank(cooperative)).code == "kurang_lancar"
    assert loans.collectibility(30, bank(cooperative)).code == "dpk"
    row = AuditLog.objects.get(event=AuditEvent.COLLECTIBILITY_CHANGED)
    assert row.changes["bank5.kurang_lancar"] == [[91, True], [31, True]]
    assert "bank5.lancar" not in row.changes


@pytest.mark.parametrize(
    ("classes", "message"),
    [
        ({1: (5, False), 2: (6, False), 3: (91, True), 4: (121, True), 5: (181, True)}, "starts at 0 days"),
        ({1: (0, False), 2: (1, False), 3: (121, True), 4: (121, True), 5: (181, True)}, "later than the one before"),
        ({1: (0, False), 2: (1, False), 3: (91, True)}, "every class"),
    ],
)
def test_thresholds_that_leave_a_gap_or_overlap_are_refused(cooperative, treasurer, classes, message):
    with pytest.raises(ValidationError, match=message):
        services.collectibility_update(cooperative=cooperative, scheme="bank5", classes=classes, actor=treasurer)
    assert [c.min_days_past_due for c in bank(cooperative)] == [0, 1, 91, 121, 181]


# --- pages ------------------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "name": "Koperasi Demo Brongkal",
        "legal_entity_number": "",
        "principal_savings_amount": "150.000",
        "mandatory_savings_amount": "25.000",
        "mandatory_savings_period_months": "1",
        "shu_reserve": "40",
        "shu_jasa_modal": "20",
        "shu_jasa_usaha": "20",
        "shu_management": "5",
        "shu_employees": "5",
        "shu_education": "5",
        "shu_social": "5",
        "shu_regional": "0",
    }
    data.update(overrides)
    return data


def test_who_sees_and_who_changes_the_settings(client, cooperative, treasurer, regency_officer, facilitator_a, partner):
    url = reverse("cooperatives:settings", args=[cooperative.pk])
    other = make_user("koperasi_b", Role.COOPERATIVE_OFFICER, "35.07.11.2008")
    assert_access(
        client,
        url,
        allowed=[treasurer, regency_officer],
        not_found=[other, facilitator_a, partner],
        secrets=["Koperasi Demo Brongkal"],
    )
    assert_access(
        client,
        url,
        method="post",
        data=form_data(),
        forbidden=[regency_officer],
        not_found=[other, facilitator_a],
        allowed=[treasurer],
        allowed_status=302,
    )
    assert Cooperative.objects.get().principal_savings_amount == Decimal("150000")


def test_the_settings_page_in_indonesian(client, cooperative, treasurer, django_assert_num_queries):
    login(client, treasurer)
    url = reverse("cooperatives:settings", args=[cooperative.pk])
    # session, user with roles, cooperative, SHU shares, collectibility classes
    with django_assert_num_queries(5):
        page = client.get(url, headers={"accept-language": "id"}).content.decode()
    assert "Pengaturan AD/ART" in page and "Dalam Perhatian Khusus" in page
    response = client.post(url, form_data(shu_reserve="41"))
    assert response.status_code == 400 and "100%" in response.content.decode()
    assert Cooperative.objects.get().principal_savings_amount == Decimal("100000")


def test_changing_thresholds_through_the_page(client, cooperative, treasurer, regency_officer):
    url = reverse("cooperatives:collectibility", args=[cooperative.pk, "coop4"])
    assert login(client, regency_officer).get(url).status_code == 200
    assert client.post(url, {"days_2": "31", "days_3": "91", "days_4": "181"}).status_code == 403
    login(client, treasurer)
    bad = client.post(url, {"days_2": "31", "days_3": "31", "days_4": "181", "npl_2": "on"})
    assert bad.status_code == 400
    # The first class cannot be moved from 0, whatever is posted.
    response = client.post(url, {"days_1": "7", "days_2": "31", "days_3": "91", "days_4": "181", "npl_3": "on"})
    assert response.status_code == 302
    rows = CollectibilityClass.objects.filter(cooperative=cooperative, scheme="coop4").order_by("rank")
    expected = [(0, False), (31, False), (91, True), (181, False)]
    assert [(c.min_days_past_due, c.non_performing) for c in rows] == expected
    assert client.get(reverse("cooperatives:collectibility", args=[cooperative.pk, "nope"])).status_code == 404


def test_downloading_a_passbook_is_audited(client, cooperative, treasurer):
    member = services.member_join(
        cooperative=cooperative, person=make_person(treasurer, VILLAGE_A), date=datetime.date.today(), actor=treasurer
    )
    login(client, treasurer).get(reverse("cooperatives:passbook_pdf", args=[cooperative.pk, member.pk]))
    row = AuditLog.objects.get(event=AuditEvent.PASSBOOK_DOWNLOADED)
    assert (row.actor, row.subject_id, row.region_code) == (treasurer, str(member.pk), VILLAGE_A)
