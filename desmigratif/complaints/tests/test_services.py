"""Domain rules of complaints: the chain, its deadlines, the append-only history, audited reads."""

import datetime
import itertools

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.audit.models import AuditLog
from desmigratif.complaints import selectors, services
from desmigratif.complaints.models import Complaint, ComplaintCategory, ComplaintEvent, EscalationLevel
from desmigratif.complaints.tests.conftest import complaint_data, receive

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_categories_and_levels_are_data_with_their_source(db):
    codes = set(ComplaintCategory.objects.values_list("code", flat=True))
    assert {"wants_to_go_home", "unpaid_wages", "deported", "failed_to_depart", "died", "job_fraud", "abuse"} <= codes
    assert {"illness", "lost_contact", "overstay", "detained", "other"} <= codes
    assert all(c.legal_basis and c.valid_from for c in ComplaintCategory.objects.all())
    levels = list(EscalationLevel.objects.order_by("order"))
    assert [lv.code for lv in levels] == ["facilitator", "disnaker", "bp3mi", "perwakilan"]
    assert [lv.tier for lv in levels] == ["village", "regency", "province", "national"]
    assert all("not regulation" in lv.legal_basis for lv in levels)


def test_tickets_are_long_random_and_normalised_from_what_people_type():
    tickets = {services.new_ticket() for _ in range(200)}
    assert len(tickets) == 200
    ticket = tickets.pop()
    assert len(ticket) == 18 and ticket.startswith("PGD-")
    assert services.normalise_ticket(ticket.lower().replace("-", " ")) == ticket
    assert services.normalise_ticket("PGD-1234") == ""


@time_machine.travel(NOW, tick=False)
def test_a_public_complaint_starts_with_the_village_facilitator_and_a_3_day_deadline(regions):
    complaint = receive(VILLAGE_A)
    assert complaint.status == "open" and complaint.source == "public"
    assert complaint.level.code == "facilitator"
    assert complaint.level_due_at == NOW + datetime.timedelta(days=3)
    assert complaint.complainant_phone == "+6281234567891"
    [event] = complaint.events.all()
    assert event.kind == "received" and event.actor is None and event.to_level.code == "facilitator"
    audit = AuditLog.objects.get(event="complaint.created")
    assert audit.actor is None and audit.region_code == VILLAGE_A and audit.subject_label == complaint.ticket


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("complainant_name", " "),
        ("complainant_phone", "12"),
        ("complainant_phone", ""),
        ("complainant_relationship", "boss"),
        ("migrant_name", ""),
        ("category", "nonsense"),
        ("destination_country", "ID"),
        ("destination_country", "XX"),
        ("description", "   "),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(regions, field, value):
    with pytest.raises(ValidationError) as exc:
        receive(VILLAGE_A, **{field: value})
    assert field in exc.value.message_dict
    assert not Complaint.objects.exists() and not ComplaintEvent.objects.exists() and not AuditLog.objects.exists()


def test_staff_may_enter_complaints_only_for_their_own_villages(facilitator_a, facilitator_b):
    with pytest.raises(ValidationError) as exc:
        receive(VILLAGE_B, actor=facilitator_a)
    assert "village" in exc.value.message_dict
    complaint = receive(VILLAGE_B, actor=facilitator_b, confidential_notes="Ayah pernah dipukul.")
    assert complaint.source == "facilitator" and complaint.created_by == facilitator_b


def test_a_complaint_about_a_registered_worker_belongs_to_the_workers_village(facilitator_a, facilitator_b):
    worker = make_person(facilitator_a, VILLAGE_A, full_name="Rina Wulandari", migrant_status="abroad")
    with pytest.raises(ValidationError) as exc:
        services.complaint_receive(data=complaint_data(VILLAGE_B, migrant_person=worker), actor=facilitator_b)
    assert "migrant_person" in exc.value.message_dict or "village" in exc.value.message_dict
    complaint = services.complaint_receive(data=complaint_data(VILLAGE_B, migrant_person=worker), actor=facilitator_a)
    assert complaint.village_id == VILLAGE_A and complaint.migrant_person == worker


def test_the_chain_goes_facilitator_disnaker_bp3mi_embassy_each_with_its_own_deadline(regions, facilitator_a):
    with time_machine.travel(NOW, tick=False):
        complaint = receive(VILLAGE_A)
    expected = [("disnaker", 7), ("bp3mi", 14), ("perwakilan", 30)]
    for day, (code, days) in enumerate(expected, start=1):
        moment = NOW + datetime.timedelta(days=day)
        with time_machine.travel(moment, tick=False):
            complaint = services.complaint_escalate(
                complaint=complaint, reason="Tidak ada jawaban.", actor=facilitator_a
            )
        assert complaint.level.code == code and complaint.status == "in_progress"
        assert complaint.level_due_at == moment + datetime.timedelta(days=days)
    with pytest.raises(ValidationError) as exc:
        services.complaint_escalate(complaint=complaint, reason="Lagi.", actor=facilitator_a)
    assert exc.value.messages == [str(services.LAST_LEVEL)]
    kinds = list(complaint.events.values_list("kind", "from_level__code", "to_level__code"))
    assert kinds == [
        ("received", None, "facilitator"),
        ("escalated", "facilitator", "disnaker"),
        ("escalated", "disnaker", "bp3mi"),
        ("escalated", "bp3mi", "perwakilan"),
    ]


def test_escalating_needs_a_reason_and_a_complaint_still_being_handled(complaint_a, facilitator_a):
    with pytest.raises(ValidationError) as exc:
        services.complaint_escalate(complaint=complaint_a, reason=" ", actor=facilitator_a)
    assert "reason" in exc.value.message_dict
    services.complaint_resolve(complaint=complaint_a, note="Gaji sudah dibayar.", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.complaint_escalate(complaint=complaint_a, reason="Tetap.", actor=facilitator_a)
    complaint_a.refresh_from_db()
    assert complaint_a.level.code == "facilitator" and complaint_a.level_due_at is None


def test_a_note_takes_an_open_complaint_in_hand_and_close_records_the_outcome(complaint_a, facilitator_a):
    complaint = services.complaint_add_note(complaint=complaint_a, note="Keluarga ditelepon.", actor=facilitator_a)
    assert complaint.status == "in_progress"
    with pytest.raises(ValidationError):
        services.complaint_close(complaint=complaint, outcome="", actor=facilitator_a)
    complaint = services.complaint_close(complaint=complaint, outcome="Pekerja sudah pulang.", actor=facilitator_a)
    assert complaint.status == "closed" and complaint.outcome == "Pekerja sudah pulang."
    for action in (
        lambda: services.complaint_add_note(complaint=complaint, note="x", actor=facilitator_a),
        lambda: services.complaint_close(complaint=complaint, outcome="y", actor=facilitator_a),
        lambda: services.complaint_resolve(complaint=complaint, note="z", actor=facilitator_a),
    ):
        with pytest.raises(ValidationError):
            action()
    assert list(complaint.events.values_list("kind", flat=True)) == ["received", "note", "closed"]


def test_the_history_is_append_only(complaint_a, facilitator_a, regency_officer):
    snapshots = []

    def history():
        return list(ComplaintEvent.objects.filter(complaint=complaint_a).order_by("id").values())

    snapshots.append(history())
    services.complaint_add_note(complaint=complaint_a, note="Dihubungi.", actor=facilitator_a)
    snapshots.append(history())
    services.complaint_escalate(complaint=complaint_a, reason="Butuh Disnaker.", actor=facilitator_a)
    snapshots.append(history())
    services.complaint_resolve(complaint=complaint_a, note="Selesai.", actor=regency_officer)
    snapshots.append(history())
    services.complaint_close(complaint=complaint_a, outcome="Gaji dibayar.", actor=regency_officer)
    snapshots.append(history())
    for before, after in itertools.pairwise(snapshots):
        # Each action adds exactly one event and leaves every earlier one as it was.
        assert len(after) == len(before) + 1 and after[: len(before)] == before
    assert [e["kind"] for e in snapshots[-1]] == ["received", "note", "escalated", "resolved", "closed"]
    events = set(AuditLog.objects.filter(subject_id=str(complaint_a.pk)).values_list("event", flat=True))
    assert events == {
        "complaint.created",
        "complaint.note_added",
        "complaint.escalated",
        "complaint.resolved",
        "complaint.closed",
    }


def test_every_read_of_a_complaints_detail_is_audited(complaint_a, facilitator_a, regency_officer):
    selectors.read_complaint_for_user(facilitator_a, complaint_a.pk)
    selectors.read_complaint_for_user(regency_officer, complaint_a.pk, via="api")
    reads = list(
        AuditLog.objects.filter(event="complaint.read").order_by("id").values_list("actor", "via", "region_code")
    )
    assert reads == [(facilitator_a.pk, "web", VILLAGE_A), (regency_officer.pk, "api", VILLAGE_A)]
    # Listing is not a detail read.
    list(selectors.complaints_for_user(facilitator_a))
    assert AuditLog.objects.filter(event="complaint.read").count() == 2


def test_overdue_complaints_are_listed_and_escalated_automatically(regions, facilitator_a, regency_officer):
    with time_machine.travel(NOW, tick=False):
        late = receive(VILLAGE_A, migrant_name="Terlambat")
        at_last = receive(VILLAGE_A, migrant_name="Di KBRI")
        for _ in range(3):
            at_last = services.complaint_escalate(complaint=at_last, reason="Naik.", actor=facilitator_a)
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        fresh = receive(VILLAGE_A, migrant_name="Baru")
        resolved = receive(VILLAGE_A, migrant_name="Selesai")
        services.complaint_resolve(complaint=resolved, note="Beres.", actor=facilitator_a)
    with time_machine.travel(NOW + datetime.timedelta(days=4), tick=False):
        overdue = list(selectors.overdue_complaints_for_user(facilitator_a))
        assert [c.pk for c in overdue] == [late.pk]
        assert [c.pk for c in selectors.overdue_complaints_for_user(regency_officer)] == [late.pk]
        assert services.escalate_overdue() == 1
        late.refresh_from_db()
        assert late.level.code == "disnaker"
        assert late.level_due_at == NOW + datetime.timedelta(days=4 + 7)
        event = late.events.get(kind="escalated")
        assert event.actor is None and event.detail == str(services.AUTO_REASON)
        assert not selectors.overdue_complaints_for_user(facilitator_a).exists()
    with time_machine.travel(NOW + datetime.timedelta(days=40), tick=False):
        # At the last level nothing is left to escalate to: it stays on the overdue list.
        assert at_last.pk in {c.pk for c in selectors.overdue_complaints_for_user(regency_officer)}
        call_command("escalate_overdue_complaints")
        at_last.refresh_from_db()
        fresh.refresh_from_db()
        assert at_last.level.code == "perwakilan" and fresh.level.code == "disnaker"
    assert timezone.now() > NOW  # travelling back restores the clock


def test_automatic_escalation_does_not_escalate_a_complaint_answered_meanwhile(complaint_a, facilitator_a):
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False),
        pytest.raises(ValidationError),
    ):
        services.complaint_escalate(complaint=complaint_a, reason="auto", only_if_overdue=True)
    assert complaint_a.events.count() == 1
