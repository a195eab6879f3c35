"""The domain rules of the learning house: consent, age, caregiver, parents abroad, attendance."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.audit.models import AuditLog
from desmigratif.learning import selectors, services
from desmigratif.learning.models import Attendance, Child, ChildParent, Concern
from desmigratif.learning.tests.conftest import (
    CHILD_NAME,
    GUARDIAN,
    child_data,
    hold,
    make_family,
    register,
    years_ago,
)
from desmigratif.people.models import Consent, MigrantFamilyLink
from desmigratif.people.services import ADULT_AGE, ConsentData, consent_record, consent_withdraw, is_minor

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
LEAP_DAY = datetime.datetime(2028, 2, 29, 9, 0, tzinfo=JAKARTA)


def _messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return exc.value.message_dict[field]


def _nothing_saved() -> None:
    assert not Child.objects.exists()
    assert not ChildParent.objects.exists()
    assert not Consent.objects.filter(text__purpose="learning_house").exists()
    assert not AuditLog.objects.filter(event="child.registered").exists()


def test_a_child_is_registered_with_the_guardians_consent_and_linked_to_the_parent(facilitator_a, house_a, family_a):
    child = register(facilitator_a, house_a, family_a)
    assert child.village_id == VILLAGE_A and child.consent.text.purpose == "learning_house"
    assert child.consent.given_by == "guardian" and child.consent.guardian_name == "Mbah Sumini"
    assert list(child.parents.all()) == [family_a["parent"]]
    assert MigrantFamilyLink.objects.filter(family_member=family_a["child"], migrant=family_a["parent"]).exists()
    row = AuditLog.objects.get(event="child.registered")
    assert row.region_code == VILLAGE_A and CHILD_NAME not in row.subject_label and "P. A. L." in row.subject_label


def test_a_child_without_consent_cannot_be_saved(facilitator_a, house_a, family_a):
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, consent=None)
    assert "consent of a parent or guardian" in _messages(exc, "consent")[0]
    with pytest.raises(ValidationError):
        register(facilitator_a, house_a, family_a, consent=ConsentData(given=False))
    _nothing_saved()


def test_a_consent_already_on_record_is_enough(facilitator_a, house_a, family_a):
    consent = consent_record(person=family_a["child"], purpose="learning_house", consent=GUARDIAN, actor=facilitator_a)
    assert register(facilitator_a, house_a, family_a, consent=None).consent == consent


def test_a_withdrawn_consent_is_not_enough(facilitator_a, house_a, family_a):
    consent = consent_record(person=family_a["child"], purpose="learning_house", consent=GUARDIAN, actor=facilitator_a)
    consent_withdraw(consent=consent, actor=facilitator_a)
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, consent=None)
    assert "consent" in exc.value.message_dict


def test_the_consent_names_the_guardian(facilitator_a, house_a, family_a):
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, consent=ConsentData(given=True, given_by="self"))
    assert "guardian_name" in exc.value.message_dict
    _nothing_saved()


def test_a_child_is_under_18(facilitator_a, house_a, family_a):
    adult = make_person(facilitator_a, VILLAGE_A, full_name="Andi", birth_date=years_ago(18, days=1))
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, person=adult)
    assert _messages(exc, "person") == ["A child in the learning house must be under 18 years old."]
    _nothing_saved()


def test_the_caregiver_cannot_be_the_child(facilitator_a, house_a, family_a):
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, caregiver=family_a["child"])
    assert _messages(exc, "caregiver") == ["The caregiver cannot be the child."]
    _nothing_saved()


def test_the_caregiver_is_an_adult_at_home(facilitator_a, house_a, family_a):
    sibling = make_person(facilitator_a, VILLAGE_A, full_name="Kakak", birth_date=years_ago(15))
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, caregiver=sibling)
    assert _messages(exc, "caregiver") == ["The caregiver must be 18 or older."]
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, caregiver=family_a["parent"])
    assert "working abroad" in _messages(exc, "caregiver")[0]
    _nothing_saved()


def test_a_parent_abroad_must_be_a_migrant_worker(facilitator_a, house_a, family_a):
    neighbour = make_person(
        facilitator_a, VILLAGE_A, full_name="Pak Tetangga", birth_date=years_ago(40), migrant_status="none"
    )
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, parents=[neighbour])
    assert "Pak Tetangga is not registered as a migrant worker abroad" in _messages(exc, "parents")[0]
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a, parents=[])
    assert _messages(exc, "parents") == ["Choose at least one parent working abroad."]
    _nothing_saved()


def test_a_child_of_another_village_or_area_is_refused(facilitator_a, facilitator_b, house_a, house_b, family_a):
    with pytest.raises(ValidationError) as exc:
        register(facilitator_b, house_a, family_a)
    assert "house" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_b, family_a)
    assert "house" in exc.value.message_dict and "person" in exc.value.message_dict
    _nothing_saved()


def test_a_child_is_registered_once(facilitator_a, house_a, family_a, child_a):
    with pytest.raises(ValidationError) as exc:
        register(facilitator_a, house_a, family_a)
    assert _messages(exc, "person") == ["This child is already registered in a learning house."]
    assert Child.objects.count() == 1


def test_an_update_is_audited_without_the_name(facilitator_a, child_a, family_a):
    services.child_update(child=child_a, data=child_data(family_a, school_status="dropped_out"), actor=facilitator_a)
    row = AuditLog.objects.get(event="child.updated")
    assert row.changes == {"school_status": ["enrolled", "dropped_out"]} and CHILD_NAME not in row.subject_label


def test_people_audit_rows_about_a_child_carry_no_name(facilitator_a, child_a):
    rows = AuditLog.objects.filter(subject_type="people.person", subject_id=str(child_a.person_id))
    assert {r.event for r in rows} >= {"person.created", "consent.recorded", "family_link.added"}
    assert all(CHILD_NAME not in r.subject_label for r in rows)
    assert not AuditLog.objects.filter(subject_label__contains="Putri").exists()


def test_a_learning_session_takes_only_registered_children(facilitator_a, house_a, volunteer_a, child_a, family_a):
    session = hold(facilitator_a, house_a, volunteer_a)
    services.attendance_record(session=session, children=[child_a.pk], actor=facilitator_a)
    assert [a.child_id for a in Attendance.objects.all()] == [child_a.pk]
    other = make_family(facilitator_a, name="Bima Sakti")
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(session=session, children=[child_a.pk, 999999], actor=facilitator_a)
    assert exc.value.message_dict["attendees"] == [
        "Only children registered in this learning house can attend a learning session."
    ]
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, caregivers=[family_a["caregiver"].pk], actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, caregivers=[other["caregiver"].pk], actor=facilitator_a)
    assert [a.child_id for a in Attendance.objects.all()] == [child_a.pk]  # nothing half-saved


def test_a_parenting_session_takes_only_caregivers_of_registered_children(
    facilitator_a, house_a, volunteer_a, child_a, family_a
):
    session = hold(facilitator_a, house_a, volunteer_a, kind="parenting")
    services.attendance_record(session=session, caregivers=[family_a["caregiver"].pk], actor=facilitator_a)
    assert [a.caregiver_id for a in Attendance.objects.all()] == [family_a["caregiver"].pk]
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(session=session, caregivers=[volunteer_a.pk], actor=facilitator_a)
    assert "caregivers of children registered" in exc.value.message_dict["attendees"][0]
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, children=[child_a.pk], actor=facilitator_a)
    assert Attendance.objects.count() == 1


def test_a_session_is_led_by_a_volunteer_of_the_house_and_not_in_the_future(facilitator_a, house_a, family_a):
    with pytest.raises(ValidationError) as exc:
        hold(facilitator_a, house_a, family_a["caregiver"])
    assert "led_by" in exc.value.message_dict
    volunteer = house_a.volunteers.get()
    with pytest.raises(ValidationError) as exc:
        hold(facilitator_a, house_a, volunteer, held_on=datetime.date.today() + datetime.timedelta(days=2))
    assert "held_on" in exc.value.message_dict


def test_a_child_who_left_cannot_attend_later_sessions(facilitator_a, house_a, volunteer_a, family_a):
    today = datetime.date.today()
    child = services.child_register(
        house=house_a,
        data=child_data(family_a),
        consent=GUARDIAN,
        actor=facilitator_a,
        registered_on=today - datetime.timedelta(days=30),
    )
    services.child_leave(child=child, left_on=today - datetime.timedelta(days=10), actor=facilitator_a)
    before = hold(facilitator_a, house_a, volunteer_a, held_on=today - datetime.timedelta(days=20))
    services.attendance_record(session=before, children=[child.pk], actor=facilitator_a)
    after = hold(facilitator_a, house_a, volunteer_a, held_on=today - datetime.timedelta(days=5))
    with pytest.raises(ValidationError):
        services.attendance_record(session=after, children=[child.pk], actor=facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.child_leave(child=child, left_on=today, actor=facilitator_a)
    assert exc.value.message_dict["left_on"] == ["This child has already left the learning house."]


def test_concerns_are_recorded_referred_and_audited_without_the_note(facilitator_a, regency_officer, child_a):
    concern = services.concern_create(
        child=child_a, category="protection", note="Tanda kekerasan.", actor=facilitator_a
    )
    services.concern_update(
        concern=concern, status="referred", referred_to="P2TP2A Kab. Malang", referred_on=None, actor=regency_officer
    )
    concern.refresh_from_db()
    assert concern.status == "referred" and concern.referred_on is not None
    rows = AuditLog.objects.filter(subject_type="learning.concern")
    assert {r.event for r in rows} == {"concern.created", "concern.updated"}
    assert all("kekerasan" not in str(r.changes) and CHILD_NAME not in r.subject_label for r in rows)
    with pytest.raises(ValidationError) as exc:
        services.concern_update(
            concern=concern, status="referred", referred_to="", referred_on=None, actor=facilitator_a
        )
    assert "referred_to" in exc.value.message_dict


def test_only_the_villages_concern_readers_may_record_concerns(facilitator_b, treasurer, child_a):
    for actor in (facilitator_b, treasurer):
        with pytest.raises(ValidationError):
            services.concern_create(child=child_a, category="health", note="x", actor=actor)
    assert not Concern.objects.exists()


def test_a_volunteer_is_an_adult_of_the_area(facilitator_a, facilitator_b, house_a):
    child = make_person(facilitator_a, VILLAGE_A, full_name="Anak", birth_date=years_ago(10))
    with pytest.raises(ValidationError) as exc:
        services.volunteer_add(house=house_a, person=child, actor=facilitator_a)
    assert exc.value.message_dict["person"] == ["A volunteer must be 18 or older."]
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Orang Luar", birth_date=years_ago(30))
    with pytest.raises(ValidationError):
        services.volunteer_add(house=house_a, person=outsider, actor=facilitator_a)


def test_a_session_is_not_older_than_the_programme(facilitator_a, house_a, volunteer_a):
    with pytest.raises(ValidationError) as exc:
        hold(facilitator_a, house_a, volunteer_a, held_on=datetime.date(1, 1, 1))
    assert exc.value.message_dict == {"held_on": ["The date cannot be before 2016, when the programme began."]}


def test_a_referral_is_not_older_than_the_programme(facilitator_a, concern_a):
    with pytest.raises(ValidationError) as exc:
        services.concern_update(
            concern=concern_a,
            status="referred",
            referred_to="P2TP2A Kab. Malang",
            referred_on=datetime.date(2015, 12, 31),
            actor=facilitator_a,
        )
    assert exc.value.message_dict == {"referred_on": ["The date cannot be before 2016, when the programme began."]}
    concern_a.refresh_from_db()
    assert concern_a.status == "open" and concern_a.referred_on is None
    services.concern_update(
        concern=concern_a,
        status="referred",
        referred_to="P2TP2A Kab. Malang",
        referred_on=datetime.date(2016, 1, 1),
        actor=facilitator_a,
    )
    concern_a.refresh_from_db()
    assert concern_a.referred_on == datetime.date(2016, 1, 1)


def test_attendance_is_audited_with_record_ids_and_no_names(facilitator_a, house_a, volunteer_a, child_a, family_a):
    session = hold(facilitator_a, house_a, volunteer_a)
    services.attendance_record(session=session, children=[child_a.pk], actor=facilitator_a)
    row = AuditLog.objects.get(event="attendance.recorded")
    assert (row.subject_type, row.subject_id, row.region_code) == ("learning.session", str(session.pk), VILLAGE_A)
    assert row.actor == facilitator_a and row.changes == {"children": ["", str(child_a.pk)]}
    assert CHILD_NAME not in row.subject_label and house_a.name in row.subject_label
    # The same attendance again changes nothing and writes nothing; clearing it is audited.
    services.attendance_record(session=session, children=[child_a.pk], actor=facilitator_a)
    assert AuditLog.objects.filter(event="attendance.recorded").count() == 1
    services.attendance_record(session=session, children=[], actor=facilitator_a)
    latest = AuditLog.objects.filter(event="attendance.recorded").order_by("-id").first()
    assert latest is not None and latest.changes == {"children": [str(child_a.pk), ""]}
    # A refused attendance writes no row (one transaction).
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, children=[999999], actor=facilitator_a)
    assert AuditLog.objects.filter(event="attendance.recorded").count() == 2


def test_parenting_attendance_is_audited_with_the_caregivers_person_ids(
    facilitator_a, house_a, volunteer_a, child_a, family_a
):
    session = hold(facilitator_a, house_a, volunteer_a, kind="parenting")
    caregiver = family_a["caregiver"].pk
    services.attendance_record(session=session, caregivers=[caregiver], actor=facilitator_a)
    row = AuditLog.objects.get(event="attendance.recorded")
    assert row.changes == {"caregivers": ["", str(caregiver)]}
    assert "Sumini" not in row.subject_label


def test_the_adult_cutoff_is_the_people_registrys_adult_age(monkeypatch):
    """Born on the cutoff is an adult, a day later a child, as ``people.services.is_minor`` says."""
    cutoff = selectors._adult_cutoff()
    assert not is_minor(cutoff) and is_minor(cutoff + datetime.timedelta(days=1))
    monkeypatch.setattr(selectors, "ADULT_AGE", ADULT_AGE + 3)
    assert selectors._adult_cutoff().year == cutoff.year - 3


@time_machine.travel(LEAP_DAY, tick=False)
def test_the_adult_cutoff_on_a_leap_day_is_the_28th():
    assert selectors._adult_cutoff() == datetime.date(2028 - ADULT_AGE, 2, 28)
    assert not is_minor(selectors._adult_cutoff())


@time_machine.travel(LEAP_DAY, tick=False)
def test_years_ago_works_on_a_leap_day():
    assert years_ago(9, days=0) == datetime.date(2019, 2, 28)
    assert years_ago(8, days=0) == datetime.date(2020, 2, 29)
    assert years_ago(9) == datetime.date(2019, 1, 29)
