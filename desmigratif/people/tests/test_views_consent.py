import datetime

import pytest
from django.urls import reverse

from conftest import login, make_person
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.people.models import Consent, ConsentPurpose


def _add_url(person):
    return reverse("people:consent_add", args=[person.pk])


def _withdraw_url(person, consent):
    return reverse("people:consent_withdraw", args=[person.pk, consent.pk])


def _form(**overrides):
    form = {"purpose": "cooperative", "consent_given_by": "self", "guardian_name": "", "consent": "on"}
    form.update(overrides)
    return form


def _registry_consent(person):
    return Consent.objects.get(person=person, text__purpose="registry")


# --- Record ---------------------------------------------------------------------------------------


def test_the_form_matrix(
    client, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer, partner, no_role_user
):
    assert_access(
        client,
        _add_url(person_a),
        allowed=[facilitator_a, regency_officer, treasurer],
        not_found=[facilitator_b, partner, no_role_user],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )


def test_refused_posts_record_nothing(client, person_a, facilitator_b, ministry_staff, partner):
    assert_access(
        client,
        _add_url(person_a),
        method="post",
        data=_form(),
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )
    assert not Consent.objects.filter(person=person_a, text__purpose="cooperative").exists()


def test_the_form_shows_the_current_text_of_every_purpose(client, person_a, facilitator_a):
    body = login(client, facilitator_a).get(_add_url(person_a)).content.decode()
    for purpose in ConsentPurpose.values:
        assert f'value="{purpose}"' in body


def test_a_facilitator_records_consent_for_another_purpose(client, person_a, facilitator_a):
    response = login(client, facilitator_a).post(_add_url(person_a), _form())
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person_a.pk])
    consent = Consent.objects.get(person=person_a, text__purpose="cooperative")
    assert (consent.given_by, consent.recorded_by, consent.withdrawn_at) == ("self", facilitator_a, None)
    entry = AuditLog.objects.filter(event=AuditEvent.CONSENT_RECORDED, subject_id=str(person_a.pk)).latest("id")
    assert entry.actor == facilitator_a and entry.changes["purpose"] == [None, "cooperative"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "consent to registration must be recorded"),
        ({"consent_given_by": "guardian", "guardian_name": ""}, "given by a parent or guardian"),
        ({"purpose": "marketing"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_400_and_records_nothing(client, person_a, facilitator_a, overrides, message):
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(_add_url(person_a), _form(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert Consent.objects.filter(person=person_a).count() == 1


def test_a_childs_consent_is_given_by_a_named_guardian(client, facilitator_a):
    today = datetime.date.today()
    child = make_person(facilitator_a, full_name="Anak", birth_date=today.replace(year=today.year - 9, day=1))
    login(client, facilitator_a)
    assert client.post(_add_url(child), _form(purpose="learning_house")).status_code == 400
    form = _form(
        purpose="learning_house", consent_given_by="guardian", guardian_name="Ibu Wali", guardian_relation="ibu"
    )
    assert client.post(_add_url(child), form).status_code == 302
    assert Consent.objects.get(person=child, text__purpose="learning_house").guardian_name == "Ibu Wali"


# --- Withdraw -------------------------------------------------------------------------------------


def test_withdrawing_matrix(client, person_a, facilitator_a, facilitator_b, ministry_staff, partner, treasurer):
    consent = _registry_consent(person_a)
    assert_access(
        client,
        _withdraw_url(person_a, consent),
        method="post",
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditLog.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN, actor=facilitator_a).count() == 1


def test_withdrawing_is_post_only(client, person_a, facilitator_a):
    consent = _registry_consent(person_a)
    assert login(client, facilitator_a).get(_withdraw_url(person_a, consent)).status_code == 405
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdrawing_twice_says_so_and_audits_once(client, person_a, facilitator_a):
    consent = _registry_consent(person_a)
    login(client, facilitator_a)
    client.cookies["desmigratif_language"] = "en"
    assert client.post(_withdraw_url(person_a, consent)).status_code == 302
    response = client.post(_withdraw_url(person_a, consent), follow=True)
    assert "This consent was already withdrawn." in response.content.decode()
    assert AuditLog.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN).count() == 1


def test_another_persons_consent_cannot_be_withdrawn_through_this_person(
    client, facilitator_a, person_a, regency_officer, person_b
):
    consent_b = _registry_consent(person_b)
    for user in (facilitator_a, regency_officer):
        response = login(client, user).post(_withdraw_url(person_a, consent_b))
        assert response.status_code == 404
    consent_b.refresh_from_db()
    assert consent_b.withdrawn_at is None
