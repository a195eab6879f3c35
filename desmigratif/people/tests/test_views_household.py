import pytest
from django.urls import reverse
from django.utils.html import escape

from conftest import VILLAGE_A, login, make_person
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.people.models import Household, HouseholdMember
from desmigratif.people.services import household_add_member, household_create

KK = "3507330101010001"


@pytest.fixture
def household_a(facilitator_a, person_a):
    return household_create(kk_number=KK, village=VILLAGE_A, address="Dusun Krajan", head=person_a, actor=facilitator_a)


def _create_url(person):
    return reverse("people:household_create", args=[person.pk])


def _url(household):
    return reverse("people:household", args=[household.pk])


def _remove_url(household, member):
    return reverse("people:household_member_remove", args=[household.pk, member.pk])


# --- Register a family card -----------------------------------------------------------------------------


def test_the_register_form_matrix(
    client, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer, partner, no_role_user
):
    assert_access(
        client,
        _create_url(person_a),
        allowed=[facilitator_a, regency_officer, treasurer],
        not_found=[facilitator_b, partner, no_role_user],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )


def test_a_facilitator_registers_a_family_card_with_the_person_as_head(client, facilitator_a, person_a):
    response = login(client, facilitator_a).post(
        _create_url(person_a), {"kk_number": "3507 3301 0101 0001", "address": ""}
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(household)
    assert (household.kk_number, household.village_id) == (KK, VILLAGE_A)
    assert household.members.get().person == person_a and household.members.get().relationship == "head"
    assert AuditLog.objects.filter(event=AuditEvent.HOUSEHOLD_CREATED, actor=facilitator_a).exists()


@pytest.mark.parametrize(
    ("kk_number", "message"),
    [("123", "A KK number is exactly 16 digits."), ("", "This field is required.")],
)
def test_a_bad_kk_number_is_refused_with_400(client, facilitator_a, person_a, kk_number, message):
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(_create_url(person_a), {"kk_number": kk_number})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Household.objects.exists()


def test_a_kk_number_already_registered_is_refused(client, facilitator_a, household_a):
    client.cookies["desmigratif_language"] = "en"
    other = make_person(facilitator_a, full_name="Kepala Lain", sex="M")
    response = login(client, facilitator_a).post(_create_url(other), {"kk_number": KK})
    assert response.status_code == 400
    assert "A household with this KK number is already registered." in response.content.decode()
    assert Household.objects.count() == 1


def test_a_person_already_on_a_card_cannot_head_another(client, facilitator_a, person_a, household_a):
    response = login(client, facilitator_a).post(_create_url(person_a), {"kk_number": "3507330101010002"})
    assert response.status_code == 400
    assert Household.objects.count() == 1


def test_refused_registrations_save_nothing(client, person_a, facilitator_b, ministry_staff):
    assert_access(
        client,
        _create_url(person_a),
        method="post",
        data={"kk_number": KK},
        not_found=[facilitator_b],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )
    assert not Household.objects.exists()


# --- The household page and adding members -----------------------------------------------------------


def test_the_household_page_matrix(
    client,
    household_a,
    person_a,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    regency_officer,
    ministry_staff,
    treasurer,
    partner,
    no_role_user,
):
    assert_access(
        client,
        _url(household_a),
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, facilitator_c, partner, no_role_user],
        secrets=[person_a.full_name, person_a.nik_masked, household_a.kk_number],
    )


def test_the_page_masks_the_kk_and_nik_and_offers_changes_only_to_those_who_may(
    client, household_a, person_a, facilitator_a, ministry_staff
):
    body = login(client, facilitator_a).get(_url(household_a)).content.decode()
    assert KK not in body and person_a.nik not in body and person_a.nik_masked in body
    assert 'name="nik"' in body
    assert 'name="nik"' not in login(client, ministry_staff).get(_url(household_a)).content.decode()


def test_a_member_is_added_by_nik(client, facilitator_a, household_a):
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    response = login(client, facilitator_a).post(_url(household_a), {"nik": child.nik, "relationship": "child"})
    assert response.status_code == 302 and response["Location"] == _url(household_a)
    assert HouseholdMember.objects.get(person=child).relationship == "child"


def test_a_nik_in_another_village_is_answered_like_a_nik_that_does_not_exist(
    client, facilitator_a, household_a, person_b
):
    client.cookies["desmigratif_language"] = "en"
    login(client, facilitator_a)
    outside = client.post(_url(household_a), {"nik": person_b.nik, "relationship": "child"})
    missing = client.post(_url(household_a), {"nik": "3507330101900001", "relationship": "child"})
    message = "No person with this NIK is registered in your area."
    assert outside.status_code == missing.status_code == 400
    assert message in outside.content.decode() and message in missing.content.decode()
    assert person_b.full_name not in outside.content.decode()
    assert household_a.members.count() == 1


def test_a_regency_officer_cannot_add_someone_of_another_village_of_its_regency(
    client, regency_officer, household_a, person_b
):
    client.cookies["desmigratif_language"] = "en"
    response = login(client, regency_officer).post(_url(household_a), {"nik": person_b.nik, "relationship": "child"})
    assert response.status_code == 400
    assert escape("Only people living in the household's village can be added to it.") in response.content.decode()
    assert household_a.members.count() == 1


@pytest.mark.parametrize("relationship", ["head", "boss", ""])
def test_a_second_head_or_an_unknown_relationship_is_refused(client, facilitator_a, household_a, relationship):
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    response = login(client, facilitator_a).post(_url(household_a), {"nik": child.nik, "relationship": relationship})
    assert response.status_code == 400
    assert household_a.members.count() == 1


def test_refused_additions_save_nothing(client, household_a, facilitator_a, facilitator_b, ministry_staff):
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    assert_access(
        client,
        _url(household_a),
        method="post",
        data={"nik": child.nik, "relationship": "child"},
        not_found=[facilitator_b],
        forbidden=[ministry_staff],
        secrets=[child.full_name],
    )
    assert household_a.members.count() == 1


def test_the_household_page_query_count_is_fixed(client, facilitator_a, household_a, django_assert_num_queries):
    login(client, facilitator_a)
    client.get(_url(household_a))
    # session, user with role assignments, household, members
    with django_assert_num_queries(4):
        client.get(_url(household_a))
    for index in range(5):
        member = make_person(facilitator_a, full_name=f"Anak {index}", migrant_status="family")
        household_add_member(household=household_a, person=member, relationship="child", actor=facilitator_a)
    with django_assert_num_queries(4):
        assert "Anak 4" in client.get(_url(household_a)).content.decode()


# --- Taking a member off the card --------------------------------------------------------------------


@pytest.fixture
def child_member(facilitator_a, household_a):
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    return household_add_member(household=household_a, person=child, relationship="child", actor=facilitator_a)


def test_removing_matrix(client, household_a, child_member, facilitator_a, facilitator_b, ministry_staff, partner):
    assert_access(
        client,
        _remove_url(household_a, child_member),
        method="post",
        allowed=[facilitator_a],
        allowed_status=302,
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[child_member.person.full_name],
    )
    assert not HouseholdMember.objects.filter(pk=child_member.pk).exists()
    entry = AuditLog.objects.get(event=AuditEvent.HOUSEHOLD_MEMBER_REMOVED)
    assert entry.subject_id == str(child_member.person_id) and entry.actor == facilitator_a


def test_removing_is_post_only(client, household_a, child_member, facilitator_a):
    assert login(client, facilitator_a).get(_remove_url(household_a, child_member)).status_code == 405
    assert HouseholdMember.objects.filter(pk=child_member.pk).exists()


def test_the_head_is_never_taken_off(client, household_a, facilitator_a):
    head = household_a.members.get(relationship="head")
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(_remove_url(household_a, head), follow=True)
    assert "The head of household cannot be taken off the family card." in response.content.decode()
    assert HouseholdMember.objects.filter(pk=head.pk).exists()


def test_a_member_of_another_household_is_not_found_through_this_one(
    client, household_a, regency_officer, facilitator_b, person_b
):
    household_b = household_create(
        kk_number="3507110101010001",
        village=person_b.domicile_village_id,
        address="",
        head=person_b,
        actor=facilitator_b,
    )
    other = make_person(facilitator_b, person_b.domicile_village_id, full_name="Anak B", migrant_status="family")
    member_b = household_add_member(household=household_b, person=other, relationship="child", actor=facilitator_b)
    assert login(client, regency_officer).post(_remove_url(household_a, member_b)).status_code == 404
    assert HouseholdMember.objects.filter(pk=member_b.pk).exists()
