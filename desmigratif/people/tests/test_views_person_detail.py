import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, login, make_person
from desmigratif.accounts.scope import role_assignments
from desmigratif.core.testing import assert_access
from desmigratif.people.selectors import get_person_for_page
from desmigratif.people.services import (
    ConsentData,
    consent_record,
    consent_withdraw,
    family_link_add,
    household_create,
)


def _url(person_or_id):
    return reverse("people:detail", args=[getattr(person_or_id, "pk", person_or_id)])


def _open_case(person, actor):
    """A case in progress for the person, with the job title "Caregiver"."""
    from desmigratif.migration.services import case_open

    return case_open(
        person=person, destination_country="MY", job_title="Caregiver", employer_type="individual", actor=actor
    )


def _page_without_token_and_path(response, url):
    """The body without what differs by request anyway: the CSRF token and the page's own path."""
    body = response.content.decode().replace(url, "URL")
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", body)


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
    # A partner has no people permission at all: the page answers 404 like any record outside
    # one's area (the list page, which names no record, answers 403).
    assert_access(
        client,
        _url(person_a),
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, facilitator_c, partner, sysadmin, no_role_user],
        secrets=[person_a.full_name, person_a.nik, person_a.nik_masked, person_a.phone],
    )


def test_a_regency_officer_sees_its_regency_only(client, person_a, person_b, person_c, regency_officer):
    login(client, regency_officer)
    assert client.get(_url(person_a)).status_code == 200
    assert client.get(_url(person_b)).status_code == 200
    response = client.get(_url(person_c))
    assert response.status_code == 404 and person_c.full_name not in response.content.decode()


def test_national_staff_see_every_regency(client, person_a, person_b, person_c, ministry_staff):
    login(client, ministry_staff)
    for person in (person_a, person_b, person_c):
        response = client.get(_url(person))
        assert response.status_code == 200 and person.full_name in response.content.decode()


def test_out_of_scope_looks_exactly_like_a_record_that_does_not_exist(client, person_b, facilitator_a):
    login(client, facilitator_a)
    outside, missing = _url(person_b), _url(person_b.pk + 1000)
    outside_response, missing_response = client.get(outside), client.get(missing)
    assert outside_response.status_code == missing_response.status_code == 404
    assert _page_without_token_and_path(outside_response, outside) == _page_without_token_and_path(
        missing_response, missing
    )


def test_it_shows_the_nik_masked_and_never_in_full(client, person_a, facilitator_a, regency_officer, treasurer):
    for user in (facilitator_a, regency_officer, treasurer):
        body = login(client, user).get(_url(person_a)).content.decode()
        assert person_a.nik_masked in body and person_a.nik not in body


def test_the_reveal_button_is_offered_only_to_roles_that_may_reveal(client, person_a, facilitator_a, treasurer):
    reveal = reverse("people:reveal_nik", args=[person_a.pk])
    assert reveal in login(client, facilitator_a).get(_url(person_a)).content.decode()
    assert reveal not in login(client, treasurer).get(_url(person_a)).content.decode()


def test_change_links_are_offered_only_to_roles_that_may_change(client, person_a, facilitator_a, ministry_staff):
    edit = reverse("people:edit", args=[person_a.pk])
    consent = reverse("people:consent_add", args=[person_a.pk])
    body = login(client, facilitator_a).get(_url(person_a)).content.decode()
    assert edit in body and consent in body
    body = login(client, ministry_staff).get(_url(person_a)).content.decode()
    assert edit not in body and consent not in body


def test_links_to_people_outside_the_viewers_area_are_hidden(client, regency_officer, facilitator_a, person_a):
    migrant = make_person(regency_officer, VILLAGE_B, full_name="Pekerja Migran Desa B", migrant_status="abroad")
    family_link_add(family_member=person_a, migrant=migrant, relation="child", actor=regency_officer)
    assert migrant.full_name in login(client, regency_officer).get(_url(person_a)).content.decode()
    body = login(client, facilitator_a).get(_url(person_a)).content.decode()
    assert migrant.full_name not in body and _url(migrant) not in body


def test_migration_cases_are_listed_only_for_roles_that_see_cases(client, person_a, facilitator_a, treasurer):
    _open_case(person_a, facilitator_a)
    assert "Caregiver" in login(client, facilitator_a).get(_url(person_a)).content.decode()
    assert "Caregiver" not in login(client, treasurer).get(_url(person_a)).content.decode()


def test_each_case_row_shows_its_link_job_country_status_and_step_in_the_readers_language(
    client, person_a, facilitator_a
):
    case = _open_case(person_a, facilitator_a)
    login(client, facilitator_a)

    def case_row():
        # The page holds several lists (cases, family links): the row is the one naming the job.
        (row,) = re.findall(r"<li>((?:(?!</li>).)*Caregiver.*?)</li>", client.get(_url(person_a)).content.decode())
        return row

    row = case_row()
    link = reverse("migration:detail", args=[case.pk])
    step = case.step
    assert f'<a href="{link}">Caregiver · MY</a>' in row
    assert f'<div class="meta">Dalam proses · {step.name_id}</div>' in row
    client.cookies["desmigratif_language"] = "en"
    row = case_row()
    assert f'<div class="meta">In progress · {step.name_en}</div>' in row


def test_it_rejects_post(client, person_a, facilitator_a):
    assert login(client, facilitator_a).post(_url(person_a)).status_code == 405


def test_the_person_page_costs_a_fixed_number_of_queries(
    client, person_a, facilitator_a, regency_officer, django_assert_num_queries
):
    _open_case(person_a, facilitator_a)
    login(client, regency_officer)
    # session, user with roles, the person, household membership, family links both ways, cases, consents
    expected = 7
    for n in (1, 2):
        migrant = make_person(regency_officer, full_name=f"Migran {n}", migrant_status="abroad")
        family_link_add(family_member=person_a, migrant=migrant, relation="child", actor=regency_officer)
        relative = make_person(regency_officer, VILLAGE_B, full_name=f"Keluarga {n}", migrant_status="family")
        family_link_add(family_member=relative, migrant=person_a, relation="parent", actor=regency_officer)
        with django_assert_num_queries(expected):
            body = client.get(_url(person_a)).content.decode()
        assert f"Migran {n}" in body and f"Keluarga {n}" in body and "Caregiver" in body


def test_a_full_person_page_costs_the_same_queries(
    client, person_a, facilitator_a, regency_officer, django_assert_num_queries
):
    """The page reads only some columns of each row: a field it left out would cost a query a row."""
    household_create(
        kk_number="3507330101010001", village=VILLAGE_A, address="Dusun", head=person_a, actor=facilitator_a
    )
    consent = consent_record(
        person=person_a, purpose="migration_services", consent=ConsentData(given=True), actor=facilitator_a
    )
    consent_withdraw(consent=consent, actor=regency_officer)
    _open_case(person_a, facilitator_a)
    login(client, regency_officer)
    with CaptureQueriesContext(connection) as captured, django_assert_num_queries(7):
        body = client.get(_url(person_a)).content.decode()
    assert "3507…" in body and "Caregiver · MY" in body and facilitator_a.full_name in body
    # Who recorded a consent is read by name, not with their password hash.
    assert not any('"accounts_user"."password"' in query["sql"] for query in captured.captured_queries)


def test_the_person_page_reads_only_the_columns_it_shows(person_a, facilitator_a):
    """selectors.get_person_for_page: Django compiles every column selected on each request."""
    role_assignments(facilitator_a)  # as the sign-in has loaded them
    with CaptureQueriesContext(connection) as captured:
        person = get_person_for_page(facilitator_a, person_a.pk)
        assert person.domicile_village.district.regency.name == "Kabupaten Malang"
    (query,) = captured.captured_queries
    assert query["sql"].count(" JOIN ") == 3  # village, district, regency
    assert "created_by_id" not in query["sql"] and '"regions_village"."lat"' not in query["sql"]
