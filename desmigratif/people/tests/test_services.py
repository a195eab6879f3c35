import dataclasses
import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, ensure_consent_texts, make_person, person_data, valid_nik
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.lib import nik as nik_lib
from desmigratif.people import services
from desmigratif.people.models import Consent, Household, HouseholdMember, MigrantFamilyLink, Person
from desmigratif.people.services import ConsentData, person_data_of


def _register(actor, data, consent=None):
    ensure_consent_texts()
    return services.person_register(data=data, consent=consent or ConsentData(given=True), actor=actor)


def _errors(exc_info):
    return {field: [str(m) for m in messages] for field, messages in exc_info.value.message_dict.items()}


def test_it_registers_a_person_with_consent_and_a_masked_audit_row(facilitator_a):
    data = person_data(VILLAGE_A, full_name="  Siti   Aminah ")
    result = _register(facilitator_a, data)
    person = result.person
    assert result.warnings == []
    assert person.full_name == "Siti Aminah"
    assert person.phone == "+6281234567890"
    assert person.created_by == facilitator_a
    consent = Consent.objects.get(person=person)
    assert consent.text.purpose == "registry" and consent.given_by == "self"
    created = AuditLog.objects.get(event=AuditEvent.PERSON_CREATED)
    assert created.actor == facilitator_a and created.region_code == VILLAGE_A
    assert created.changes["nik"] == [None, nik_lib.mask(person.nik)]
    assert created.changes["phone"] == [None, "+62812*****890"]
    assert created.changes["birth_date"] == [None, "1990-**-**"]
    assert person.nik not in str(created.changes)
    assert AuditLog.objects.filter(event=AuditEvent.CONSENT_RECORDED, subject_id=str(person.pk)).exists()


def test_it_rejects_a_nik_whose_date_differs_from_the_birth_date(facilitator_a):
    data = person_data(VILLAGE_A)
    data.birth_date = datetime.date(1991, 5, 17)
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, data)
    assert "birth_date" in _errors(exc)
    assert "17-05-90" in _errors(exc)["birth_date"][0]
    assert not Person.objects.exists()


def test_it_rejects_a_nik_whose_sex_differs_from_the_declared_sex(facilitator_a):
    data = person_data(VILLAGE_A, sex="F")
    data.sex = "M"
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, data)
    assert "sex" in _errors(exc)


def test_it_registers_an_unknown_nik_region_with_a_warning(facilitator_a):
    birth = datetime.date(1980, 1, 2)
    # 35.07.99 is not a district in the current edition (old NIKs keep their first code).
    data = person_data(
        VILLAGE_A,
        nik=nik_lib.build(district_code="35.07.99", birth_date=birth, sex="M", serial=7),
        birth_date=birth,
        sex="M",
    )
    result = _register(facilitator_a, data)
    assert result.person.nik_region_unknown is True
    assert len(result.warnings) == 1 and "35.07.99" in result.warnings[0]


def test_it_rejects_a_second_person_with_the_same_nik(facilitator_a):
    first = make_person(facilitator_a)
    data = person_data(VILLAGE_A, nik=first.nik, birth_date=first.birth_date, sex=first.sex)
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, data)
    assert _errors(exc)["nik"] == [str(services.NIK_TAKEN)]
    assert Person.objects.count() == 1


def test_it_rejects_a_village_outside_the_actors_area(facilitator_a, regency_officer):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_B))
    assert _errors(exc)["domicile_village"] == [str(services.VILLAGE_OUT_OF_SCOPE)]
    with pytest.raises(ValidationError):
        _register(regency_officer, person_data(VILLAGE_C))
    assert _register(regency_officer, person_data(VILLAGE_B)).person.domicile_village_id == VILLAGE_B


def test_it_rejects_registration_without_consent(facilitator_a):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A), ConsentData(given=False))
    assert "consent" in _errors(exc)
    assert not Person.objects.exists()


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_a_minor_needs_a_named_guardian_and_nothing_is_saved_without_one(facilitator_a):
    child = person_data(VILLAGE_A, birth_date=datetime.date(2012, 3, 4), sex="M", migrant_status="family")
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, child, ConsentData(given=True, given_by="self"))
    assert "guardian_name" in _errors(exc)
    assert (Person.objects.count(), Consent.objects.count(), AuditLog.objects.count()) == (0, 0, 0)
    result = _register(
        facilitator_a,
        child,
        ConsentData(given=True, given_by="guardian", guardian_name="Sumarni", guardian_relation="nenek"),
    )
    consent = Consent.objects.get(person=result.person)
    assert (consent.given_by, consent.guardian_name) == ("guardian", "Sumarni")


def test_an_invalid_phone_is_a_field_error(facilitator_a):
    with pytest.raises(ValidationError) as exc:
        _register(facilitator_a, person_data(VILLAGE_A, phone="12345"))
    assert "phone" in _errors(exc)


def test_update_audits_only_the_changed_fields_masked(facilitator_a):
    person = make_person(facilitator_a)
    data = dataclasses.replace(person_data_of(person), phone="081298765432", migrant_status="abroad")
    services.person_update(person=person, data=data, actor=facilitator_a)
    person.refresh_from_db()
    assert (person.phone, person.migrant_status) == ("+6281298765432", "abroad")
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_UPDATED)
    assert set(entry.changes) == {"phone", "migrant_status"}
    assert entry.changes["phone"] == ["+62812*****890", "+62812*****432"]


def test_update_without_changes_writes_no_audit_row(facilitator_a):
    person = make_person(facilitator_a)
    services.person_update(person=person, data=person_data_of(person), actor=facilitator_a)
    assert not AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED).exists()


def test_update_revalidates_a_changed_nik(facilitator_a):
    person = make_person(facilitator_a)
    other = make_person(facilitator_a, full_name="Other")
    data = dataclasses.replace(person_data_of(person), nik=other.nik)
    with pytest.raises(ValidationError) as exc:
        services.person_update(person=person, data=data, actor=facilitator_a)
    assert "nik" in _errors(exc)
    person.refresh_from_db()
    assert person.nik != other.nik


def test_reveal_nik_returns_it_and_writes_a_read_event(facilitator_a):
    person = make_person(facilitator_a)
    assert services.person_reveal_nik(person=person, actor=facilitator_a) == person.nik
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_NIK_REVEALED)
    assert (entry.actor, entry.subject_id) == (facilitator_a, str(person.pk))


def test_consent_can_be_recorded_for_another_purpose_and_withdrawn_once(facilitator_a):
    person = make_person(facilitator_a)
    consent = services.consent_record(
        person=person, purpose="cooperative", consent=ConsentData(given=True), actor=facilitator_a
    )
    services.consent_withdraw(consent=consent, actor=facilitator_a)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.consent_withdraw(consent=consent, actor=facilitator_a)
    assert AuditLog.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN).count() == 1


def test_household_is_created_with_its_head_and_takes_members_of_its_village(facilitator_a, regency_officer):
    head = make_person(facilitator_a, full_name="Kepala", sex="M")
    spouse = make_person(facilitator_a, full_name="Istri")
    elsewhere = make_person(regency_officer, VILLAGE_B, full_name="Tetangga")
    household = services.household_create(
        kk_number="3507 3301 0101 0001", village=VILLAGE_A, address="", head=head, actor=facilitator_a
    )
    assert household.kk_number == "3507330101010001"
    assert HouseholdMember.objects.get(person=head).relationship == "head"
    services.household_add_member(household=household, person=spouse, relationship="spouse", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.household_add_member(household=household, person=elsewhere, relationship="child", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.household_add_member(household=household, person=spouse, relationship="child", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.household_add_member(
            household=household,
            person=make_person(facilitator_a, full_name="X"),
            relationship="head",
            actor=facilitator_a,
        )
    assert household.members.count() == 2


@pytest.mark.parametrize("kk", ["123", "35073301010100AB", "35073301010100011"])
def test_household_rejects_a_kk_number_that_is_not_16_digits(facilitator_a, kk):
    head = make_person(facilitator_a)
    with pytest.raises(ValidationError) as exc:
        services.household_create(kk_number=kk, village=VILLAGE_A, address="", head=head, actor=facilitator_a)
    assert "kk_number" in _errors(exc)
    assert not Household.objects.exists()


def test_household_rejects_a_duplicate_kk_number(facilitator_a):
    services.household_create(
        kk_number="3507330101010001",
        village=VILLAGE_A,
        address="",
        head=make_person(facilitator_a),
        actor=facilitator_a,
    )
    with pytest.raises(ValidationError):
        services.household_create(
            kk_number="3507330101010001",
            village=VILLAGE_A,
            address="",
            head=make_person(facilitator_a, full_name="B"),
            actor=facilitator_a,
        )
    assert Household.objects.count() == 1


def test_family_link_needs_a_migrant_and_two_different_people(facilitator_a):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    neighbour = make_person(facilitator_a, full_name="Tetangga", migrant_status="none")
    services.family_link_add(family_member=child, migrant=migrant, relation="child", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.family_link_add(family_member=child, migrant=migrant, relation="child", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.family_link_add(family_member=migrant, migrant=migrant, relation="child", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.family_link_add(family_member=child, migrant=neighbour, relation="child", actor=facilitator_a)
    assert MigrantFamilyLink.objects.count() == 1


def test_valid_nik_helper_makes_numbers_the_service_accepts():
    birth = datetime.date(1999, 12, 31)
    assert nik_lib.parse(valid_nik(VILLAGE_C, birth, "F")).matches_birth_date(birth)
