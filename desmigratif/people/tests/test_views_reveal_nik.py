from django.urls import reverse

from conftest import login
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access


def _url(person):
    return reverse("people:reveal_nik", args=[person.pk])


def _reveals(person):
    return AuditLog.objects.filter(event=AuditEvent.PERSON_NIK_REVEALED, subject_id=str(person.pk))


def test_it_matrix(
    client,
    person_a,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    regency_officer,
    ministry_staff,
    treasurer,
    partner,
    sysadmin,
    no_role_user,
):
    # A cooperative officer sees the person but may not reveal the NIK: 403.
    assert_access(
        client,
        _url(person_a),
        method="post",
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, facilitator_c, partner, sysadmin, no_role_user],
        forbidden=[treasurer],
        secrets=[person_a.nik, person_a.full_name],
    )
    actors = set(_reveals(person_a).values_list("actor__username", flat=True))
    assert actors == {"facilitator_a", "regency_officer", "ministry_staff"}


def test_it_rejects_get_and_reveals_nothing(client, person_a, facilitator_a):
    response = login(client, facilitator_a).get(_url(person_a))
    assert response.status_code == 405 and person_a.nik not in response.content.decode()
    assert not _reveals(person_a).exists()


def test_every_reveal_writes_an_audit_row_in_the_persons_region(client, person_a, facilitator_a):
    login(client, facilitator_a)
    client.post(_url(person_a))
    client.post(_url(person_a))
    entries = list(_reveals(person_a))
    assert len(entries) == 2
    assert all((e.actor, e.region_code, e.via) == (facilitator_a, person_a.domicile_village_id, "web") for e in entries)


def test_an_htmx_request_gets_only_the_nik_fragment(client, person_a, facilitator_a):
    response = login(client, facilitator_a).post(_url(person_a), headers={"HX-Request": "true"})
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith('<span id="nik"') and body.endswith("</span>")
    assert person_a.nik in body and "<html" not in body and person_a.full_name not in body


def test_without_htmx_the_whole_page_comes_back_with_the_nik(client, person_a, facilitator_a):
    response = login(client, facilitator_a).post(_url(person_a))
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body
    assert person_a.nik in body and person_a.full_name in body


def test_refusals_write_no_audit_row(client, person_a, facilitator_b, treasurer):
    login(client, facilitator_b).post(_url(person_a))
    login(client, treasurer).post(_url(person_a))
    assert not _reveals(person_a).exists()


def test_a_regency_officer_cannot_reveal_in_another_regency(client, person_c, regency_officer):
    response = login(client, regency_officer).post(_url(person_c))
    assert response.status_code == 404 and person_c.nik not in response.content.decode()
    assert not _reveals(person_c).exists()
