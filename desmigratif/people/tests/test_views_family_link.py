import pytest
from django.urls import reverse
from django.utils.html import escape

from conftest import VILLAGE_B, login, make_person
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.people.models import MigrantFamilyLink


def _url(person):
    return reverse("people:family_link_add", args=[person.pk])


@pytest.fixture
def migrant_a(facilitator_a):
    return make_person(facilitator_a, full_name="Pekerja Migran", sex="M", migrant_status="abroad")


def test_the_form_matrix(
    client, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer, partner, no_role_user
):
    assert_access(
        client,
        _url(person_a),
        allowed=[facilitator_a, regency_officer, treasurer],
        not_found=[facilitator_b, partner, no_role_user],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )


def test_refused_posts_link_nothing(client, person_a, migrant_a, facilitator_b, ministry_staff, partner):
    assert_access(
        client,
        _url(person_a),
        method="post",
        data={"migrant_nik": migrant_a.nik, "relation": "child"},
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name, migrant_a.full_name],
    )
    assert not MigrantFamilyLink.objects.exists()


def test_a_facilitator_links_a_family_member_to_a_migrant_worker_by_nik(client, facilitator_a, person_a, migrant_a):
    login(client, facilitator_a)
    response = client.post(_url(person_a), {"migrant_nik": migrant_a.nik, "relation": "spouse"})
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person_a.pk])
    link = MigrantFamilyLink.objects.get()
    assert (link.family_member, link.migrant, link.relation) == (person_a, migrant_a, "spouse")
    assert AuditLog.objects.filter(event=AuditEvent.FAMILY_LINK_ADDED, subject_id=str(person_a.pk)).exists()
    # Both pages show the link.
    assert migrant_a.full_name in client.get(reverse("people:detail", args=[person_a.pk])).content.decode()
    assert person_a.full_name in client.get(reverse("people:detail", args=[migrant_a.pk])).content.decode()


def test_a_migrant_in_another_village_is_answered_like_a_nik_that_does_not_exist(
    client, facilitator_a, person_a, facilitator_b
):
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Migran Desa B", migrant_status="abroad")
    client.cookies["desmigratif_language"] = "en"
    login(client, facilitator_a)
    message = "No person with this NIK is registered in your area."
    for nik in (outsider.nik, "3507330101900001"):
        response = client.post(_url(person_a), {"migrant_nik": nik, "relation": "child"})
        assert response.status_code == 400 and message in response.content.decode()
        assert outsider.full_name not in response.content.decode()
    assert not MigrantFamilyLink.objects.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("self", "A person cannot be linked to themselves."),
        ("not_migrant", "The person linked to must be a migrant worker"),
    ],
)
def test_domain_rules_are_reported_on_the_form(client, facilitator_a, person_a, target, message):
    other = (
        person_a if target == "self" else make_person(facilitator_a, full_name="Bukan Migran", migrant_status="none")
    )
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(_url(person_a), {"migrant_nik": other.nik, "relation": "child"})
    assert response.status_code == 400 and escape(message) in response.content.decode()
    assert not MigrantFamilyLink.objects.exists()


def test_the_same_link_twice_is_refused(client, facilitator_a, person_a, migrant_a):
    client.cookies["desmigratif_language"] = "en"
    login(client, facilitator_a)
    assert client.post(_url(person_a), {"migrant_nik": migrant_a.nik, "relation": "child"}).status_code == 302
    response = client.post(_url(person_a), {"migrant_nik": migrant_a.nik, "relation": "child"})
    assert response.status_code == 400 and "These two people are already linked." in response.content.decode()
    assert MigrantFamilyLink.objects.count() == 1


@pytest.mark.parametrize(
    "form", [{"migrant_nik": "", "relation": "child"}, {"migrant_nik": "3507", "relation": "uncle"}]
)
def test_incomplete_input_is_refused_with_400(client, facilitator_a, person_a, form):
    assert login(client, facilitator_a).post(_url(person_a), form).status_code == 400
    assert not MigrantFamilyLink.objects.exists()


def test_it_rejects_other_methods(client, facilitator_a, person_a):
    assert login(client, facilitator_a).put(_url(person_a)).status_code == 405
