import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, ensure_consent_texts, login, valid_nik
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.people.models import Consent, ConsentText, Person

URL = reverse("people:create")


@pytest.fixture(autouse=True)
def _consent_texts(db):
    ensure_consent_texts()


def _form(village=VILLAGE_A, **overrides):
    birth = overrides.pop("birth", datetime.date(1995, 2, 3))
    form = {
        "nik": valid_nik(village, birth, "F"),
        "full_name": "Rina Wulandari",
        "sex": "F",
        "birth_date": birth.isoformat(),
        "birth_place": "Malang",
        "phone": "0812 3456 7890",
        "domicile_village": village,
        "address": "Dusun Krajan",
        "education": "sma",
        "marital_status": "single",
        "migrant_status": "prospective",
        "consent_given_by": "self",
        "guardian_name": "",
        "guardian_relation": "",
        "consent": "on",
    }
    form.update(overrides)
    return form


def _nothing_saved():
    return not Person.objects.exists() and not Consent.objects.exists() and not AuditLog.objects.exists()


def test_the_form_matrix(
    client, facilitator_a, regency_officer, treasurer, ministry_staff, partner, sysadmin, no_role_user
):
    assert_access(
        client,
        URL,
        allowed=[facilitator_a, regency_officer, treasurer],
        forbidden=[ministry_staff, partner, sysadmin, no_role_user],
    )


def test_posting_is_refused_to_view_only_and_other_roles_and_saves_nothing(
    client, ministry_staff, partner, sysadmin, no_role_user
):
    assert_access(client, URL, method="post", data=_form(), forbidden=[ministry_staff, partner, sysadmin, no_role_user])
    assert _nothing_saved()


def test_the_form_shows_the_consent_text_and_offers_only_villages_in_scope(client, facilitator_a, regency_officer):
    text = ConsentText.objects.filter(purpose="registry").latest("version")
    body = login(client, facilitator_a).get(URL).content.decode()
    assert escape(text.body_id) in body
    assert f'value="{VILLAGE_A}"' in body and VILLAGE_B not in body and VILLAGE_C not in body
    body = login(client, regency_officer).get(URL).content.decode()
    assert f'value="{VILLAGE_A}"' in body and f'value="{VILLAGE_B}"' in body and VILLAGE_C not in body


def test_a_facilitator_registers_a_person_and_is_sent_to_the_new_record(client, facilitator_a):
    response = login(client, facilitator_a).post(URL, _form())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert (person.full_name, person.domicile_village_id, person.created_by) == (
        "Rina Wulandari",
        VILLAGE_A,
        facilitator_a,
    )
    assert person.phone == "+6281234567890"
    consent = Consent.objects.get(person=person)
    assert (consent.text.purpose, consent.given_by, consent.recorded_by) == ("registry", "self", facilitator_a)
    events = set(AuditLog.objects.filter(subject_id=str(person.pk)).values_list("event", flat=True))
    assert events == {AuditEvent.PERSON_CREATED, AuditEvent.CONSENT_RECORDED}
    follow = client.get(response["Location"])
    assert "Rina Wulandari" in follow.content.decode() and follow.context["messages"]


def test_a_regency_officer_registers_in_any_village_of_its_regency(client, regency_officer):
    response = login(client, regency_officer).post(URL, _form(VILLAGE_B))
    assert response.status_code == 302
    assert Person.objects.get().domicile_village_id == VILLAGE_B


def test_a_nik_from_a_district_not_in_the_region_list_saves_with_a_warning(client, facilitator_a):
    # 35.07.01 (Donomulyo) exists, but not in the test's region rows.
    nik = valid_nik("35.07.01.2001", datetime.date(1995, 2, 3), "F")
    login(client, facilitator_a)
    response = client.post(URL, _form(nik=nik), follow=True)
    assert response.status_code == 200
    person = Person.objects.get()
    assert person.nik_region_unknown
    assert [m.level_tag for m in response.context["messages"]] == ["success", "warning"]


def test_invalid_input_is_refused_with_400_and_the_errors_in_indonesian_by_default(client, facilitator_a):
    response = login(client, facilitator_a).post(URL, _form(nik="12345", full_name=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'lang="id"' in body and 'class="errorlist' in body
    # Django's own messages are translated whether or not our catalogue is compiled.
    assert "Bidang ini tidak boleh kosong." in body
    assert _nothing_saved()


def test_invalid_input_is_refused_in_english_when_english_is_chosen(client, facilitator_a):
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(URL, _form(nik="12345"))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'lang="en"' in body and "NIK must be exactly 16 digits." in body
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "1995-02-04"}, "The NIK encodes the birth date 03-02-95"),
        ({"sex": "M"}, "The NIK encodes a woman"),
        ({"phone": "12"}, "Enter a valid phone number"),
        ({"consent": ""}, "consent to registration must be recorded"),
        ({"birth_date": "not a date"}, "Enter a valid date."),
    ],
)
def test_each_kind_of_bad_input_names_its_problem_and_saves_nothing(client, facilitator_a, overrides, message):
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(URL, _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _nothing_saved()


def test_a_nik_already_registered_elsewhere_is_refused_without_saying_whose_it_is(client, facilitator_a, person_b):
    client.cookies["desmigratif_language"] = "en"
    birth = person_b.birth_date
    form = _form(nik=person_b.nik, birth=birth, full_name="Orang Lain")
    response = login(client, facilitator_a).post(URL, form)
    body = response.content.decode()
    assert response.status_code == 400 and "A person with this NIK is already registered." in body
    assert person_b.full_name not in body and "Arjowilangun" not in body
    assert Person.objects.count() == 1


def test_a_minor_needs_a_named_guardian(client, facilitator_a):
    client.cookies["desmigratif_language"] = "en"
    birth = datetime.date.today().replace(year=datetime.date.today().year - 10, day=1)
    login(client, facilitator_a)
    response = client.post(URL, _form(birth=birth))
    assert response.status_code == 400 and "given by a parent or guardian" in response.content.decode()
    assert _nothing_saved()
    form = _form(birth=birth, consent_given_by="guardian", guardian_name="Ibu Sri", guardian_relation="ibu")
    assert client.post(URL, form).status_code == 302
    assert Consent.objects.get().guardian_name == "Ibu Sri"


@pytest.mark.parametrize("village", [VILLAGE_B, VILLAGE_C, "35.07.33.9999"])
def test_a_forged_village_outside_the_area_is_refused(client, facilitator_a, village):
    response = login(client, facilitator_a).post(URL, _form(village))
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert _nothing_saved()


def test_a_regency_officer_cannot_register_in_another_regency(client, regency_officer):
    assert login(client, regency_officer).post(URL, _form(VILLAGE_C)).status_code == 400
    assert _nothing_saved()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_it_rejects_other_methods(client, facilitator_a, method):
    assert getattr(login(client, facilitator_a), method)(URL).status_code == 405
