import datetime

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, login, make_person, valid_nik
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access


def _url(person):
    return reverse("people:edit", args=[person.pk])


def _form(person, **overrides):
    """The edit form as a browser submits it untouched: the NIK field starts empty."""
    form = {
        "nik": "",
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "birth_place": person.birth_place,
        "phone": person.phone,
        "domicile_village": person.domicile_village_id,
        "address": person.address,
        "education": person.education,
        "marital_status": person.marital_status,
        "migrant_status": person.migrant_status,
    }
    form.update(overrides)
    return form


def _updates(person):
    return AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED, subject_id=str(person.pk))


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
    # National staff may see the person but not change them: 403. Everyone outside: 404.
    assert_access(
        client,
        _url(person_a),
        allowed=[facilitator_a, regency_officer, treasurer],
        not_found=[facilitator_b, facilitator_c, partner, sysadmin, no_role_user],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name, person_a.nik, person_a.phone],
    )


def test_refused_posts_change_nothing(client, person_a, facilitator_b, ministry_staff, partner):
    assert_access(
        client,
        _url(person_a),
        method="post",
        data=_form(person_a, full_name="Diubah"),
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )
    person_a.refresh_from_db()
    assert person_a.full_name == "Siti Aminah" and not _updates(person_a).exists()


def test_the_form_never_shows_the_full_nik(client, person_a, facilitator_a, treasurer):
    # A cooperative officer may edit but not reveal a NIK; a facilitator reveals it through the
    # audited button only. The form shows the masked NIK as a hint.
    for user in (facilitator_a, treasurer):
        body = login(client, user).get(_url(person_a)).content.decode()
        assert person_a.nik not in body and person_a.nik_masked in body and person_a.full_name in body


def test_a_facilitator_changes_a_person_and_the_nik_is_kept(client, facilitator_a, person_a):
    nik = person_a.nik
    response = login(client, facilitator_a).post(_url(person_a), _form(person_a, full_name="Siti Aminah Binti Karto"))
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person_a.pk])
    person_a.refresh_from_db()
    assert (person_a.full_name, person_a.nik) == ("Siti Aminah Binti Karto", nik)
    entry = _updates(person_a).get()
    assert entry.actor == facilitator_a and set(entry.changes) == {"full_name"}


def test_a_mistyped_nik_is_corrected_by_typing_the_full_new_one(client, facilitator_a, person_a):
    new_nik = valid_nik(VILLAGE_A, person_a.birth_date, "F")
    response = login(client, facilitator_a).post(_url(person_a), _form(person_a, nik=new_nik))
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.nik == new_nik
    assert set(_updates(person_a).get().changes) == {"nik"}


def test_saving_without_changes_writes_no_audit_row(client, facilitator_a, person_a):
    assert login(client, facilitator_a).post(_url(person_a), _form(person_a)).status_code == 302
    assert not _updates(person_a).exists()


def test_another_persons_nik_is_refused(client, facilitator_a, person_a):
    other = make_person(facilitator_a, full_name="Orang Lain", birth_date=person_a.birth_date)
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(_url(person_a), _form(person_a, nik=other.nik))
    assert response.status_code == 400
    assert "A person with this NIK is already registered." in response.content.decode()
    person_a.refresh_from_db()
    assert person_a.nik != other.nik and not _updates(person_a).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": ""}, "This field is required."),
        ({"birth_date": "2090-01-01"}, "The birth date cannot be in the future."),
        ({"nik": "3507"}, "NIK must be exactly 16 digits."),
        ({"phone": "abc"}, "Enter a valid phone number"),
    ],
)
def test_invalid_input_is_refused_with_400_and_saves_nothing(client, facilitator_a, person_a, overrides, message):
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(_url(person_a), _form(person_a, **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not _updates(person_a).exists()


def test_a_facilitator_cannot_move_a_person_to_another_village(client, facilitator_a, person_a):
    response = login(client, facilitator_a).post(_url(person_a), _form(person_a, domicile_village=VILLAGE_B))
    assert response.status_code == 400
    person_a.refresh_from_db()
    assert person_a.domicile_village_id == VILLAGE_A


def test_a_regency_officer_moves_a_person_within_the_regency_out_of_the_facilitators_sight(
    client, regency_officer, facilitator_a, person_a
):
    response = login(client, regency_officer).post(_url(person_a), _form(person_a, domicile_village=VILLAGE_B))
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.domicile_village_id == VILLAGE_B
    assert login(client, facilitator_a).get(_url(person_a)).status_code == 404


def test_the_birth_date_must_still_match_the_nik(client, facilitator_a, person_a):
    client.cookies["desmigratif_language"] = "en"
    changed = person_a.birth_date + datetime.timedelta(days=1)
    response = login(client, facilitator_a).post(_url(person_a), _form(person_a, birth_date=changed.isoformat()))
    assert response.status_code == 400 and "The NIK encodes the birth date" in response.content.decode()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_it_rejects_other_methods(client, facilitator_a, person_a, method):
    assert getattr(login(client, facilitator_a), method)(_url(person_a)).status_code == 405
