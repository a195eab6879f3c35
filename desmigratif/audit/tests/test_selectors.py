import pytest

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C
from desmigratif.accounts.services import api_token_create
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.selectors import audit_log_for_user
from desmigratif.people.services import person_reveal_nik


@pytest.fixture
def events(person_a, person_b, person_c, ministry_staff):
    """Registration events in villages A, B (Kab. Malang) and C (Wonosobo), and one national event."""
    api_token_create(user=ministry_staff, name="dashboard", read_only=True, actor=ministry_staff)
    return {"a": person_a, "b": person_b, "c": person_c}


def _regions(user, **filters):
    return set(audit_log_for_user(user, **filters).values_list("region_code", flat=True))


def test_a_regency_officer_sees_only_its_regencys_events(events, regency_officer):
    assert _regions(regency_officer) == {VILLAGE_A, VILLAGE_B}
    subjects = set(audit_log_for_user(regency_officer).values_list("subject_id", flat=True))
    assert str(events["c"].pk) not in subjects
    assert {str(events["a"].pk), str(events["b"].pk)} <= subjects


def test_national_staff_and_system_administrators_see_every_event(events, ministry_staff, sysadmin):
    for user in (ministry_staff, sysadmin):
        assert _regions(user) == {VILLAGE_A, VILLAGE_B, VILLAGE_C, ""}


@pytest.mark.parametrize("user", ["facilitator_a", "facilitator_c", "treasurer", "partner", "no_role_user"])
def test_a_role_without_the_audit_permission_sees_nothing(request, events, user):
    assert not audit_log_for_user(request.getfixturevalue(user)).exists()


def test_the_log_is_newest_first(events, ministry_staff):
    ids = list(audit_log_for_user(ministry_staff).values_list("id", flat=True))
    assert ids == sorted(ids, reverse=True)


def test_the_log_filters_by_event_within_the_scope(events, regency_officer, facilitator_c):
    person_reveal_nik(person=events["a"], actor=regency_officer)
    person_reveal_nik(person=events["c"], actor=facilitator_c)
    revealed = audit_log_for_user(regency_officer, event=AuditEvent.PERSON_NIK_REVEALED)
    assert [(e.subject_id, e.actor) for e in revealed] == [(str(events["a"].pk), regency_officer)]


def test_the_log_filters_by_subject(events, ministry_staff):
    history = audit_log_for_user(ministry_staff, subject_type="people.person", subject_id=str(events["b"].pk))
    assert set(history.values_list("event", flat=True)) == {AuditEvent.PERSON_CREATED, AuditEvent.CONSENT_RECORDED}
    assert set(history.values_list("region_code", flat=True)) == {VILLAGE_B}


def test_a_subject_outside_the_scope_has_no_visible_history(events, regency_officer):
    history = audit_log_for_user(regency_officer, subject_type="people.person", subject_id=str(events["c"].pk))
    assert not history.exists()
