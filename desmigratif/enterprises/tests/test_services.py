"""Domain rules of enterprises, progress reports and trainings, through the real services."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from conftest import VILLAGE_A, VILLAGE_B, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.cooperatives import services as coop
from desmigratif.cooperatives.models import InterestMethod
from desmigratif.cooperatives.tests.lending import fund, make_loan, make_product
from desmigratif.enterprises import selectors, services
from desmigratif.enterprises.models import (
    Attendance,
    Enterprise,
    EnterpriseOwner,
    Participant,
    ProgressReport,
    StatusChange,
)
from desmigratif.enterprises.tests.conftest import register, report, sector, train
from desmigratif.regions.models import Village

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4 fake"

# --- Enterprises ----------------------------------------------------------------------------------


def test_registering_keeps_owners_money_as_decimal_and_starts_the_history(facilitator_a, owner_a):
    partner = make_person(facilitator_a, VILLAGE_A, full_name="Budi Santoso", migrant_status="family", sex="M")
    enterprise = register(facilitator_a, [owner_a, partner, owner_a], capital=Decimal("2500000.50"))
    enterprise.refresh_from_db()
    assert enterprise.capital == Decimal("2500000.50") and isinstance(enterprise.capital, Decimal)
    assert set(enterprise.owners.values_list("full_name", flat=True)) == {"Siti Aminah", "Budi Santoso"}
    [first] = enterprise.status_changes.all()
    assert (first.from_status, first.to_status, first.on) == ("", "running", datetime.date(2025, 1, 10))


def test_an_owner_must_live_in_the_users_area(facilitator_a, facilitator_b, owner_a):
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Dewi Lestari")
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, [owner_a, outsider])
    assert "Dewi Lestari lives outside your area" in exc.value.message_dict["owners"][0]
    with pytest.raises(ValidationError) as exc:
        register(facilitator_b, [outsider], village=VILLAGE_A)
    assert "village" in exc.value.message_dict
    assert not Enterprise.objects.exists() and not EnterpriseOwner.objects.exists()


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("name", {"name": "  "}),
        ("owners", {"owners": []}),
        ("capital", {"capital": Decimal("-1")}),
        ("capital_source", {"capital_source": "lottery"}),
        ("started_on", {"started_on": datetime.date(2999, 1, 1)}),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(facilitator_a, owner_a, field, overrides):
    owners = overrides.pop("owners", [owner_a])
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, owners, **overrides)
    assert field in exc.value.message_dict
    assert not Enterprise.objects.exists() and not StatusChange.objects.exists()


def test_status_changes_are_kept_as_history(facilitator_a, enterprise_a, regency_officer):
    services.enterprise_set_status(enterprise=enterprise_a, status="paused", note="Musim hujan", actor=facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.enterprise_set_status(enterprise=enterprise_a, status="paused", actor=facilitator_a)
    assert exc.value.message_dict["status"] == [str(services.STATUS_SAME)]
    services.enterprise_set_status(enterprise=enterprise_a, status="running", actor=regency_officer)
    services.enterprise_set_status(enterprise=enterprise_a, status="closed", actor=regency_officer)
    history = list(selectors.enterprise_history(enterprise_a).values_list("from_status", "to_status", "note"))
    assert history == [
        ("", "running", ""),
        ("running", "paused", "Musim hujan"),
        ("paused", "running", ""),
        ("running", "closed", ""),
    ]


def test_an_idea_gets_its_start_date_when_it_starts(facilitator_a, owner_a):
    idea = register(facilitator_a, [owner_a], status="idea", started_on=None)
    with pytest.raises(ValidationError):
        report(facilitator_a, idea, datetime.date(2025, 1, 1))
    services.enterprise_set_status(enterprise=idea, status="running", on=datetime.date(2025, 2, 3), actor=facilitator_a)
    idea.refresh_from_db()
    assert idea.started_on == datetime.date(2025, 2, 3)


def test_updating_changes_details_and_owners(facilitator_a, enterprise_a, owner_a):
    other = make_person(facilitator_a, VILLAGE_A, full_name="Rina Wati")
    services.enterprise_update(
        enterprise=enterprise_a,
        data=services.EnterpriseData(
            village=enterprise_a.village,
            name="Keripik Tempe Rina",
            sector=sector("trade"),
            owners=[other],
            capital=None,
            capital_source="savings",
        ),
        actor=facilitator_a,
    )
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "Keripik Tempe Rina" and enterprise_a.sector_id == "trade"
    assert list(enterprise_a.owners.values_list("full_name", flat=True)) == ["Rina Wati"]


# --- The cooperative loan link --------------------------------------------------------------------


@pytest.fixture
def loan_setup(treasurer, facilitator_a, owner_a):
    start = datetime.date(2025, 1, 31)
    cooperative = coop.cooperative_create(
        village=Village.objects.get(code=VILLAGE_A),
        name="Koperasi Brongkal",
        founded_on=datetime.date(2018, 3, 1),
        principal_savings_amount=Decimal("100000"),
        mandatory_savings_amount=Decimal("20000"),
        actor=treasurer,
    )
    fund(cooperative, treasurer, date=start)
    product = make_product(cooperative, treasurer, name="Usaha", method=InterestMethod.FLAT)
    checker = make_user("treasurer_two", Role.COOPERATIVE_OFFICER, VILLAGE_A)

    def loan_for(person, disburse=True):
        # The member is the given person (an owner to link the loan to), so not lending's make_member.
        member = coop.member_join(cooperative=cooperative, person=person, date=start, actor=treasurer)
        approver = checker if disburse else None  # no approver: the loan stays applied for
        return make_loan(
            member,
            product,
            treasurer,
            date=start,
            principal="5000000",
            term_months=10,
            purpose="Modal",
            approver=approver,
        )

    return loan_for


def test_a_linked_loan_must_belong_to_an_owner_and_be_paid_out(facilitator_a, owner_a, loan_setup):
    other = make_person(facilitator_a, VILLAGE_A, full_name="Joko Susilo", sex="M")
    owners_loan, others_loan = loan_setup(owner_a), loan_setup(other)
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, [owner_a], capital_source="cooperative_loan", loan=others_loan)
    assert exc.value.message_dict["loan"] == [str(services.LOAN_NOT_OWNERS)]
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, [owner_a], capital_source="savings", loan=owners_loan)
    assert exc.value.message_dict["loan"] == [str(services.LOAN_WITHOUT_SOURCE)]
    enterprise = register(facilitator_a, [owner_a], capital_source="cooperative_loan", loan=owners_loan)
    assert enterprise.loan == owners_loan
    assert list(selectors.loans_for_owners(facilitator_a, [owner_a.pk])) == [owners_loan]


def test_a_loan_not_paid_out_cannot_be_linked(facilitator_a, owner_a, loan_setup):
    applied = loan_setup(owner_a, disburse=False)
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, [owner_a], capital_source="cooperative_loan", loan=applied)
    assert exc.value.message_dict["loan"] == [str(services.LOAN_NOT_PAID_OUT)]


def test_a_loan_outside_the_area_cannot_be_linked(regency_officer, facilitator_c, loan_setup, owner_a):
    loan = loan_setup(owner_a)
    # The regency officer of Kab. Malang may link it; a facilitator of Wonosobo cannot even pick the owner.
    assert register(regency_officer, [owner_a], capital_source="cooperative_loan", loan=loan).loan == loan
    assert not selectors.loans_for_owners(facilitator_c, [owner_a.pk]).exists()


def test_the_database_refuses_a_loan_without_the_loan_source(enterprise_a, owner_a, loan_setup):
    loan = loan_setup(owner_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=enterprise_a.pk).update(loan=loan)


# --- Products -------------------------------------------------------------------------------------


def test_a_product_photo_is_sniffed_and_size_limited(facilitator_a, enterprise_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = services.product_add(
        enterprise=enterprise_a,
        name="Keripik 250 g",
        price=Decimal("15000"),
        photo=SimpleUploadedFile("x.gif", PNG, content_type="image/gif"),
        actor=facilitator_a,
    )
    assert product.photo_type == "image/png" and product.photo.name.endswith(".png")
    assert product.price == Decimal("15000")
    for content, name in [(PDF, "a.jpg"), (b"", "b.png"), (PNG + b"\x00" * services.PHOTO_MAX_BYTES, "c.png")]:
        with pytest.raises(ValidationError) as exc:
            services.product_add(
                enterprise=enterprise_a,
                name="Lain",
                price=Decimal(1),
                photo=SimpleUploadedFile(name, content),
                actor=facilitator_a,
            )
        assert "photo" in exc.value.message_dict
    assert enterprise_a.products.count() == 1
    services.product_remove(product=product, actor=facilitator_a)
    assert not enterprise_a.products.exists()


def test_a_price_cannot_be_negative(facilitator_a, enterprise_a):
    with pytest.raises(ValidationError) as exc:
        services.product_add(enterprise=enterprise_a, name="Keripik", price=Decimal("-1"), actor=facilitator_a)
    assert "price" in exc.value.message_dict


# --- Progress reports -----------------------------------------------------------------------------


def test_one_report_per_enterprise_and_period(facilitator_a, enterprise_a):
    first = report(facilitator_a, enterprise_a, datetime.date(2025, 2, 1), revenue="1250000.75")
    assert first.period_end == datetime.date(2025, 2, 28) and first.revenue == Decimal("1250000.75")
    with pytest.raises(ValidationError) as exc:
        report(facilitator_a, enterprise_a, datetime.date(2025, 2, 1))
    assert exc.value.message_dict["period"] == [str(services.PERIOD_TAKEN)]
    # A quarter overlapping a reported month is refused as well.
    with pytest.raises(ValidationError):
        report(facilitator_a, enterprise_a, datetime.date(2025, 1, 1), period_kind="quarter")
    quarter = report(facilitator_a, enterprise_a, datetime.date(2025, 4, 1), period_kind="quarter")
    assert quarter.period_end == datetime.date(2025, 6, 30)
    assert ProgressReport.objects.count() == 2


def test_the_database_holds_one_report_per_period(facilitator_a, enterprise_a):
    first = report(facilitator_a, enterprise_a, datetime.date(2025, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            enterprise=enterprise_a,
            period_kind="month",
            period_start=first.period_start,
            period_end=first.period_end,
            revenue=Decimal(1),
        )


@pytest.mark.parametrize(
    ("start", "kind"),
    [
        (datetime.date(2025, 2, 2), "month"),
        (datetime.date(2025, 2, 1), "quarter"),
        (datetime.date(2999, 1, 1), "month"),
        (datetime.date(9999, 12, 1), "month"),
        (datetime.date(9999, 10, 1), "quarter"),
        (datetime.date(2024, 11, 1), "month"),  # before the enterprise started
    ],
)
def test_periods_must_be_whole_months_or_quarters_in_the_past(facilitator_a, enterprise_a, start, kind):
    with pytest.raises(ValidationError) as exc:
        report(facilitator_a, enterprise_a, start, period_kind=kind)
    assert "period" in exc.value.message_dict


def test_revenue_cannot_be_negative(facilitator_a, enterprise_a):
    with pytest.raises(ValidationError) as exc:
        report(facilitator_a, enterprise_a, datetime.date(2025, 2, 1), revenue="-5")
    assert "revenue" in exc.value.message_dict


def test_the_village_series_adds_up_quarters_in_decimal(facilitator_a, enterprise_a, owner_a):
    other = register(facilitator_a, [owner_a], name="Warung Makan")
    report(facilitator_a, enterprise_a, datetime.date(2025, 1, 1), revenue="1000000.10")
    report(facilitator_a, enterprise_a, datetime.date(2025, 2, 1), revenue="1000000.20", workers_other=3)
    report(facilitator_a, other, datetime.date(2025, 1, 1), revenue="500000", period_kind="quarter")
    report(facilitator_a, other, datetime.date(2025, 4, 1), revenue="700000", period_kind="quarter")
    series = selectors.village_series(enterprise_a.village)
    assert [(p.label, p.revenue, p.workers, p.reports) for p in series] == [
        ("2025 Q1", Decimal("2500000.30"), 5 + 3, 3),
        ("2025 Q2", Decimal("700000.00"), 3, 1),
    ]


# --- Trainings ------------------------------------------------------------------------------------


def test_a_training_belongs_to_a_village_or_regency_in_the_area(facilitator_a, regency_officer):
    assert train(facilitator_a).region_name == "Brongkal"
    regency = train(regency_officer, region="35.07")
    assert regency.region_name == "Kabupaten Malang"
    for actor, region, field in [
        (facilitator_a, "35.07", "region"),
        (facilitator_a, VILLAGE_B, "region"),
        (regency_officer, "35.07.33", "region"),
    ]:
        with pytest.raises(ValidationError) as exc:
            train(actor, region=region)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        train(facilitator_a, starts_on=datetime.date(2025, 3, 7), ends_on=datetime.date(2025, 3, 1))
    assert "ends_on" in exc.value.message_dict


def test_a_regency_training_is_open_to_the_villages_of_the_regency(
    regency_officer, facilitator_a, facilitator_b, facilitator_c
):
    training = train(regency_officer, region="35.07")
    assert selectors.get_training_for_user(facilitator_a, training.pk) == training
    assert selectors.can_change_training(facilitator_b, training)
    assert not selectors.trainings_for_user(facilitator_c).exists()


@time_machine.travel(datetime.datetime(2025, 3, 5, 10, tzinfo=datetime.UTC))
def test_participants_are_people_of_the_area_registered_once(facilitator_a, facilitator_b, owner_a, regency_officer):
    training = train(regency_officer, region="35.07")
    services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    assert exc.value.message_dict["person"] == [str(services.PARTICIPANT_TWICE)]
    with pytest.raises(ValidationError) as exc:
        services.participant_add(training=training, person=owner_a, actor=facilitator_b)
    assert exc.value.message_dict["person"] == [str(services.PARTICIPANT_OUT_OF_SCOPE)]
    # Facilitator B sees the regency training but not village A's participant.
    assert not selectors.participants_for_user(facilitator_b, training).exists()
    assert selectors.participants_for_user(regency_officer, training).count() == 1


@time_machine.travel(datetime.datetime(2025, 3, 6, 10, tzinfo=datetime.UTC))
def test_attendance_only_for_registered_participants_on_course_days(facilitator_a, owner_a, regency_officer):
    training = train(facilitator_a)
    other = train(facilitator_a, title="Pelatihan lain")
    participant = services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    stranger = services.participant_add(training=other, person=owner_a, actor=facilitator_a)
    day = datetime.date(2025, 3, 4)
    services.attendance_record(training=training, day=day, marks={participant.pk: True}, actor=facilitator_a)
    services.attendance_record(training=training, day=day, marks={participant.pk: False}, actor=regency_officer)
    assert list(Attendance.objects.values_list("day", "present")) == [(day, False)]
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(training=training, day=day, marks={stranger.pk: True}, actor=facilitator_a)
    assert exc.value.message_dict["participants"] == [str(services.NOT_REGISTERED)]
    for outside in (datetime.date(2025, 3, 2), datetime.date(2025, 3, 8)):
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(
                training=training, day=outside, marks={participant.pk: True}, actor=facilitator_a
            )
        assert "day" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # a course day still to come
        services.attendance_record(
            training=training, day=datetime.date(2025, 3, 7), marks={participant.pk: True}, actor=facilitator_a
        )
    assert exc.value.message_dict["day"] == [str(services.DAY_IN_FUTURE)]
    assert Attendance.objects.count() == 1


def test_attendance_of_another_villages_participant_is_refused(regency_officer, facilitator_a, facilitator_b, owner_a):
    training = train(regency_officer, region="35.07")
    participant = services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.attendance_record(
            training=training, day=datetime.date(2025, 3, 4), marks={participant.pk: True}, actor=facilitator_b
        )
    assert not Attendance.objects.exists()


def test_completion_and_who_started_a_business_after_training(facilitator_a, owner_a):
    training = train(facilitator_a)
    idle = make_person(facilitator_a, VILLAGE_A, full_name="Agus Salim", sex="M")
    before = make_person(facilitator_a, VILLAGE_A, full_name="Bambang", sex="M")
    for person in (owner_a, idle, before):
        services.participant_add(training=training, person=person, actor=facilitator_a)
    register(facilitator_a, [owner_a], started_on=datetime.date(2025, 3, 7))  # on the last day: counts
    register(facilitator_a, [before], started_on=datetime.date(2025, 3, 6))  # during the course: does not
    participant = Participant.objects.get(person=owner_a)
    services.participant_complete(
        participant=participant,
        completed_on=datetime.date(2025, 3, 7),
        certificate_number="BLK-001",
        actor=facilitator_a,
    )
    other = Participant.objects.get(person=idle)
    with pytest.raises(ValidationError) as exc:
        services.participant_complete(
            participant=other, completed_on=datetime.date(2025, 3, 7), certificate_number="BLK-001", actor=facilitator_a
        )
    assert exc.value.message_dict["certificate_number"] == [str(services.CERTIFICATE_TWICE)]
    with pytest.raises(ValidationError) as exc:
        services.participant_complete(
            participant=other, completed_on=datetime.date(2025, 3, 1), certificate_number="", actor=facilitator_a
        )
    assert "completed_on" in exc.value.message_dict
    rows = {
        p.person.full_name: (p.completed_on, p.started_business)  # type: ignore[attr-defined]
        for p in selectors.participants_for_user(facilitator_a, training)
    }
    assert rows == {
        "Siti Aminah": (datetime.date(2025, 3, 7), True),
        "Agus Salim": (None, False),
        "Bambang": (None, False),
    }
