"""Reads of many records are audited together: one row each, one insert."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.audit.services import audit_reads

pytestmark = pytest.mark.django_db


def test_reads_are_one_row_per_record_in_one_insert(facilitator_a, django_assert_num_queries):
    people = [make_person(facilitator_a, VILLAGE_A, full_name="Siti Aminah"), make_person(facilitator_a, VILLAGE_A)]
    AuditLog.objects.all().delete()
    with django_assert_num_queries(1):
        audit_reads(
            actor=facilitator_a,
            event=AuditEvent.CHILD_READ,
            subjects=[(people[0], VILLAGE_A, "S. A."), (people[1], VILLAGE_B, "x" * 300)],
            via="api",
        )
    rows = list(
        AuditLog.objects.order_by("id").values_list(
            "actor", "event", "subject_type", "subject_id", "region_code", "via"
        )
    )
    assert rows == [
        (facilitator_a.pk, AuditEvent.CHILD_READ, "people.person", str(people[0].pk), VILLAGE_A, "api"),
        (facilitator_a.pk, AuditEvent.CHILD_READ, "people.person", str(people[1].pk), VILLAGE_B, "api"),
    ]
    assert [len(label) for label in AuditLog.objects.order_by("id").values_list("subject_label", flat=True)] == [5, 200]


def test_a_read_without_a_signed_in_user_has_no_actor(facilitator_a):
    person = make_person(facilitator_a)
    audit_reads(actor=AnonymousUser(), event=AuditEvent.CHILD_READ, subjects=[(person, VILLAGE_A, "")])
    assert AuditLog.objects.filter(event=AuditEvent.CHILD_READ).get().actor is None
