"""Expiry reminders: the daily task, its thresholds and idempotency, who sees them, the schedule."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, login, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.migration.models import ExpiryReminder
from desmigratif.migration.selectors import open_reminders_for_user
from desmigratif.migration.services import case_close, case_open, document_update, expiry_reminders_create
from desmigratif.migration.tasks import next_run, send_document_expiry_reminders

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
EXPIRY = datetime.date(2027, 6, 30)


def at(day: datetime.date):
    """Freeze time at 07:00 in Jakarta on ``day``."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=JAKARTA), tick=False)


def before(days: int) -> datetime.date:
    return EXPIRY - datetime.timedelta(days=days)


def open_case(actor, person):
    return case_open(
        person=person, destination_country="MY", job_title="Operator", employer_type="legal_entity", actor=actor
    )


def record(document, actor, *, expires_on=EXPIRY, status="verified"):
    with at(datetime.date(2026, 11, 1)):
        return document_update(
            document=document, status=status, number="X-1", issued_on=None, expires_on=expires_on, actor=actor
        )


@pytest.fixture
def case_a(facilitator_a, person_a):
    with at(datetime.date(2026, 11, 1)):
        return open_case(facilitator_a, person_a)


@pytest.fixture
def passport(case_a, facilitator_a):
    return record(case_a.documents.get(document_type__code="paspor"), facilitator_a)


def thresholds(document=None):
    rows = ExpiryReminder.objects.all() if document is None else ExpiryReminder.objects.filter(document=document)
    return sorted(rows.values_list("threshold_days", flat=True), reverse=True)


def test_the_four_reminded_types_are_data(db):
    from desmigratif.migration.models import DocumentType

    reminded = DocumentType.objects.filter(remind_before_expiry=True).values_list("code", flat=True)
    assert sorted(reminded) == ["bpjs", "paspor", "perjanjian_kerja", "visa_kerja"]
    assert all(DocumentType.objects.filter(remind_before_expiry=True).values_list("expires", flat=True))


def test_reminders_come_at_90_60_and_30_days_once_each(passport):
    with at(before(91)):
        assert expiry_reminders_create() == 0
    with at(before(90)):
        assert expiry_reminders_create() == 1
        assert expiry_reminders_create() == 0  # the same day again
    with at(before(61)):
        assert expiry_reminders_create() == 0
    with at(before(60)):
        assert expiry_reminders_create() == 1
    with at(before(31)):
        assert expiry_reminders_create() == 0
    with at(before(30)):
        assert expiry_reminders_create() == 1
    with at(before(1)):
        assert expiry_reminders_create() == 0
    assert thresholds(passport) == [90, 60, 30]
    reminder = ExpiryReminder.objects.get(threshold_days=30)
    assert (reminder.village_id, reminder.expires_on) == (passport.case.village_id, EXPIRY)


def test_a_missed_day_gives_only_the_tightest_reminder(passport):
    # The worker was down for weeks: the document now expires in 40 days, so only "60 days" is due.
    with at(before(40)):
        assert expiry_reminders_create() == 1
    assert thresholds(passport) == [60]


def test_expired_documents_and_other_documents_get_no_reminder(case_a, facilitator_a):
    record(
        case_a.documents.get(document_type__code="visa_kerja"), facilitator_a, expires_on=datetime.date(2026, 11, 20)
    )
    # surat_sehat expires too, but it is not one of the reminded types.
    record(case_a.documents.get(document_type__code="surat_sehat"), facilitator_a)
    # A rejected or missing document is not reminded either.
    record(case_a.documents.get(document_type__code="bpjs"), facilitator_a, status="rejected")
    record(case_a.documents.get(document_type__code="perjanjian_kerja"), facilitator_a, status="missing")
    with at(datetime.date(2026, 11, 20)):  # the visa expires today: too late for a reminder
        assert expiry_reminders_create() == 0
    with at(before(30)):  # the visa expired long ago
        assert expiry_reminders_create() == 0
    assert not ExpiryReminder.objects.exists()


def test_documents_of_closed_cases_get_no_reminder(case_a, passport, facilitator_a):
    case_close(case=case_a, status="cancelled", reason="Batal berangkat", actor=facilitator_a)
    with at(before(30)):
        assert expiry_reminders_create() == 0


def test_a_renewed_document_gets_new_reminders_and_drops_the_old(passport, facilitator_a):
    with at(before(30)):
        expiry_reminders_create()
    assert open_reminders_for_user(facilitator_a).count() == 1
    renewed = datetime.date(2028, 6, 30)
    with at(before(30)):
        document_update(
            document=passport, status="verified", number="X-2", issued_on=None, expires_on=renewed, actor=facilitator_a
        )
        assert open_reminders_for_user(facilitator_a).count() == 0
    with at(renewed - datetime.timedelta(days=90)):
        assert expiry_reminders_create() == 1
        assert [r.expires_on for r in open_reminders_for_user(facilitator_a)] == [renewed]


def test_reminders_go_to_the_village_of_the_case(
    passport, facilitator_a, facilitator_b, facilitator_c, regency_officer, ministry_staff, partner, treasurer
):
    person_b = make_person(facilitator_b, VILLAGE_B, full_name="Dewi Lestari")
    with at(datetime.date(2026, 11, 1)):
        case_b = open_case(facilitator_b, person_b)
    record(case_b.documents.get(document_type__code="bpjs"), facilitator_b)
    other_regency = make_user("officer_wonosobo", Role.REGENCY_OFFICER, "33.07")
    with at(before(30)):
        assert send_document_expiry_reminders.enqueue().return_value == 2
        seen = {
            user.username: sorted(r.document.document_type.code for r in open_reminders_for_user(user))
            for user in (facilitator_a, facilitator_b, facilitator_c, regency_officer, other_regency)
        }
        for user in (ministry_staff, partner, treasurer):
            assert not open_reminders_for_user(user).exists()
    assert seen == {
        "facilitator_a": ["paspor"],
        "facilitator_b": ["bpjs"],
        "facilitator_c": [],
        "regency_officer": ["bpjs", "paspor"],
        "officer_wonosobo": [],
    }


# --- Pages ------------------------------------------------------------------------------------


def test_the_expiring_page_and_home_show_reminders_to_mark_done(client, passport, facilitator_a, person_a):
    with at(before(30)):
        expiry_reminders_create()
        login(client, facilitator_a)
        home = client.get(reverse("core:home")).content.decode()
        assert 'id="reminder-count"' in home and "1 dokumen segera habis berlaku" in home
        page = client.get(reverse("migration:expiring")).content.decode()
        assert 'id="reminders"' in page and person_a.full_name in page and "30 hari sebelum habis berlaku" in page
        reminder = ExpiryReminder.objects.get()
        response = client.post(reverse("migration:reminder_done", args=[reminder.pk]), follow=True)
        assert "Pengingat ditandai selesai" in response.content.decode()
        reminder.refresh_from_db()
        assert reminder.done_at is not None and reminder.done_by == facilitator_a
        assert 'id="reminders"' not in client.get(reverse("migration:expiring")).content.decode()
        assert 'id="reminder-count"' not in client.get(reverse("core:home")).content.decode()
        # Marking it again explains that it is done already.
        again = client.post(reverse("migration:reminder_done", args=[reminder.pk]), follow=True)
        assert "sudah ditandai selesai" in again.content.decode()


def test_the_expiring_page_shows_no_reminder_of_another_area(client, passport, facilitator_b, person_a, regions):
    other_regency = make_user("officer_wonosobo", Role.REGENCY_OFFICER, "33.07")
    with at(before(30)):
        expiry_reminders_create()
        for user in (facilitator_b, other_regency):
            body = login(client, user).get(reverse("migration:expiring")).content.decode()
            assert person_a.full_name not in body and 'id="reminders"' not in body
            assert 'id="reminder-count"' not in client.get(reverse("core:home")).content.decode()


def test_marking_done_is_scoped(client, passport, facilitator_a, facilitator_b, ministry_staff, partner, treasurer):
    with at(before(30)):
        expiry_reminders_create()
    reminder = ExpiryReminder.objects.get()
    url = reverse("migration:reminder_done", args=[reminder.pk])
    assert login(client, facilitator_a).get(url).status_code == 405
    for user in (facilitator_b, ministry_staff, partner, treasurer):
        assert login(client, user).post(url).status_code == 404
    reminder.refresh_from_db()
    assert reminder.done_at is None
    assert login(client, facilitator_b).get(reverse("core:home")).content.decode().count("reminder-count") == 0


@pytest.mark.parametrize("actor_name", ["facilitator_a", "regency_officer"])
def test_the_expiring_page_with_reminders_has_a_fixed_query_count(
    client, request, actor_name, facilitator_a, django_assert_num_queries
):
    actor = request.getfixturevalue(actor_name)
    for index in range(2):
        with at(datetime.date(2026, 11, 1)):
            case = open_case(facilitator_a, make_person(facilitator_a, full_name=f"Orang {index}"))
        for code in ("paspor", "visa_kerja"):
            record(case.documents.get(document_type__code=code), facilitator_a)
    with at(before(30)):
        expiry_reminders_create()
        login(client, actor)
        url = reverse("migration:expiring")
        client.get(url, {"within": 30})
        # Session, user, roles, count, page, open reminders.
        with django_assert_num_queries(5):
            assert client.get(url, {"within": 30}).status_code == 200
        for index in range(2, 8):
            with at(datetime.date(2026, 11, 1)):
                case = open_case(facilitator_a, make_person(facilitator_a, full_name=f"Orang {index}"))
            record(case.documents.get(document_type__code="bpjs"), facilitator_a)
        assert expiry_reminders_create() == 6
        with django_assert_num_queries(5):
            body = client.get(url, {"within": 30}).content.decode()
        assert body.count("Tandai selesai") == 10
        # Home: session, user with roles, reminder count.
        with django_assert_num_queries(3):
            assert client.get(reverse("core:home")).status_code == 200


# --- Schedule ---------------------------------------------------------------------------------


def test_the_next_run_is_tomorrow_morning_in_jakarta():
    morning = datetime.datetime(2026, 12, 1, 5, 0, tzinfo=JAKARTA)
    assert next_run(morning) == datetime.datetime(2026, 12, 1, 6, 0, tzinfo=JAKARTA)
    assert next_run(morning.replace(hour=6)) == datetime.datetime(2026, 12, 2, 6, 0, tzinfo=JAKARTA)


def test_the_command_runs_the_task_at_once_without_a_deferring_backend(passport, capsys):
    with at(before(60)):
        call_command("schedule_reminders")
    assert thresholds(passport) == [60]
    assert "1" in capsys.readouterr().out


# The worker closes and reopens connections between tasks, as in production: a transactional test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_daily_task_reschedules_itself_on_the_database_backend(regions, settings):
    from django_tasks_db.models import DBTaskResult

    facilitator = make_user("pendamping_a", Role.FACILITATOR, VILLAGE_A)
    with at(datetime.date(2026, 11, 1)):
        case = open_case(facilitator, make_person(facilitator, VILLAGE_A))
    passport = record(case.documents.get(document_type__code="paspor"), facilitator)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with at(before(60)):
        call_command("schedule_reminders")
        call_command("schedule_reminders")  # a second call adds no second chain
        assert DBTaskResult.objects.count() == 1
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert thresholds(passport) == [60]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == datetime.datetime.combine(before(59), datetime.time(6, 0), tzinfo=JAKARTA)
    with at(before(59)):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The run of the next morning found nothing new (59 days left), and queued the day after.
    assert thresholds(passport) == [60]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert DBTaskResult.objects.filter(status="READY").count() == 1
