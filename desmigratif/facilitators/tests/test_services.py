"""Facilitator rules: domicile, the number of active facilitators per village (a rule row),
replacement history, accounts, visits, and the monthly report's workflow."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import VILLAGE_A, make_person
from desmigratif.accounts.models import RoleAssignment, User
from desmigratif.accounts.scope import forget_role_assignments, scope_for
from desmigratif.audit.models import AuditLog
from desmigratif.facilitators import selectors, services
from desmigratif.facilitators.models import Appointment, FacilitatorQuota, ReportStatus, VillageDeliberation
from desmigratif.facilitators.tests.conftest import STARTS_ON, appoint, deliberate, start_report, visit
from desmigratif.rules import services as rules
from desmigratif.rules.registry import get_table

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n" + b"x" * 64


def messages(exc):
    return " ".join(exc.value.messages)


@pytest.fixture
def three(regency_officer):
    return [make_person(regency_officer, VILLAGE_A, full_name=n) for n in ("Ani", "Budi", "Citra")]


def test_a_deliberation_keeps_its_minutes_and_is_audited(regency_officer, three):
    upload = SimpleUploadedFile("ba.pdf", PDF, content_type="application/pdf")
    deliberation = deliberate(regency_officer, three[:2], minutes_file=upload)
    assert deliberation.minutes_file_type == "application/pdf"
    assert deliberation.minutes_file.name.startswith("deliberation-minutes/")
    assert set(deliberation.chosen.values_list("full_name", flat=True)) == {"Ani", "Budi"}
    assert AuditLog.objects.filter(event="deliberation.recorded", region_code=VILLAGE_A).count() == 1
    deliberation.minutes_file.delete(save=False)


def test_a_deliberation_refuses_a_bad_file_and_outsiders(regency_officer, three, person_b):
    upload = SimpleUploadedFile("ba.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        deliberate(regency_officer, three[:1], minutes_file=upload)
    assert "minutes_file" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        deliberate(regency_officer, [three[0], person_b])
    assert "Dewi Lestari does not live in this village" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        deliberate(regency_officer, three)
    assert "at most 2 facilitators" in messages(exc)
    assert not VillageDeliberation.objects.exists()


def test_only_the_regency_office_of_the_village_records_deliberations(facilitator_a, ministry_staff, three):
    for actor in (facilitator_a, ministry_staff):
        with pytest.raises(PermissionDenied):
            deliberate(actor, three[:1])


def test_a_facilitator_must_live_in_the_village_and_be_chosen(regency_officer, three, person_b):
    deliberation = deliberate(regency_officer, three[:1])
    with pytest.raises(ValidationError) as exc:
        appoint(regency_officer, deliberation, person_b)
    assert "does not live in the village" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        appoint(regency_officer, deliberation, three[1])
    assert "not chosen by this deliberation" in messages(exc)
    assert not Appointment.objects.exists()


def test_a_village_has_at_most_two_active_facilitators(regency_officer, three):
    first = deliberate(regency_officer, three[:2])
    appoint(regency_officer, first, three[0])
    appoint(regency_officer, first, three[1])
    later = deliberate(regency_officer, three[2:], held_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        appoint(regency_officer, later, three[2], starts_on=datetime.date(2026, 2, 2))
    assert "already has 2 active facilitators" in messages(exc)
    assert Appointment.objects.filter(ended_on__isnull=True).count() == 2


def test_the_database_keeps_each_slot_to_one_active_facilitator(regency_officer, three):
    deliberation = deliberate(regency_officer, three[:2])
    appoint(regency_officer, deliberation, three[0])
    appoint(regency_officer, deliberation, three[1])
    for slot in (0, 1, 2):  # no slot 0; slots 1 and 2 are held
        with pytest.raises(IntegrityError), transaction.atomic():
            Appointment.objects.create(
                deliberation=deliberation, village_id=VILLAGE_A, person=three[2], slot=slot, starts_on=STARTS_ON
            )


def _quota(per_village, valid_from, actor):
    return rules.rule_create(
        table=get_table("facilitators-per-village"),
        values={"per_village": per_village, "legal_basis": "Pedoman 2030", "valid_from": valid_from},
        actor=actor,
    )


def test_the_number_per_village_is_the_newest_rule_row_in_force(ministry_staff):
    assert selectors.facilitators_per_village() == 2  # the 2017 row the migration loads
    launch = FacilitatorQuota.objects.get()
    assert launch.legal_basis == "Pedoman Program Desmigratif 2017" and launch.valid_from == datetime.date(2017, 1, 1)
    today = timezone.localdate()
    _quota(3, today + datetime.timedelta(days=1), ministry_staff)
    assert selectors.facilitators_per_village() == 2  # not yet in force
    assert selectors.facilitators_per_village(today + datetime.timedelta(days=1)) == 3
    _quota(1, datetime.date(2020, 1, 1), ministry_staff)
    assert selectors.facilitators_per_village() == 1  # newer than 2017, in force
    FacilitatorQuota.objects.update(valid_to=datetime.date(2020, 6, 1))
    assert selectors.facilitators_per_village() is None
    assert AuditLog.objects.filter(event="rule.created").count() == 2


def test_a_rule_of_three_per_village_admits_a_third_facilitator(regency_officer, ministry_staff, three):
    _quota(3, datetime.date(2025, 1, 1), ministry_staff)
    deliberation = deliberate(regency_officer, three)
    slots = [appoint(regency_officer, deliberation, p).appointment.slot for p in three]
    assert slots == [1, 2, 3]


def test_a_lower_number_keeps_the_serving_facilitators_and_admits_no_new_one(regency_officer, ministry_staff, three):
    first = deliberate(regency_officer, three[:2])
    for person in three[:2]:
        appoint(regency_officer, first, person)
    _quota(1, datetime.date(2025, 1, 1), ministry_staff)
    assert Appointment.objects.filter(ended_on__isnull=True).count() == 2
    with pytest.raises(ValidationError) as exc:
        deliberate(regency_officer, three[1:])
    assert "at most 1 facilitator." in messages(exc)
    later = deliberate(regency_officer, three[2:], held_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        appoint(regency_officer, later, three[2], starts_on=datetime.date(2026, 2, 2))
    assert "already has 1 active facilitator;" in messages(exc)


def test_with_no_rule_in_force_nobody_is_chosen_or_appointed(regency_officer, three):
    deliberation = deliberate(regency_officer, three[:1])
    FacilitatorQuota.objects.update(valid_to=datetime.date(2020, 1, 1))
    for attempt in (
        lambda: deliberate(regency_officer, three[1:2]),
        lambda: appoint(regency_officer, deliberation, three[0]),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "No rule on the number of facilitators per village is in force" in messages(exc)
    assert VillageDeliberation.objects.count() == 1 and not Appointment.objects.exists()


@time_machine.travel(NOW, tick=False)  # a replacement starts by today
def test_a_replacement_ends_one_appointment_and_keeps_the_history(regency_officer, three):
    first = deliberate(regency_officer, three[:2])
    old = appoint(regency_officer, first, three[0], username="ani").appointment
    appoint(regency_officer, first, three[1])
    later = deliberate(regency_officer, three[2:], held_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        appoint(regency_officer, later, three[2], starts_on=datetime.date(2026, 2, 2), replaces=old)  # no reason
    result = appoint(
        regency_officer, later, three[2], starts_on=datetime.date(2026, 2, 2), replaces=old, end_reason="Pindah kerja"
    )
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2026, 2, 1) and old.end_reason == "Pindah kerja"
    assert result.appointment.replaces == old and result.appointment.slot == old.slot
    assert Appointment.objects.filter(village_id=VILLAGE_A).count() == 3
    assert Appointment.objects.filter(village_id=VILLAGE_A, ended_on__isnull=True).count() == 2
    # The old facilitator's account loses the village.
    assert not RoleAssignment.objects.get(user__username="ani").is_active
    assert set(AuditLog.objects.values_list("event", flat=True)) >= {"facilitator.ended", "facilitator.appointed"}


@time_machine.travel(NOW, tick=False)  # 5 March 2026
def test_a_replacement_starts_by_today_and_after_the_replaced_start(regency_officer, three):
    """Ending the old appointment takes its account's role away at once: a replacement dated ahead
    would leave the village without a working facilitator, one dated on or before the old start
    would overlap it."""
    first = deliberate(regency_officer, three[:1])
    old = appoint(regency_officer, first, three[0], username="ani").appointment  # from 15 January
    later = deliberate(regency_officer, three[1:], held_on=datetime.date(2026, 1, 10))
    refused = {
        datetime.date(2026, 3, 6): services.REPLACEMENT_IN_FUTURE,
        datetime.date(2026, 4, 4): services.REPLACEMENT_IN_FUTURE,  # within the 31 days of a free place
        datetime.date(2026, 1, 15): services.REPLACEMENT_BEFORE_OLD_START,
        datetime.date(2026, 1, 12): services.REPLACEMENT_BEFORE_OLD_START,
    }
    for starts_on, message in refused.items():
        with pytest.raises(ValidationError) as exc:
            appoint(regency_officer, later, three[1], starts_on=starts_on, replaces=old, end_reason="Pindah")
        assert exc.value.message_dict == {"starts_on": [str(message)]}, starts_on
    old.refresh_from_db()
    assert old.ended_on is None and RoleAssignment.objects.get(user__username="ani").is_active
    assert Appointment.objects.count() == 1
    # Today is the latest start: the old appointment ends yesterday.
    result = appoint(
        regency_officer, later, three[1], starts_on=datetime.date(2026, 3, 5), replaces=old, end_reason="Pindah"
    )
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2026, 3, 4) and result.appointment.replaces == old
    # A free place can still be filled up to a month ahead.
    ahead = appoint(regency_officer, later, three[2], starts_on=datetime.date(2026, 4, 4)).appointment
    assert ahead.starts_on == datetime.date(2026, 4, 4)


def test_an_account_gets_the_facilitator_role_for_the_village(regency_officer, three):
    deliberation = deliberate(regency_officer, three[:1])
    result = appoint(regency_officer, deliberation, three[0], username="Ani.Brongkal")
    user = User.objects.get(username="ani.brongkal")
    assert result.user == user and result.appointment.user == user and user.check_password(result.password)
    assert list(user.role_assignments.values_list("role", "region_code", "is_active")) == [
        ("facilitator", VILLAGE_A, True)
    ]
    assert scope_for(user, "facilitators.visits").prefixes == (VILLAGE_A,)
    assert AuditLog.objects.filter(event="facilitator.account_created").count() == 1


def test_appointment_and_account_are_one_transaction(regency_officer, three):
    User.objects.create_user("taken", "x", full_name="Someone")
    deliberation = deliberate(regency_officer, three[:1])
    with pytest.raises(ValidationError) as exc:
        appoint(regency_officer, deliberation, three[0], username="taken")
    assert "already taken" in messages(exc)
    assert not Appointment.objects.exists()
    assert not AuditLog.objects.filter(event="facilitator.appointed").exists()


def test_an_account_can_be_created_later_once(regency_officer, three, regions):
    deliberation = deliberate(regency_officer, three[:1])
    appointment = appoint(regency_officer, deliberation, three[0]).appointment
    user, _pw = services.facilitator_account_create(appointment=appointment, username="ani", actor=regency_officer)
    assert user.role_assignments.get().region_code == VILLAGE_A
    with pytest.raises(ValidationError) as exc:
        services.facilitator_account_create(appointment=appointment, username="ani2", actor=regency_officer)
    assert "already has an account" in messages(exc)


def test_an_appointment_ends_with_a_reason(regency_officer, pendamping_a, facilitator_a):
    with pytest.raises(PermissionDenied):
        services.facilitator_end(
            appointment=pendamping_a, ended_on=datetime.date(2026, 2, 1), reason="x", actor=facilitator_a
        )
    with pytest.raises(ValidationError):
        services.facilitator_end(
            appointment=pendamping_a, ended_on=datetime.date(2026, 2, 1), reason=" ", actor=regency_officer
        )
    services.facilitator_end(
        appointment=pendamping_a, ended_on=datetime.date(2026, 2, 1), reason="Mengundurkan diri", actor=regency_officer
    )
    pendamping_a.refresh_from_db()
    assert pendamping_a.ended_on == datetime.date(2026, 2, 1)
    forget_role_assignments(pendamping_a.user)
    assert scope_for(pendamping_a.user, "facilitators.visits").is_empty


def test_visits_are_logged_by_the_appointed_facilitator_with_people_of_the_village(
    pendamping_a, facilitator_a, person_a, person_b
):
    made = visit(pendamping_a, datetime.date(2026, 2, 3), people=[person_a])
    assert made.appointment == pendamping_a and list(made.people.all()) == [person_a]
    with pytest.raises(ValidationError) as exc:
        visit(pendamping_a, datetime.date(2026, 2, 3), people=[person_b])
    assert "Dewi Lestari does not live in this village" in messages(exc)
    with pytest.raises(ValidationError):
        visit(pendamping_a, datetime.date(2026, 1, 2))  # before the appointment
    # A facilitator account without an appointment logs nothing.
    data = services.VisitData(village=pendamping_a.village, on=datetime.date(2026, 2, 3), kind="home_visit", people=[])
    with pytest.raises(PermissionDenied):
        services.visit_record(data=data, actor=facilitator_a)


@time_machine.travel(NOW, tick=False)
def test_the_report_workflow(pendamping_a, regency_officer):
    report = start_report(pendamping_a, datetime.date(2026, 2, 1))
    assert report.status == ReportStatus.DRAFT
    with pytest.raises(ValidationError) as exc:
        services.report_approve(report_=report, actor=regency_officer)
    assert "Only a submitted report can be approved or returned; this one is Draft." in messages(exc)
    report = services.report_submit(report_=report, actor=pendamping_a.user)
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at == NOW
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report_=report, actor=pendamping_a.user)
    assert "this one is Submitted" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.report_update(report_=report, narrative="x", actor=pendamping_a.user)
    with pytest.raises(ValidationError) as exc:
        services.report_return(report_=report, actor=regency_officer, comment="  ")
    assert "needs a comment" in messages(exc)
    report = services.report_return(report_=report, actor=regency_officer, comment="Lengkapi kunjungan.")
    assert report.status == ReportStatus.RETURNED
    services.report_update(report_=report, narrative="Sudah dilengkapi.", actor=pendamping_a.user)
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        report = services.report_submit(report_=report, actor=pendamping_a.user)
    assert report.first_submitted_at == NOW and report.submitted_at == NOW + datetime.timedelta(days=1)
    report = services.report_approve(report_=report, actor=regency_officer)
    with pytest.raises(ValidationError):
        services.report_return(report_=report, actor=regency_officer, comment="late")
    history = list(report.transitions.order_by("id").values_list("from_status", "to_status", "comment"))
    assert history == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "returned", "Lengkapi kunjungan."),
        ("returned", "submitted", ""),
        ("submitted", "approved", ""),
    ]


@time_machine.travel(NOW, tick=False)
def test_only_the_village_writes_and_only_its_regency_reviews(
    pendamping_a, pendamping_b, regency_officer, ministry_staff, facilitator_c, regions
):
    from conftest import make_user

    other_officer = make_user("disnaker_wonosobo", "regency_officer", "33.07")
    with pytest.raises(PermissionDenied):
        services.report_start(village=pendamping_a.village, month=datetime.date(2026, 2, 1), actor=pendamping_b.user)
    with pytest.raises(PermissionDenied):
        services.report_start(village=pendamping_a.village, month=datetime.date(2026, 2, 1), actor=regency_officer)
    report = start_report(pendamping_a, datetime.date(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        services.report_submit(report_=report, actor=pendamping_b.user)
    services.report_submit(report_=report, actor=pendamping_a.user)
    for outsider in (other_officer, ministry_staff, pendamping_a.user):
        with pytest.raises(PermissionDenied):
            services.report_approve(report_=report, actor=outsider)
    with pytest.raises(ValidationError) as exc:
        start_report(pendamping_a, datetime.date(2026, 2, 1))
    assert "already a report" in messages(exc)


@time_machine.travel(datetime.datetime(2026, 2, 20, 3, tzinfo=datetime.UTC))
def test_a_month_is_reported_once_it_has_ended(pendamping_a):
    report = start_report(pendamping_a, datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report_=report, actor=pendamping_a.user)
    assert "once the month has ended" in messages(exc)
    with pytest.raises(ValidationError):
        start_report(pendamping_a, datetime.date(2026, 3, 1))


def test_a_deliberation_is_not_older_than_the_programme(regency_officer, three):
    with pytest.raises(ValidationError) as exc:
        deliberate(regency_officer, three[:1], held_on=datetime.date(2015, 12, 31))
    assert exc.value.message_dict == {"held_on": ["The date cannot be before 2016, when the programme began."]}
    assert deliberate(regency_officer, three[:1], held_on=datetime.date(2016, 1, 1)).pk
