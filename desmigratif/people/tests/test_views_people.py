import datetime
import re

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, ensure_consent_texts, login, make_person, valid_nik
from desmigratif.audit.models import AuditEvent, AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.people.models import Consent, Household, MigrantFamilyLink, Person
from desmigratif.regions.models import ProgramVillage


def _create_form(village=VILLAGE_A, **overrides):
    birth = datetime.date(1995, 2, 3)
    form = {
        "nik": valid_nik(village, birth, "F"),
        "full_name": "Rina Wulandari",
        "sex": "F",
        "birth_date": "1995-02-03",
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


# --- The access matrix over every people page -----------------------------------------------------


def test_person_detail_matrix(
    client,
    person_a,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    regency_officer,
    ministry_staff,
    partner,
    treasurer,
    no_role_user,
):
    assert_access(
        client,
        reverse("people:detail", args=[person_a.pk]),
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, facilitator_c, partner, no_role_user],
        secrets=[person_a.full_name, person_a.nik, person_a.nik_masked],
    )


def test_person_edit_matrix(client, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner):
    assert_access(
        client,
        reverse("people:edit", args=[person_a.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name, person_a.nik],
    )


def test_reveal_nik_matrix(
    client, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    assert_access(
        client,
        reverse("people:reveal_nik", args=[person_a.pk]),
        method="post",
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner],
        forbidden=[treasurer],
        secrets=[person_a.nik],
    )


@pytest.mark.parametrize("name", ["consent_add", "household_create", "family_link_add"])
def test_person_sub_pages_matrix(
    client, name, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner
):
    assert_access(
        client,
        reverse(f"people:{name}", args=[person_a.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=[person_a.full_name],
    )


def test_list_and_create_pages_matrix(client, facilitator_a, regency_officer, ministry_staff, partner, no_role_user):
    assert_access(
        client,
        reverse("people:list"),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        forbidden=[partner, no_role_user],
    )
    assert_access(
        client,
        reverse("people:create"),
        allowed=[facilitator_a, regency_officer],
        forbidden=[ministry_staff, partner, no_role_user],
    )


def test_household_page_matrix(client, person_a, facilitator_a, facilitator_b, regency_officer, partner):
    from desmigratif.people.services import household_create

    household = household_create(
        kk_number="3507330101010001", village=VILLAGE_A, address="", head=person_a, actor=facilitator_a
    )
    assert_access(
        client,
        reverse("people:household", args=[household.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        secrets=[person_a.full_name, household.kk_number],
    )


# --- People list -----------------------------------------------------------------------------------


def test_the_list_shows_only_people_in_scope(
    client, person_a, person_b, person_c, facilitator_a, regency_officer, ministry_staff
):
    body = login(client, facilitator_a).get(reverse("people:list")).content.decode()
    assert person_a.full_name in body and person_b.full_name not in body and person_c.full_name not in body
    body = login(client, regency_officer).get(reverse("people:list")).content.decode()
    assert person_a.full_name in body and person_b.full_name in body and person_c.full_name not in body
    body = login(client, ministry_staff).get(reverse("people:list")).content.decode()
    assert all(p.full_name in body for p in (person_a, person_b, person_c))


def test_the_list_shows_the_nik_masked(client, person_a, facilitator_a):
    body = login(client, facilitator_a).get(reverse("people:list")).content.decode()
    assert person_a.nik_masked in body and person_a.nik not in body


def test_the_list_searches_by_name_and_nik_prefix_and_filters(client, facilitator_a, regency_officer):
    siti = make_person(facilitator_a, full_name="Siti Aminah", migrant_status="abroad")
    budi = make_person(facilitator_a, full_name="Budi Santoso", sex="M", migrant_status="returnee")
    for code in (VILLAGE_A, VILLAGE_B):
        ProgramVillage.objects.create(village_id=code, cohort_year=2017)
    login(client, regency_officer)
    body = client.get(reverse("people:list"), {"q": "aminah"}).content.decode()
    assert siti.full_name in body and budi.full_name not in body
    body = client.get(reverse("people:list"), {"q": budi.nik[:12]}).content.decode()
    assert budi.full_name in body and siti.full_name not in body
    body = client.get(reverse("people:list"), {"migrant_status": "returnee"}).content.decode()
    assert budi.full_name in body and siti.full_name not in body
    body = client.get(reverse("people:list"), {"sex": "F"}).content.decode()
    assert siti.full_name in body and budi.full_name not in body
    body = client.get(reverse("people:list"), {"village": VILLAGE_B}).content.decode()
    assert siti.full_name not in body
    body = client.get(reverse("people:list"), {"village": VILLAGE_A}).content.decode()
    assert siti.full_name in body and budi.full_name in body


def test_the_village_filter_offers_only_programme_villages_in_scope(client, regions, regency_officer):
    ProgramVillage.objects.create(village_id=VILLAGE_A, cohort_year=2017)
    ProgramVillage.objects.create(village_id=VILLAGE_B, cohort_year=2018)
    ProgramVillage.objects.create(village_id=VILLAGE_C, cohort_year=2016)
    body = login(client, regency_officer).get(reverse("people:list")).content.decode()
    assert f'value="{VILLAGE_A}"' in body and f'value="{VILLAGE_B}"' in body and VILLAGE_C not in body


def test_an_htmx_search_returns_only_the_results_fragment(client, person_a, facilitator_a):
    response = login(client, facilitator_a).get(reverse("people:list"), {"q": "siti"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body and person_a.full_name in body


def test_the_list_paginates(client, facilitator_a, settings):
    settings.PAGE_SIZE = 2
    for index in range(5):
        make_person(facilitator_a, full_name=f"Orang {index}")
    login(client, facilitator_a)
    page3 = client.get(reverse("people:list"), {"page": 3}).content.decode()
    assert "Orang 4" in page3 and "Orang 0" not in page3
    assert client.get(reverse("people:list"), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("actor_name", ["facilitator_a", "regency_officer", "ministry_staff"])
def test_the_list_query_count_is_fixed_whatever_the_number_of_people(
    client, request, actor_name, facilitator_a, django_assert_num_queries
):
    actor = request.getfixturevalue(actor_name)
    make_person(facilitator_a, full_name="First")
    login(client, actor)
    client.get(reverse("people:list"))  # warm the session
    expected = {"facilitator_a": 6, "regency_officer": 6, "ministry_staff": 5}[actor_name]
    with django_assert_num_queries(expected):
        assert client.get(reverse("people:list")).status_code == 200
    for index in range(30):
        make_person(facilitator_a, full_name=f"Orang {index}")
    with django_assert_num_queries(expected):
        assert client.get(reverse("people:list"), {"q": "orang"}).status_code == 200


# --- Register, edit ----------------------------------------------------------------------------------


def test_a_facilitator_registers_a_person(client, facilitator_a):
    ensure_consent_texts()
    response = login(client, facilitator_a).post(reverse("people:create"), _create_form())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.phone == "+6281234567890" and person.created_by == facilitator_a
    assert Consent.objects.filter(person=person).count() == 1


def test_registration_errors_come_back_in_indonesian_with_status_400(client, facilitator_a):
    ensure_consent_texts()
    response = login(client, facilitator_a).post(reverse("people:create"), _create_form(nik="12345"))
    assert response.status_code == 400
    assert "NIK harus tepat 16 digit." in response.content.decode()
    assert not Person.objects.exists()


def test_registration_errors_come_back_in_english_when_chosen(client, facilitator_a):
    ensure_consent_texts()
    client.cookies["desmigratif_language"] = "en"
    response = login(client, facilitator_a).post(reverse("people:create"), _create_form(nik="12345"))
    assert response.status_code == 400
    assert "NIK must be exactly 16 digits." in response.content.decode()


def test_a_forged_village_outside_the_area_is_rejected(client, facilitator_a):
    ensure_consent_texts()
    login(client, facilitator_a)
    form_page = client.get(reverse("people:create")).content.decode()
    assert VILLAGE_B not in form_page and VILLAGE_C not in form_page
    response = client.post(reverse("people:create"), _create_form(VILLAGE_B))
    assert response.status_code == 400 and not Person.objects.exists()


def test_registration_without_consent_saves_nothing(client, facilitator_a):
    ensure_consent_texts()
    response = login(client, facilitator_a).post(reverse("people:create"), _create_form(consent=""))
    assert response.status_code == 400
    assert (Person.objects.count(), AuditLog.objects.count()) == (0, 0)


def test_create_and_edit_reject_other_methods(client, facilitator_a, person_a):
    login(client, facilitator_a)
    assert client.put(reverse("people:create")).status_code == 405
    assert client.delete(reverse("people:edit", args=[person_a.pk])).status_code == 405
    assert client.get(reverse("people:reveal_nik", args=[person_a.pk])).status_code == 405


def test_a_facilitator_edits_a_person(client, facilitator_a, person_a):
    form = _create_form(nik=person_a.nik, birth_date="1990-05-17", full_name="Siti Aminah Binti Karto")
    response = login(client, facilitator_a).post(reverse("people:edit", args=[person_a.pk]), form)
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.full_name == "Siti Aminah Binti Karto"
    assert AuditLog.objects.filter(event=AuditEvent.PERSON_UPDATED, subject_id=str(person_a.pk)).exists()


# --- NIK reveal, consent, household, family links ----------------------------------------------------------


def test_the_detail_page_masks_the_nik_and_reveal_shows_it_and_is_audited(client, facilitator_a, person_a):
    login(client, facilitator_a)
    body = client.get(reverse("people:detail", args=[person_a.pk])).content.decode()
    assert person_a.nik_masked in body and person_a.nik not in body
    response = client.post(reverse("people:reveal_nik", args=[person_a.pk]), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert person_a.nik in fragment and "<html" not in fragment
    entry = AuditLog.objects.get(event=AuditEvent.PERSON_NIK_REVEALED)
    assert entry.actor == facilitator_a


def test_consent_pages_record_and_withdraw(client, facilitator_a, person_a):
    login(client, facilitator_a)
    response = client.post(
        reverse("people:consent_add", args=[person_a.pk]),
        {"purpose": "cooperative", "consent_given_by": "self", "consent": "on"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=person_a, text__purpose="cooperative")
    client.post(reverse("people:consent_withdraw", args=[person_a.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_withdrawing_another_persons_consent_is_not_found(client, facilitator_a, person_a, person_b):
    consent_b = Consent.objects.get(person=person_b)
    response = login(client, facilitator_a).post(reverse("people:consent_withdraw", args=[person_a.pk, consent_b.pk]))
    assert response.status_code == 404
    consent_b.refresh_from_db()
    assert consent_b.withdrawn_at is None


def test_household_pages_register_a_card_and_add_members_by_nik(client, facilitator_a, person_a, person_b):
    spouse = make_person(facilitator_a, full_name="Suami", sex="M")
    login(client, facilitator_a)
    response = client.post(
        reverse("people:household_create", args=[person_a.pk]),
        {"kk_number": "3507330101010001", "address": "Dusun Krajan"},
    )
    household = Household.objects.get()
    assert response["Location"] == reverse("people:household", args=[household.pk])
    url = reverse("people:household", args=[household.pk])
    assert client.post(url, {"nik": spouse.nik, "relationship": "spouse"}).status_code == 302
    # A person of another village cannot be found by NIK: same answer as a NIK that does not exist.
    response = client.post(url, {"nik": person_b.nik, "relationship": "child"})
    assert response.status_code == 400 and person_b.full_name not in response.content.decode()
    assert household.members.count() == 2


def test_family_link_page_links_to_a_migrant_by_nik(client, facilitator_a):
    migrant = make_person(facilitator_a, full_name="Migran", migrant_status="abroad")
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    login(client, facilitator_a)
    response = client.post(
        reverse("people:family_link_add", args=[child.pk]), {"migrant_nik": migrant.nik, "relation": "child"}
    )
    assert response.status_code == 302
    assert MigrantFamilyLink.objects.filter(family_member=child, migrant=migrant).exists()
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert re.search(r"Migran</a>", body)


def test_the_household_page_query_count_is_fixed(client, facilitator_a, person_a, django_assert_num_queries):
    from desmigratif.people.services import household_add_member, household_create

    household = household_create(
        kk_number="3507330101010001", village=VILLAGE_A, address="", head=person_a, actor=facilitator_a
    )
    url = reverse("people:household", args=[household.pk])
    login(client, facilitator_a)
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)
    for index in range(5):
        member = make_person(facilitator_a, full_name=f"Anak {index}", migrant_status="family")
        household_add_member(household=household, person=member, relationship="child", actor=facilitator_a)
    with django_assert_num_queries(5):
        assert "Anak 4" in client.get(url).content.decode()


def test_a_member_is_taken_off_the_card_but_never_the_head(client, facilitator_a, facilitator_b, person_a):
    from desmigratif.people.services import household_add_member, household_create

    household = household_create(
        kk_number="3507330101010001", village=VILLAGE_A, address="", head=person_a, actor=facilitator_a
    )
    child = make_person(facilitator_a, full_name="Anak", migrant_status="family")
    member = household_add_member(household=household, person=child, relationship="child", actor=facilitator_a)
    head = household.members.get(relationship="head")
    url = reverse("people:household_member_remove", args=[household.pk, member.pk])
    assert login(client, facilitator_b).post(url).status_code == 404
    login(client, facilitator_a)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert client.post(reverse("people:household_member_remove", args=[household.pk, head.pk])).status_code == 302
    assert list(household.members.values_list("relationship", flat=True)) == ["head"]
    assert AuditLog.objects.filter(event=AuditEvent.HOUSEHOLD_MEMBER_REMOVED, subject_id=str(child.pk)).exists()
