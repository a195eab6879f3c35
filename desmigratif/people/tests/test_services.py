import dataclasses
import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, ensure_consent_texts, make_person, person_data
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.lib import nik as nik_lib
from desmigratif.people import services
from desmigratif.people.models import (
    Consent,
    ConsentText,
    Household,
    HouseholdMember,
    MigrantFamilyLink,
    Person,
)
from desmigratif.people.services import ConsentData, person_data_of

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
# Mid-2026: the consent texts of migration people.0002 are in force (valid from 2026-01-01).
MID_2026 = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=JAKARTA)


def _register(actor, data, consent=None, **kwargs):
    ensure_consent_texts()
    return services.person_register(data=data, consent=consent or ConsentData(given=True), actor=actor, **kwargs)


def _errors(exc_info):
    return {field: [str(m) for m in messages] for field, messages in exc_info.value.message_dict.items()}


def _counts():
    return Person.objects.count(), Consent.objects.count(), AuditLog.objects.count()


def _spaced(nik):
    return f"{nik[:4]} {nik[4:8]}.{nik[8:12]}-{nik[12:]}"


def _guardian(name="Sumarni"):
    return ConsentData(given=True, given_by="guardian", guardian_name=name, guardian_relation="nenek")


# person_register


def test_it_registers_a_person_with_consent_and_audit_rows(facilitator_a):
    data = person_data(VILLAGE_A, full_name="  Siti   Aminah ")
    nik = data.nik
    data.nik = _spaced(nik)
    result = _register(facilitator_a, data)

    person = result.person
    assert result.warnings == []
    assert Person.objects.get() == person
    assert (person.nik, person.full_name, person.phone) == (nik, "Siti Aminah", "+6281234567890")
    assert (person.created_by, person.domicile_village_id, person.nik_region_unknown) == (
        facilitator_a,
        VILLAGE_A,
        False,
    )
    consent = Consent.objects.get()
    assert (consent.person, consent.text.purpose, consent.given_by) == (person, "registry", "self")
    assert (consent.recorded_by, consent.withdrawn_at) == (facilitator_a, None)
    assert set(AuditLog.objects.values_list("event", flat=True)) == {
        AuditEvent.PERSON_CREATED,
        AuditEvent.CONSENT_RECORDED,
    }
    for entry in AuditLog.objects.all():
        assert (entry.actor, entry.region_code, entry.subject_id) == (facilitator_a, VILLAGE_A, str(person.pk))
        assert (entry.subject_type, entry.via) == ("people.person", "web")


def test_the_registration_audit_row_masks_nik_phone_birth_date_and_address(facilitator_a):
    person = _register(facilitator_a, person_data(VILLAGE_A)).person
    changes = AuditLog.objects.get(event=AuditEvent.PERSON_CREATED).changes
    assert changes["nik"] == [None, nik_lib.mask(person.nik)]
    assert changes["phone"] == [None, "+62812*****890"]
    assert changes["birth_date"] == [None, "1990-**-**"]
    assert changes["address"] == [None, "***"]
    assert changes["full_name"] == [None, "Siti Aminah"]
    assert changes["domicile_village"] == [None, VILLAGE_A]
    logged = json.dumps(list(AuditLog.objects.values_list("changes", flat=True)))
    for secret in (person.nik, "+6281234567890", "1990-05-17", "Dusun Krajan"):
        assert secret not in logged


def test_it_records_the_channel_a_registration_came_through(facilitator_a):
    _register(facilitator_a, person_data(VILLAGE_A), via="api")
    assert set(AuditLog.objects.values_list("via", flat=True)) == {"api"}


def test_it_rejects_a_nik_whose_date_differs_from_the_birth_date(facilitator_a):
    data = person_data(VILLAGE_A)  # NIK encodes 17-05-90
    data.birth_date = datetime.date(1991, 5, 17)
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, data)
    assert set(_errors(exc)) == {"birth_date"}
    assert "17-05-90" in _errors(exc)["birth_date"][0]
    assert "17-05-91" in _errors(exc)["birth_date"][0]
    assert _counts() == (0, 0, 0)


def test_it_rejects_a_nik_whose_sex_differs_from_the_declared_sex(facilitator_a):
    data = person_data(VILLAGE_A, sex="F")
    data.sex = "M"
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, data)
    assert set(_errors(exc)) == {"sex"}
    assert _counts() == (0, 0, 0)


def test_it_reports_a_date_and_a_sex_mismatch_together(facilitator_a):
    data = person_data(VILLAGE_A, sex="M", birth_date=datetime.date(1980, 1, 2))
    data.sex, data.birth_date = "F", datetime.date(1980, 1, 3)
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, data)
    assert set(_errors(exc)) == {"birth_date", "sex"}


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("3507333102900001", nik_lib.NIK_BAD_DATE),
        ("3507331705900000", nik_lib.NIK_ZERO_SERIAL),
        ("350733170590001", nik_lib.NIK_BAD_LENGTH),
    ],
)
def test_it_rejects_a_nik_that_cannot_be_valid_as_a_nik_field_error(facilitator_a, nik, message):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A, nik=nik, sex="M"))
    assert _errors(exc)["nik"] == [str(message)]
    assert _counts() == (0, 0, 0)


def test_it_registers_a_nik_from_an_unknown_district_with_a_warning(facilitator_a):
    birth = datetime.date(1980, 1, 2)
    # 35.07.99 is not a district in the current edition (old NIKs keep their first code).
    nik = nik_lib.build(district_code="35.07.99", birth_date=birth, sex="M", serial=7)
    result = _register(facilitator_a, person_data(VILLAGE_A, nik=nik, birth_date=birth, sex="M"))
    assert result.person.nik_region_unknown is True
    assert Person.objects.get().nik_region_unknown is True
    assert len(result.warnings) == 1 and "35.07.99" in result.warnings[0]
    assert AuditLog.objects.filter(event=AuditEvent.PERSON_CREATED).count() == 1


def test_a_nik_first_registered_in_another_known_district_gets_no_warning(facilitator_a):
    # People move: a NIK from Wonosobo for someone now living in Malang is normal.
    birth = datetime.date(1988, 3, 9)
    nik = nik_lib.build(district_code=VILLAGE_C[:8], birth_date=birth, sex="F", serial=12)
    result = _register(facilitator_a, person_data(VILLAGE_A, nik=nik, birth_date=birth, sex="F"))
    assert (result.warnings, result.person.nik_region_unknown) == ([], False)


def test_it_rejects_a_second_person_with_the_same_nik(facilitator_a, regency_officer):
    first = make_person(facilitator_a)
    before = _counts()
    for nik in (first.nik, _spaced(first.nik)):
        data = person_data(VILLAGE_B, nik=nik, birth_date=first.birth_date, sex=first.sex, full_name="Someone Else")
        with pytest.raises(ValidationError) as exc:
            _register(regency_officer, data)
        assert _errors(exc) == {"nik": [str(services.NIK_TAKEN)]}
    assert _counts() == before


def test_it_rejects_a_village_outside_the_actors_area(facilitator_a, regency_officer):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_B))
    assert _errors(exc) == {"domicile_village": [str(services.VILLAGE_OUT_OF_SCOPE)]}
    with pytest.raises(ValidationError) as exc:
        _register(regency_officer, person_data(VILLAGE_C))
    assert _errors(exc) == {"domicile_village": [str(services.VILLAGE_OUT_OF_SCOPE)]}
    assert _counts() == (0, 0, 0)
    assert _register(regency_officer, person_data(VILLAGE_B)).person.domicile_village_id == VILLAGE_B


@pytest.mark.parametrize("actor", ["ministry_staff", "partner", "sysadmin", "no_role_user"])
def test_it_rejects_a_registration_by_a_role_that_may_not_change_people(request, actor):
    with pytest.raises(ValidationError) as exc:
        _register(request.getfixturevalue(actor), person_data(VILLAGE_A))
    assert _errors(exc) == {"domicile_village": [str(services.VILLAGE_OUT_OF_SCOPE)]}
    assert _counts() == (0, 0, 0)


def test_it_rejects_a_village_code_that_is_not_in_the_region_list(regency_officer):
    with pytest.raises(ValidationError) as exc:
        _register(regency_officer, person_data("35.07.33.2999"))
    assert _errors(exc) == {"domicile_village": [str(services.VILLAGE_UNKNOWN)]}


@time_machine.travel(MID_2026, tick=False)
def test_it_rejects_a_birth_date_in_the_future(facilitator_a):
    born = datetime.date(2026, 6, 2)
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A, birth_date=born), _guardian())
    assert _errors(exc) == {"birth_date": [str(services.BIRTH_DATE_FUTURE)]}


def test_an_invalid_phone_is_a_field_error(facilitator_a):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A, phone="12345"))
    assert set(_errors(exc)) == {"phone"}
    assert _counts() == (0, 0, 0)


def test_it_rejects_registration_without_consent(facilitator_a):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A), ConsentData(given=False))
    assert _errors(exc) == {"consent": [str(services.CONSENT_REQUIRED)]}
    assert _counts() == (0, 0, 0)


@time_machine.travel(MID_2026, tick=False)
@pytest.mark.parametrize(
    "consent",
    [
        ConsentData(given=True, given_by="self"),
        ConsentData(given=True, given_by="guardian", guardian_name="   "),
        ConsentData(given=True, given_by="self", guardian_name="Sumarni"),
    ],
)
def test_a_minor_without_a_named_guardians_consent_is_rejected_and_nothing_is_saved(facilitator_a, consent):
    child = person_data(VILLAGE_A, birth_date=datetime.date(2012, 3, 4), sex="M", migrant_status="family")
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, child, consent)
    assert _errors(exc) == {"guardian_name": [str(services.GUARDIAN_REQUIRED)]}
    assert _counts() == (0, 0, 0)


@time_machine.travel(MID_2026, tick=False)
def test_a_minor_is_registered_with_a_named_guardians_consent(facilitator_a):
    child = person_data(VILLAGE_A, birth_date=datetime.date(2012, 3, 4), sex="M", migrant_status="family")
    person = _register(facilitator_a, child, _guardian("  Sumarni ")).person
    consent = Consent.objects.get(person=person)
    assert (consent.given_by, consent.guardian_name, consent.guardian_relation) == ("guardian", "Sumarni", "nenek")
    assert AuditLog.objects.get(event=AuditEvent.CONSENT_RECORDED).changes["given_by"] == [None, "guardian"]


def test_the_registration_audit_rows_of_a_minor_carry_only_the_initials(facilitator_a):
    child = person_data(
        VILLAGE_A, birth_date=datetime.date(2015, 3, 4), full_name="Putri Ayu Lestari", migrant_status="family"
    )
    person = _register(facilitator_a, child, _guardian()).person
    row = AuditLog.objects.get(event=AuditEvent.PERSON_CREATED)
    assert row.subject_label == f"P. A. L. #{person.pk}"
    assert row.changes["full_name"] == [None, "P. A. L."]
    for entry in AuditLog.objects.filter(subject_id=str(person.pk)):
        assert "Putri" not in entry.subject_label and "Putri" not in json.dumps(entry.changes)


def test_an_update_of_a_minor_audits_the_name_change_with_initials_only(facilitator_a):
    child = person_data(
        VILLAGE_A, birth_date=datetime.date(2015, 3, 4), full_name="Putri Ayu Lestari", migrant_status="family"
    )
    person = _register(facilitator_a, child, _guardian()).person
    # The same initials: the change is still recorded, without either name.
    data = dataclasses.replace(person_data_of(person), full_name="Puspita Ambar Laras")
    services.person_update(person=person, data=data, actor=facilitator_a)
    row = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED)
    assert row.changes == {"full_name": ["P. A. L.", "P. A. L."]}
    assert "Puspita" not in row.subject_label


def test_an_adults_name_change_is_audited_in_full(facilitator_a):
    person = make_person(facilitator_a, full_name="Siti Aminah")
    data = dataclasses.replace(person_data_of(person), full_name="Siti Aminah Rahayu")
    services.person_update(person=person, data=data, actor=facilitator_a)
    row = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED)
    assert row.changes == {"full_name": ["Siti Aminah", "Siti Aminah Rahayu"]}


@time_machine.travel(MID_2026, tick=False)
def test_the_eighteenth_birthday_is_the_day_a_person_consents_for_themselves(facilitator_a):
    adult = person_data(VILLAGE_A, birth_date=datetime.date(2008, 6, 1), full_name="Eighteen Today")
    assert _register(facilitator_a, adult).person.full_name == "Eighteen Today"
    minor = person_data(VILLAGE_A, birth_date=datetime.date(2008, 6, 2), full_name="Eighteen Tomorrow")
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, minor)
    assert set(_errors(exc)) == {"guardian_name"}
    assert Person.objects.count() == 1


def test_a_guardian_must_be_named_for_an_adult_too(facilitator_a):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A), ConsentData(given=True, given_by="guardian"))
    assert set(_errors(exc)) == {"guardian_name"}
    assert _counts() == (0, 0, 0)


@time_machine.travel(datetime.datetime(2025, 12, 1, 9, 0, tzinfo=JAKARTA))
def test_it_refuses_to_register_while_no_consent_text_is_in_force(facilitator_a):
    ensure_consent_texts()  # published, but valid from 2026-01-01
    with pytest.raises(ValidationError) as exc:
        services.person_register(data=person_data(VILLAGE_A), consent=ConsentData(given=True), actor=facilitator_a)
    assert exc.value.messages == [str(services.NO_CONSENT_TEXT)]
    assert _counts() == (0, 0, 0)


def test_consent_is_given_against_the_newest_text_in_force(facilitator_a):
    ensure_consent_texts()
    newer = ConsentText.objects.create(
        purpose="registry", version=2, body_id="v2", body_en="v2", valid_from=datetime.date(2026, 2, 1)
    )
    ConsentText.objects.create(
        purpose="registry", version=3, body_id="v3", body_en="v3", valid_from=datetime.date(2099, 1, 1)
    )
    person = _register(facilitator_a, person_data(VILLAGE_A)).person
    assert Consent.objects.get(person=person).text == newer


# person_update


def test_update_audits_only_the_changed_fields_masked(facilitator_a):
    person = make_person(facilitator_a)
    data = dataclasses.replace(
        person_data_of(person), phone="081298765432", migrant_status="abroad", address="Dusun Baru"
    )
    services.person_update(person=person, data=data, actor=facilitator_a)
    person.refresh_from_db()
    assert (person.phone, person.migrant_status, person.address) == ("+6281298765432", "abroad", "Dusun Baru")
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED)
    assert entry.changes == {
        "address": ["***", "***"],
        "migrant_status": ["prospective", "abroad"],
        "phone": ["+62812*****890", "+62812*****432"],
    }
    assert (entry.actor, entry.region_code, entry.subject_id) == (facilitator_a, VILLAGE_A, str(person.pk))


def test_update_without_changes_writes_no_audit_row(facilitator_a):
    person = make_person(facilitator_a)
    before = AuditLog.objects.count()
    result = services.person_update(person=person, data=person_data_of(person), actor=facilitator_a)
    assert result.person.pk == person.pk
    assert AuditLog.objects.count() == before


def test_update_to_a_nik_encoding_another_birth_date_is_rejected(facilitator_a):
    person = make_person(facilitator_a)
    other_date = nik_lib.build(
        district_code=VILLAGE_A[:8], birth_date=datetime.date(1990, 5, 18), sex=person.sex, serial=77
    )
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            person=person, data=dataclasses.replace(person_data_of(person), nik=other_date), actor=facilitator_a
        )
    assert set(_errors(exc)) == {"birth_date"}
    person.refresh_from_db()
    assert person.nik != other_date
    assert not AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED).exists()


def test_update_to_another_persons_nik_is_rejected(facilitator_a):
    person = make_person(facilitator_a)
    other = make_person(facilitator_a, full_name="Other")
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            person=person, data=dataclasses.replace(person_data_of(person), nik=other.nik), actor=facilitator_a
        )
    assert _errors(exc) == {"nik": [str(services.NIK_TAKEN)]}
    person.refresh_from_db()
    assert person.nik != other.nik


def test_update_corrects_a_mistyped_nik_and_audits_it_masked(facilitator_a):
    person = make_person(facilitator_a)
    old_nik = person.nik
    corrected = old_nik[:12] + ("0001" if old_nik[12:] != "0001" else "0002")
    services.person_update(
        person=person, data=dataclasses.replace(person_data_of(person), nik=_spaced(corrected)), actor=facilitator_a
    )
    person.refresh_from_db()
    assert person.nik == corrected
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED)
    assert entry.changes == {"nik": [nik_lib.mask(old_nik), nik_lib.mask(corrected)]}
    assert old_nik not in json.dumps(entry.changes) and corrected not in json.dumps(entry.changes)


def test_update_sets_and_clears_the_unknown_nik_region_warning(facilitator_a):
    person = make_person(facilitator_a, sex="M", birth_date=datetime.date(1980, 1, 2))
    unknown = nik_lib.build(district_code="35.07.99", birth_date=person.birth_date, sex="M", serial=5)
    result = services.person_update(
        person=person, data=dataclasses.replace(person_data_of(person), nik=unknown), actor=facilitator_a
    )
    assert len(result.warnings) == 1
    assert Person.objects.get(pk=person.pk).nik_region_unknown is True
    known = nik_lib.build(district_code="35.07.33", birth_date=person.birth_date, sex="M", serial=5)
    result = services.person_update(
        person=person, data=dataclasses.replace(person_data_of(person), nik=known), actor=facilitator_a
    )
    assert result.warnings == []
    assert Person.objects.get(pk=person.pk).nik_region_unknown is False


def test_update_cannot_move_a_person_out_of_the_actors_area(facilitator_a, regency_officer):
    person = make_person(facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            person=person,
            data=dataclasses.replace(person_data_of(person), domicile_village=VILLAGE_B),
            actor=facilitator_a,
        )
    assert _errors(exc) == {"domicile_village": [str(services.VILLAGE_OUT_OF_SCOPE)]}
    assert Person.objects.get(pk=person.pk).domicile_village_id == VILLAGE_A
    services.person_update(
        person=person,
        data=dataclasses.replace(person_data_of(person), domicile_village=VILLAGE_B),
        actor=regency_officer,
    )
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED)
    assert entry.changes == {"domicile_village": [VILLAGE_A, VILLAGE_B]}
    assert entry.region_code == VILLAGE_B


# person_reveal_nik


def test_reveal_nik_returns_it_and_writes_a_read_event(facilitator_a):
    person = make_person(facilitator_a)
    before = AuditLog.objects.count()
    assert services.person_reveal_nik(person=person, actor=facilitator_a, via="api") == person.nik
    assert AuditLog.objects.count() == before + 1
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_NIK_REVEALED)
    assert (entry.actor, entry.subject_id, entry.region_code, entry.via) == (
        facilitator_a,
        str(person.pk),
        VILLAGE_A,
        "api",
    )
    assert person.nik not in json.dumps(entry.changes)


def test_every_reveal_is_logged(facilitator_a, regency_officer):
    person = make_person(facilitator_a)
    services.person_reveal_nik(person=person, actor=facilitator_a)
    services.person_reveal_nik(person=person, actor=regency_officer)
    actors = AuditLog.objects.filter(event=AuditEvent.PERSON_NIK_REVEALED).values_list("actor__username", flat=True)
    assert sorted(actors) == ["facilitator_a", "regency_officer"]


# consent_record and consent_withdraw


def test_consent_is_recorded_for_another_purpose_against_its_text(facilitator_a):
    person = make_person(facilitator_a)
    consent = services.consent_record(
        person=person, purpose="cooperative", consent=ConsentData(given=True), actor=facilitator_a
    )
    assert (consent.text.purpose, consent.given_by, consent.recorded_by) == ("cooperative", "self", facilitator_a)
    assert person.consents.count() == 2
    entry = AuditLog.objects.filter(event=AuditEvent.CONSENT_RECORDED).latest("id")
    assert entry.changes == {"purpose": [None, "cooperative"], "version": [None, 1], "given_by": [None, "self"]}


def test_consent_that_was_not_given_is_not_recorded(facilitator_a):
    person = make_person(facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            person=person, purpose="cooperative", consent=ConsentData(given=False), actor=facilitator_a
        )
    assert set(_errors(exc)) == {"consent"}
    assert person.consents.count() == 1


@time_machine.travel(MID_2026, tick=False)
def test_consent_for_a_minor_needs_a_named_guardian(facilitator_a):
    child = make_person(facilitator_a, birth_date=datetime.date(2015, 1, 1), sex="M", full_name="Anak")
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            person=child, purpose="learning_house", consent=ConsentData(given=True), actor=facilitator_a
        )
    assert set(_errors(exc)) == {"guardian_name"}
    consent = services.consent_record(person=child, purpose="learning_house", consent=_guardian(), actor=facilitator_a)
    assert consent.guardian_name == "Sumarni"


@time_machine.travel(MID_2026, tick=False)
def test_consent_is_withdrawn_once_and_the_withdrawal_is_audited(facilitator_a):
    person = make_person(facilitator_a)
    consent = services.consent_record(
        person=person, purpose="cooperative", consent=ConsentData(given=True), actor=facilitator_a
    )
    services.consent_withdraw(consent=consent, actor=facilitator_a)
    consent.refresh_from_db()
    assert consent.withdrawn_at == MID_2026
    with pytest.raises(ValidationError) as exc:
        services.consent_withdraw(consent=consent, actor=facilitator_a)
    assert exc.value.messages == [str(services.CONSENT_ALREADY_WITHDRAWN)]
    entry = AuditLog.objects.get(event=AuditEvent.CONSENT_WITHDRAWN)
    assert (entry.subject_id, entry.region_code, entry.changes) == (
        str(person.pk),
        VILLAGE_A,
        {"purpose": ["cooperative", "cooperative"]},
    )
    # The registry consent is untouched.
    assert person.consents.filter(withdrawn_at__isnull=True).get().text.purpose == "registry"


# household_create, household_add_member, household_remove_member


def _household(actor, head, kk="3507330101010001", village=VILLAGE_A):
    return services.household_create(kk_number=kk, village=village, address=" Dusun Krajan ", head=head, actor=actor)


def test_a_household_is_created_with_its_head_as_a_member(facilitator_a):
    head = make_person(facilitator_a, full_name="Kepala", sex="M")
    household = _household(facilitator_a, head, kk="3507 3301.0101-0001")
    assert (household.kk_number, household.village_id, household.address) == (
        "3507330101010001",
        VILLAGE_A,
        "Dusun Krajan",
    )
    member = HouseholdMember.objects.get(household=household)
    assert (member.person, member.relationship) == (head, "head")
    created = AuditLog.objects.get(event=AuditEvent.HOUSEHOLD_CREATED)
    assert created.changes == {"kk_number": [None, "3507********0001"]}
    assert (created.subject_type, created.region_code) == ("people.household", VILLAGE_A)
    added = AuditLog.objects.get(event=AuditEvent.HOUSEHOLD_MEMBER_ADDED)
    assert added.subject_id == str(head.pk)
    assert added.changes["relationship"] == [None, "head"]


@pytest.mark.parametrize("kk", ["123", "35073301010100AB", "35073301010100011", ""])
def test_a_household_needs_a_kk_number_of_16_digits(facilitator_a, kk):
    head = make_person(facilitator_a)
    with pytest.raises(ValidationError) as exc:
        _household(facilitator_a, head, kk=kk)
    assert _errors(exc) == {"kk_number": [str(services.KK_INVALID)]}
    assert not Household.objects.exists()
    assert not HouseholdMember.objects.exists()


def test_a_household_rejects_a_kk_number_already_registered(facilitator_a):
    _household(facilitator_a, make_person(facilitator_a))
    with pytest.raises(ValidationError) as exc:
        _household(facilitator_a, make_person(facilitator_a, full_name="B"), kk="3507-3301-0101-0001")
    assert _errors(exc) == {"kk_number": [str(services.KK_TAKEN)]}
    assert Household.objects.count() == 1


def test_a_household_outside_the_actors_area_is_rejected(facilitator_a, facilitator_b):
    head = make_person(facilitator_b, VILLAGE_B)
    with pytest.raises(ValidationError) as exc:
        _household(facilitator_a, head, village=VILLAGE_B)
    assert _errors(exc) == {"village": [str(services.VILLAGE_OUT_OF_SCOPE)]}
    assert not Household.objects.exists()


def test_a_head_from_another_village_leaves_no_household_behind(regency_officer):
    head = make_person(regency_officer, VILLAGE_B)
    with pytest.raises(ValidationError) as exc:
        _household(regency_officer, head, village=VILLAGE_A)
    assert _errors(exc) == {"person": [str(services.OTHER_VILLAGE_MEMBER)]}
    assert not Household.objects.exists()
    assert not AuditLog.objects.filter(event=AuditEvent.HOUSEHOLD_CREATED).exists()


def test_a_household_has_one_head(facilitator_a):
    household = _household(facilitator_a, make_person(facilitator_a, full_name="Kepala", sex="M"))
    other = make_person(facilitator_a, full_name="Kepala Kedua", sex="M")
    with pytest.raises(ValidationError) as exc:
        services.household_add_member(household=household, person=other, relationship="head", actor=facilitator_a)
    assert _errors(exc) == {"relationship": [str(services.HEAD_EXISTS)]}
    assert household.members.count() == 1


def test_a_member_is_added_from_the_households_village(facilitator_a):
    household = _household(facilitator_a, make_person(facilitator_a, full_name="Kepala", sex="M"))
    spouse = make_person(facilitator_a, full_name="Istri")
    member = services.household_add_member(
        household=household, person=spouse, relationship="spouse", actor=facilitator_a
    )
    assert (member.household, member.relationship) == (household, "spouse")
    entry = AuditLog.objects.filter(event=AuditEvent.HOUSEHOLD_MEMBER_ADDED, subject_id=str(spouse.pk)).get()
    assert entry.changes == {"household": [None, "3507…"], "relationship": [None, "spouse"]}


def test_a_member_from_another_village_is_rejected(facilitator_a, facilitator_b):
    household = _household(facilitator_a, make_person(facilitator_a, full_name="Kepala", sex="M"))
    elsewhere = make_person(facilitator_b, VILLAGE_B, full_name="Tetangga")
    with pytest.raises(ValidationError) as exc:
        services.household_add_member(household=household, person=elsewhere, relationship="child", actor=facilitator_a)
    assert _errors(exc) == {"person": [str(services.OTHER_VILLAGE_MEMBER)]}
    assert household.members.count() == 1


def test_a_person_already_on_a_family_card_is_rejected(facilitator_a):
    first = _household(facilitator_a, make_person(facilitator_a, full_name="Kepala Satu", sex="M"))
    second = _household(
        facilitator_a, make_person(facilitator_a, full_name="Kepala Dua", sex="M"), kk="3507330101010002"
    )
    child = make_person(facilitator_a, full_name="Anak")
    services.household_add_member(household=first, person=child, relationship="child", actor=facilitator_a)
    for household in (first, second):
        with pytest.raises(ValidationError) as exc:
            services.household_add_member(household=household, person=child, relationship="child", actor=facilitator_a)
        assert _errors(exc) == {"person": [str(services.ALREADY_IN_HOUSEHOLD)]}
    assert HouseholdMember.objects.get(person=child).household == first


def test_a_head_of_an_existing_household_cannot_head_a_second_one(facilitator_a):
    head = make_person(facilitator_a, full_name="Kepala", sex="M")
    _household(facilitator_a, head)
    with pytest.raises(ValidationError) as exc:
        _household(facilitator_a, head, kk="3507330101010002")
    assert _errors(exc) == {"person": [str(services.ALREADY_IN_HOUSEHOLD)]}
    assert Household.objects.count() == 1


def test_a_member_but_not_the_head_can_be_taken_off_the_card(facilitator_a):
    head = make_person(facilitator_a, full_name="Kepala", sex="M")
    household = _household(facilitator_a, head)
    child = make_person(facilitator_a, full_name="Anak")
    member = services.household_add_member(household=household, person=child, relationship="child", actor=facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.household_remove_member(member=HouseholdMember.objects.get(person=head), actor=facilitator_a)
    assert exc.value.messages == [str(services.HEAD_NOT_REMOVABLE)]
    services.household_remove_member(member=member, actor=facilitator_a)
    assert list(household.members.values_list("person", flat=True)) == [head.pk]
    entry = AuditLog.objects.get(event=AuditEvent.HOUSEHOLD_MEMBER_REMOVED)
    assert (entry.subject_id, entry.changes) == (str(child.pk), {"relationship": ["child", None]})


# family_link_add


def test_a_family_member_is_linked_to_a_migrant_worker(facilitator_a):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    link = services.family_link_add(family_member=child, migrant=migrant, relation="child", actor=facilitator_a)
    assert (link.family_member, link.migrant, link.relation) == (child, migrant, "child")
    entry = AuditLog.objects.get(event=AuditEvent.FAMILY_LINK_ADDED)
    assert (entry.subject_id, entry.changes) == (
        str(child.pk),
        {"migrant": [None, str(migrant.pk)], "relation": [None, "child"]},
    )


@pytest.mark.parametrize("status", ["prospective", "abroad", "returnee"])
def test_a_prospective_current_or_returned_migrant_can_be_linked_to(facilitator_a, status):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status=status)
    spouse = make_person(facilitator_a, full_name="Suami", sex="M", migrant_status="family")
    services.family_link_add(family_member=spouse, migrant=migrant, relation="spouse", actor=facilitator_a)
    assert MigrantFamilyLink.objects.count() == 1


def test_a_person_cannot_be_linked_to_themselves(facilitator_a):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    with pytest.raises(ValidationError) as exc:
        services.family_link_add(family_member=migrant, migrant=migrant, relation="child", actor=facilitator_a)
    assert _errors(exc) == {"migrant": [str(services.LINK_SELF)]}
    assert not MigrantFamilyLink.objects.exists()


@pytest.mark.parametrize("status", ["family", "none"])
def test_a_link_to_someone_who_is_not_a_migrant_worker_is_rejected(facilitator_a, status):
    neighbour = make_person(facilitator_a, full_name="Tetangga", migrant_status=status)
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    with pytest.raises(ValidationError) as exc:
        services.family_link_add(family_member=child, migrant=neighbour, relation="child", actor=facilitator_a)
    assert _errors(exc) == {"migrant": [str(services.LINK_NOT_MIGRANT)]}
    assert not MigrantFamilyLink.objects.exists()


def test_the_same_link_cannot_be_added_twice(facilitator_a):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    services.family_link_add(family_member=child, migrant=migrant, relation="child", actor=facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.family_link_add(family_member=child, migrant=migrant, relation="sibling", actor=facilitator_a)
    assert _errors(exc) == {"migrant": [str(services.LINK_EXISTS)]}
    assert MigrantFamilyLink.objects.get().relation == "child"
    assert AuditLog.objects.filter(event=AuditEvent.FAMILY_LINK_ADDED).count() == 1


def test_a_link_needs_a_known_relation(facilitator_a):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    with pytest.raises(ValidationError) as exc:
        services.family_link_add(family_member=child, migrant=migrant, relation="cousin", actor=facilitator_a)
    assert set(_errors(exc)) == {"relation"}
    assert not MigrantFamilyLink.objects.exists()


def test_a_village_retired_by_a_newer_edition_takes_no_new_residents(facilitator_a):
    from desmigratif.regions.models import Village

    Village.objects.filter(code=VILLAGE_A).update(is_active=False)
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A))
    assert "domicile_village" in exc.value.message_dict
