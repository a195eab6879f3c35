import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login, make_person
from desmigratif.accounts.services import api_token_create
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.audit.services import audit_record
from desmigratif.core.testing import assert_access
from desmigratif.people.services import person_reveal_nik

URL = reverse("audit:list")


def test_it_matrix(
    client, person_a, facilitator_a, regency_officer, ministry_staff, sysadmin, treasurer, partner, no_role_user
):
    assert_access(
        client,
        URL,
        allowed=[regency_officer, ministry_staff, sysadmin],
        forbidden=[facilitator_a, treasurer, partner, no_role_user],
        secrets=[person_a.full_name],
    )


def test_it_rejects_post(client, regency_officer):
    assert login(client, regency_officer).post(URL).status_code == 405


def test_a_regency_officer_sees_only_its_regencys_entries(
    client, person_a, person_b, person_c, regency_officer, facilitator_a
):
    api_token_create(user=facilitator_a, name="sync", read_only=True, actor=facilitator_a)
    body = login(client, regency_officer).get(URL).content.decode()
    assert person_a.full_name in body and person_b.full_name in body
    assert person_c.full_name not in body and VILLAGE_C not in body
    # Token events belong to no region: national staff and administrators see them, officers do not.
    assert "facilitator_a" not in body


@pytest.mark.parametrize("viewer", ["ministry_staff", "sysadmin"])
def test_national_viewers_see_every_region_and_the_account_events(
    client, request, person_a, person_c, facilitator_a, viewer
):
    api_token_create(user=facilitator_a, name="sync", read_only=True, actor=facilitator_a)
    body = login(client, request.getfixturevalue(viewer)).get(URL).content.decode()
    assert person_a.full_name in body and person_c.full_name in body and "facilitator_a" in body


def test_personal_values_are_masked(client, person_a, facilitator_a, ministry_staff):
    person_reveal_nik(person=person_a, actor=facilitator_a)
    body = login(client, ministry_staff).get(URL).content.decode()
    assert person_a.nik_masked in body and person_a.nik not in body
    assert person_a.phone not in body and "1990-05-17" not in body


def test_it_filters_by_event_and_ignores_an_unknown_one(client, person_a, facilitator_a, ministry_staff):
    person_reveal_nik(person=person_a, actor=facilitator_a)
    login(client, ministry_staff)
    response = client.get(URL, {"event": AuditEvent.PERSON_NIK_REVEALED})
    entries = list(response.context["page"].object_list)
    assert [e.event for e in entries] == [AuditEvent.PERSON_NIK_REVEALED]
    response = client.get(URL, {"event": "nonsense"})
    assert response.status_code == 200 and response.context["event"] == ""
    assert {e.event for e in response.context["page"].object_list} > {AuditEvent.PERSON_NIK_REVEALED}


def test_it_shows_the_newest_first_fifty_to_a_page(client, person_a, facilitator_a, ministry_staff):
    for _ in range(55):
        person_reveal_nik(person=person_a, actor=facilitator_a)
    login(client, ministry_staff)
    first = client.get(URL).context["page"]
    assert len(first.object_list) == 50 and first.paginator.count == 57
    ids = [e.pk for e in first.object_list]
    assert ids == sorted(ids, reverse=True)
    second = client.get(URL, {"page": 2}).context["page"]
    assert len(second.object_list) == 7 and max(e.pk for e in second.object_list) < min(ids)
    assert client.get(URL, {"page": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        # session, user with role assignments, count, page rows with their actors
        ("regency_officer", 4),
        ("ministry_staff", 4),
    ],
)
def test_the_query_count_does_not_grow_with_the_number_of_entries(
    client, request, facilitator_a, facilitator_b, viewer, expected, django_assert_num_queries
):
    make_person(facilitator_a, VILLAGE_A, full_name="Satu")
    login(client, request.getfixturevalue(viewer))
    client.get(URL)
    with django_assert_num_queries(expected):
        client.get(URL)
    for index in range(10):
        make_person(facilitator_a, VILLAGE_A, full_name=f"Orang A {index}")
        make_person(facilitator_b, VILLAGE_B, full_name=f"Orang B {index}")
    with django_assert_num_queries(expected):
        assert "Orang B 9" in client.get(URL).content.decode()
    with django_assert_num_queries(expected):
        client.get(URL, {"event": AuditEvent.PERSON_CREATED, "page": 2})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Migrant status: None of these → Working abroad (PMI)", "Expires on: 1 Jan 2031 → 2 Feb 2032"]),
        (
            "id",
            [
                "Status migrasi: Bukan salah satunya → Bekerja di luar negeri (PMI)",
                "Berlaku sampai: 1 Jan 2031 → 2 Feb 2032",
            ],
        ),
    ],
)
def test_changes_show_the_fields_name_and_values_in_the_readers_language(
    client, person_a, facilitator_a, ministry_staff, language, expected
):
    audit_record(
        actor=facilitator_a,
        event="person.updated",
        subject=person_a,
        region_code=VILLAGE_A,
        changes={"migrant_status": ["none", "abroad"], "birth_date": ["1990-**-**", "1991-**-**"], "gone": [1, 2]},
    )
    audit_record(
        actor=facilitator_a,
        event="document.updated",
        subject=person_a,
        region_code=VILLAGE_A,
        changes={"expires_on": ["2031-01-01", "2032-02-02"]},
    )
    AuditLog.objects.filter(event="document.updated").update(subject_type="migration_cases.casedocument")
    body = login(client, ministry_staff).get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in expected:
        assert text in body
    assert "migrant_status" not in body and "2031-01-01" not in body
    # A masked birth date stays masked; a field the model does not have shows as stored.
    assert "1990-**-**" in body and "gone: 1 → 2" in body
