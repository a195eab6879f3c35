from django.urls import reverse

from conftest import VILLAGE_C, login, make_person
from desmigratif.audit.models import AuditEvent
from desmigratif.core.testing import assert_access


def test_audit_page_matrix(client, facilitator_a, regency_officer, ministry_staff, sysadmin, partner):
    assert_access(
        client,
        reverse("audit:list"),
        allowed=[regency_officer, ministry_staff, sysadmin],
        forbidden=[facilitator_a, partner],
    )


def test_a_regency_officer_sees_only_its_regencys_events(client, person_a, person_c, regency_officer):
    body = login(client, regency_officer).get(reverse("audit:list")).content.decode()
    assert person_a.full_name in body and person_c.full_name not in body


def test_the_audit_page_filters_by_event_and_masks_personal_values(client, person_a, ministry_staff):
    login(client, ministry_staff)
    body = client.get(reverse("audit:list"), {"event": AuditEvent.CONSENT_RECORDED}).content.decode()
    assert "registry" in body and "1990-**-**" not in body
    body = client.get(reverse("audit:list")).content.decode()
    assert person_a.nik_masked in body and person_a.nik not in body


def test_the_audit_page_query_count_is_fixed(client, facilitator_c, ministry_staff, django_assert_num_queries):
    make_person(facilitator_c, VILLAGE_C, full_name="Satu")
    login(client, ministry_staff)
    client.get(reverse("audit:list"))
    with django_assert_num_queries(5):
        client.get(reverse("audit:list"))
    for index in range(10):
        make_person(facilitator_c, VILLAGE_C, full_name=f"Orang {index}")
    with django_assert_num_queries(5):
        client.get(reverse("audit:list"))
