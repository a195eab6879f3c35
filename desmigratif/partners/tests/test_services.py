"""Domain rules of the partners app, through the real services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_person
from desmigratif.audit.models import AuditLog
from desmigratif.partners import services
from desmigratif.partners.models import Organisation, Referral, ReferralEvent, VillageSupport
from desmigratif.partners.tests.conftest import make_programme, organisation, refer, support

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}


def test_the_data_migration_publishes_the_named_partners(db):
    names = set(Organisation.objects.values_list("short_name", flat=True))
    assert {"KP2MI", "BI", "BRI", "BNI", "World Bank"} <= names


def test_only_national_staff_record_programmes_and_support(facilitator_a, regency_officer, ministry_staff):
    for outsider in (facilitator_a, regency_officer):
        with pytest.raises(PermissionDenied):
            make_programme(outsider)
    programme = make_programme(ministry_staff)
    with pytest.raises(PermissionDenied):
        support(regency_officer, programme)
    assert support(ministry_staff, programme).amount == Decimal("25000000.50")


def test_a_programme_name_is_unique_per_organisation_and_dates_are_ordered(ministry_staff):
    make_programme(ministry_staff)
    with pytest.raises(ValidationError) as exc:
        make_programme(ministry_staff, name="literasi keuangan keluarga pmi", ends_on=datetime.date(2024, 1, 1))
    assert messages(exc.value) == {
        "name": ["This organisation already has a programme with this name."],
        "ends_on": ["The end date cannot be before the start date."],
    }
    make_programme(ministry_staff, organisation=organisation("BNI"))  # another organisation may


def test_village_support_is_unique_per_programme_village_and_start(ministry_staff, programme):
    support(ministry_staff, programme)
    with pytest.raises(ValidationError) as exc:
        support(ministry_staff, programme, what="Lagi")
    assert messages(exc.value) == {"since": ["This programme already supports this village from this date."]}
    support(ministry_staff, programme, since=datetime.date(2025, 9, 1))
    support(ministry_staff, programme, village=VILLAGE_B)
    assert VillageSupport.objects.count() == 3


def test_amounts_are_decimal_and_not_negative(ministry_staff, programme):
    with pytest.raises(ValidationError) as exc:
        support(
            ministry_staff,
            programme,
            amount=Decimal("-1"),
            what="  ",
            since=datetime.date(2024, 1, 1),
            until=datetime.date(2023, 1, 1),
        )
    assert messages(exc.value) == {
        "amount": ["The amount cannot be negative."],
        "what": ["Describe what the village receives."],
        "until": ["The end date cannot be before the start date."],
        "since": ["The support must start within the programme's period."],
    }
    assert support(ministry_staff, programme, amount=None).amount is None
    zero = support(ministry_staff, programme, amount=Decimal("0"), village=VILLAGE_B)
    zero.refresh_from_db()
    assert zero.amount == Decimal("0.00") and isinstance(zero.amount, Decimal)
    assert VillageSupport.objects.count() == 2


def test_only_someone_whose_area_covers_the_persons_village_refers_them(
    facilitator_a, facilitator_b, facilitator_c, regency_officer, ministry_staff, person_a, programme
):
    for outsider in (facilitator_b, facilitator_c, ministry_staff):
        with pytest.raises(ValidationError) as exc:
            refer(outsider, person_a, programme)
        assert messages(exc.value) == {
            "person": ["This person lives outside your area; only people of your area can be referred."]
        }
    assert not Referral.objects.exists() and not AuditLog.objects.filter(event__startswith="referral.").exists()
    referral = refer(regency_officer, person_a, programme)
    assert referral.village_id == VILLAGE_A and referral.status == "referred"


def test_a_referral_is_audited_with_its_history(facilitator_a, person_a, programme):
    referral = refer(facilitator_a, person_a, programme)
    services.referral_set_status(
        referral=referral, status="taken_up", on=datetime.date(2025, 4, 10), note="Ikut kelas", actor=facilitator_a
    )
    rows = list(AuditLog.objects.filter(subject_type="partners.referral").order_by("id"))
    assert [r.event for r in rows] == ["referral.created", "referral.updated"]
    assert rows[0].region_code == VILLAGE_A and rows[0].actor == facilitator_a
    assert rows[1].changes == {"status": ["referred", "taken_up"]}
    assert "Siti" not in str([r.changes for r in rows]) + "".join(r.subject_label for r in rows)
    assert list(ReferralEvent.objects.values_list("from_status", "to_status")) == [
        ("", "referred"),
        ("referred", "taken_up"),
    ]


def test_status_transitions(facilitator_a, person_a, programme):
    referral = refer(facilitator_a, person_a, programme)
    with pytest.raises(ValidationError) as exc:
        services.referral_set_status(referral=referral, status="completed", actor=facilitator_a)
    assert messages(exc.value) == {"status": ["A referral that is “Referred” cannot become “Completed”."]}
    with pytest.raises(ValidationError) as exc:
        services.referral_set_status(
            referral=referral, status="taken_up", on=datetime.date(2025, 4, 1), actor=facilitator_a
        )
    assert messages(exc.value) == {"on": ["The date cannot be before the referral or its last change."]}
    services.referral_set_status(referral=referral, status="taken_up", actor=facilitator_a)
    services.referral_set_status(referral=referral, status="completed", actor=facilitator_a)
    for status in ("declined", "taken_up", "referred", "nonsense"):
        with pytest.raises(ValidationError):
            services.referral_set_status(referral=referral, status=status, actor=facilitator_a)
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.events.count() == 3
    other = refer(facilitator_a, make_person(facilitator_a, VILLAGE_A, full_name="Rina"), programme)
    assert services.referral_set_status(referral=other, status="no_show", actor=facilitator_a).status == "no_show"


def test_a_referral_is_refused_when_it_makes_no_sense(facilitator_a, person_a, programme, ministry_staff):
    refer(facilitator_a, person_a, programme)
    ended = make_programme(ministry_staff, name="Program lama", is_active=False)
    with pytest.raises(ValidationError) as exc:
        refer(facilitator_a, person_a, programme, reason=" ", referred_on=datetime.date(2999, 1, 1))
    assert messages(exc.value) == {
        "referred_on": ["The date cannot be in the future."],
        "reason": ["Write why the person is referred."],
        "programme": ["This person already has an open referral to this programme."],
    }
    with pytest.raises(ValidationError) as exc:
        refer(facilitator_a, person_a, ended)
    assert messages(exc.value) == {"programme": ["This programme is not active; people cannot be referred to it."]}
    assert Referral.objects.count() == 1


def test_a_person_of_another_regency_stays_out_of_reach(regency_officer, person_c, programme):
    with pytest.raises(ValidationError):
        refer(regency_officer, person_c, programme)
    assert person_c.domicile_village_id == VILLAGE_C


def test_a_referral_is_not_older_than_the_programme(facilitator_a, person_a, programme):
    with pytest.raises(ValidationError) as exc:
        refer(facilitator_a, person_a, programme, referred_on=datetime.date(2015, 6, 1))
    assert messages(exc.value) == {"referred_on": ["The date cannot be before 2016, when the programme began."]}
    assert not Referral.objects.exists()
