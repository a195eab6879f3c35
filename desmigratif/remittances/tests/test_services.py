"""Remittances: the World Bank cost definition, benchmarks, validation, deposit into savings."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from conftest import VILLAGE_A, VILLAGE_C, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services as cooperatives
from desmigratif.cooperatives.models import Account, SavingsAccount, SavingsKind
from desmigratif.regions.models import Village
from desmigratif.remittances import selectors, services
from desmigratif.remittances.models import CorridorBenchmark

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def data(recipient, **overrides):
    values = {
        "recipient": recipient,
        "received_on": DAY,
        "sending_country": "MY",
        "amount_sent": Decimal("1000"),
        "currency_sent": "MYR",
        "fee": Decimal("10"),
        "mid_rate": Decimal("3500"),
        "amount_received": Decimal("3430000"),
        "channel": "remittance_company",
        "intended_use": "education",
    }
    values.update(overrides)
    return services.RemittanceData(**values)


def test_total_cost_is_fee_plus_exchange_margin_as_a_share_of_the_amount_sent():
    # Send 200 USD with a 5 USD fee; mid 16,000, applied 15,680 (2 % margin): (5 + 0.02 × 200) / 200 = 4.5 %.
    assert services.total_cost_percent(Decimal(200), Decimal(5), Decimal(15680), Decimal(16000)) == Decimal("4.50")
    assert services.total_cost_percent(Decimal(200), Decimal(0), Decimal(16000), Decimal(16000)) == Decimal("0.00")


def test_a_recorded_remittance_keeps_its_cost_and_the_latest_corridor_benchmark(facilitator_a, person_a):
    remittance = services.remittance_record(data=data(person_a), actor=facilitator_a)
    # Applied rate from the receipt's figures: 3,430,000 / 1,000 = 3,430; margin 2 %; fee 1 %: 3 %.
    assert remittance.applied_rate == Decimal("3430")
    assert remittance.total_cost_percent == Decimal("3.00")
    assert remittance.village_id == VILLAGE_A
    assert remittance.benchmark is not None and remittance.benchmark.period == "2020Q3"
    assert remittance.benchmark.average_total_cost_percent == Decimal("5.3914")


def test_a_corridor_without_published_figures_has_no_benchmark(facilitator_a, person_a):
    remittance = services.remittance_record(
        data=data(
            person_a,
            sending_country="HK",
            currency_sent="HKD",
            amount_received=Decimal("2000000"),
            mid_rate=Decimal("2050"),
        ),
        actor=facilitator_a,
    )
    assert remittance.benchmark is None
    assert not CorridorBenchmark.objects.filter(sending_country="HK").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency_sent": "XXQ"}, "currency_sent"),
        ({"currency_sent": "IDR"}, "currency_sent"),
        ({"sending_country": "ID"}, "sending_country"),
        ({"amount_sent": Decimal(0)}, "amount_sent"),
        ({"fee": Decimal(-1)}, "fee"),
        ({"fee": Decimal(2000)}, "fee"),
        ({"mid_rate": Decimal(0)}, "mid_rate"),
        ({"received_on": datetime.date.today() + datetime.timedelta(days=1)}, "received_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"applied_rate": Decimal("4000")}, "applied_rate"),
    ],
)
def test_bad_figures_are_refused_with_the_field_named(facilitator_a, person_a, overrides, field):
    with pytest.raises(ValidationError) as exc:
        services.remittance_record(data=data(person_a, **overrides), actor=facilitator_a)
    assert field in exc.value.message_dict


def test_only_someone_in_the_recipients_village_may_record(facilitator_b, regency_officer, person_a):
    for actor in (facilitator_b, regency_officer):
        with pytest.raises(PermissionDenied):
            services.remittance_record(data=data(person_a), actor=actor)


def test_part_of_a_remittance_goes_into_the_recipients_voluntary_savings(treasurer, person_a, facilitator_a):
    cooperative = cooperatives.cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi",
        founded_on=DAY,
        principal_savings_amount=Decimal("50000"),
        mandatory_savings_amount=Decimal("10000"),
        actor=treasurer,
    )
    remittance = services.remittance_record(data=data(person_a), actor=facilitator_a)
    with pytest.raises(ValidationError, match="not an active member"):
        services.remittance_deposit(remittance=remittance, amount=Decimal("500000"), date=DAY, actor=treasurer)
    member = cooperatives.member_join(cooperative=cooperative, person=person_a, date=DAY, actor=treasurer)
    with pytest.raises(ValidationError, match="at most"):
        services.remittance_deposit(remittance=remittance, amount=Decimal("3430001"), date=DAY, actor=treasurer)
    # The facilitator records remittances but does not run the cooperative's books.
    with pytest.raises(PermissionDenied):
        services.remittance_deposit(remittance=remittance, amount=Decimal("500000"), date=DAY, actor=facilitator_a)
    services.remittance_deposit(remittance=remittance, amount=Decimal("500000"), date=DAY, actor=treasurer)
    voluntary = SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY)
    assert voluntary.balance == Decimal("500000.00")
    assert Account.objects.get(cooperative=cooperative, role="savings_voluntary").balance == Decimal("-500000.00")
    with pytest.raises(ValidationError, match="already"):
        services.remittance_deposit(remittance=remittance, amount=Decimal("1"), date=DAY, actor=treasurer)


def test_village_and_regency_summaries_in_one_query(
    facilitator_a, facilitator_b, regency_officer, regions, django_assert_num_queries
):
    a = make_person(facilitator_a, VILLAGE_A)
    b = make_person(facilitator_b, "35.07.11.2008")
    services.remittance_record(data=data(a), actor=facilitator_a)  # 3.00 %
    services.remittance_record(data=data(a, fee=Decimal("40")), actor=facilitator_a)  # 6.00 %
    services.remittance_record(
        data=data(b, fee=Decimal("30"), amount_received=Decimal("3500000")), actor=facilitator_b
    )  # 3.00 %
    other = make_user("fasilitator_c", Role.FACILITATOR, VILLAGE_C)
    services.remittance_record(data=data(make_person(other, VILLAGE_C)), actor=other)
    with django_assert_num_queries(3):  # role assignments, the ceiling (data), the grouped rows
        villages = selectors.summary(regency_officer, by="village", start=DAY, end=DAY)
    assert [(r.area, r.count, r.volume, r.average_cost, r.above_ceiling) for r in villages] == [
        ("35.07.11.2008", 1, Decimal("3500000.00"), Decimal("3.00"), 0),
        (VILLAGE_A, 2, Decimal("6860000.00"), Decimal("4.50"), 1),
    ]
    assert villages[1].share_above_ceiling == Decimal("50.00")
    regencies = selectors.summary(regency_officer, by="regency", start=DAY, end=DAY)
    assert [(r.area, r.count) for r in regencies] == [("35.07", 3)]  # Wonosobo is out of scope


def test_without_a_ceiling_rule_in_force_nothing_counts_as_above_it(facilitator_a, regency_officer, person_a):
    from desmigratif.remittances.models import CostTarget

    services.remittance_record(data=data(person_a, fee=Decimal("40")), actor=facilitator_a)  # 6.00 %
    CostTarget.objects.filter(code="sdg_10c_corridor").update(valid_to=datetime.date(2020, 1, 1))
    assert selectors.ceiling_percent(DAY) is None
    [row] = selectors.summary(regency_officer, by="village", start=DAY, end=DAY)
    assert row.count == 1 and row.above_ceiling == 0
