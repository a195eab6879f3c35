"""Learning-house pages: the access matrix (restricted concern notes included), the audit rows of
reads, the forms, and the query counts of the lists."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.translation import trans_real
from openpyxl import load_workbook  # type: ignore[import-untyped]

from conftest import VILLAGE_A, login
from desmigratif.audit.models import AuditLog
from desmigratif.core.testing import assert_access
from desmigratif.learning import services
from desmigratif.learning.models import Attendance, Child
from desmigratif.learning.tests.conftest import (
    CHILD_NAME,
    child_with_two_parents_and_three_sessions,
    hold,
    make_family,
    register,
)
from desmigratif.people.models import ConsentText

pytestmark = pytest.mark.django_db

NOTE = "Sering demam, belum diperiksa ke Puskesmas."


def test_child_pages_matrix(
    client, child_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer, no_role_user
):
    secrets = [CHILD_NAME, "Mbah Sumini"]
    for name in ("learning:child", "learning:child_edit"):
        assert_access(
            client,
            reverse(name, args=[child_a.pk]),
            allowed=[facilitator_a, regency_officer],
            not_found=[facilitator_b, ministry_staff, partner, treasurer, no_role_user],
            secrets=secrets,
        )
    for url in (
        reverse("learning:children"),
        reverse("learning:children") + "?format=csv",
        reverse("learning:houses"),
        reverse("learning:sessions"),
        reverse("learning:sessions") + "?format=csv",
    ):
        assert_access(
            client,
            url,
            allowed=[facilitator_a, facilitator_b, regency_officer],
            forbidden=[ministry_staff, partner, treasurer, no_role_user],
            secrets=secrets,
        )
    assert_access(
        client,
        reverse("learning:house", args=[child_a.house_id]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, ministry_staff, partner, treasurer],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("learning:child_create", args=[child_a.house_id]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, ministry_staff, partner, treasurer],
        secrets=[CHILD_NAME],
    )
    login(client, facilitator_b)
    assert "P. A. L." not in client.get(reverse("learning:children")).content.decode()


def test_concern_matrix_and_audited_reads(
    client, concern_a, facilitator_a, facilitator_b, facilitator_c, regency_officer, ministry_staff, partner, treasurer
):
    secrets = [NOTE, CHILD_NAME]
    assert_access(
        client,
        reverse("learning:concern", args=[concern_a.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, facilitator_c, ministry_staff, partner, treasurer],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("learning:concerns"),
        allowed=[facilitator_a, facilitator_b, regency_officer],
        forbidden=[ministry_staff, partner, treasurer],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("learning:concern_create", args=[concern_a.child_id]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, ministry_staff, partner, treasurer],
        secrets=secrets,
    )
    reads = AuditLog.objects.filter(event="concern.read", subject_id=str(concern_a.pk))
    assert sorted(reads.values_list("actor__username", flat=True)) == ["facilitator_a", "regency_officer"]
    assert all(r.region_code == VILLAGE_A and CHILD_NAME not in r.subject_label for r in reads)
    login(client, facilitator_b)
    assert "Kesehatan" not in client.get(reverse("learning:concerns")).content.decode()


def test_reading_a_child_writes_child_read_and_lists_do_not_show_names(client, child_a, facilitator_a, regency_officer):
    login(client, facilitator_a)
    listing = client.get(reverse("learning:children")).content.decode()
    assert CHILD_NAME not in listing and "P. A. L." in listing
    assert not AuditLog.objects.filter(event="child.read").exists()
    page = client.get(reverse("learning:child", args=[child_a.pk])).content.decode()
    assert CHILD_NAME in page and "Sri Rahayu" in page
    login(client, regency_officer)
    client.get(reverse("learning:child", args=[child_a.pk]))
    rows = AuditLog.objects.filter(event="child.read", subject_id=str(child_a.pk))
    assert sorted(rows.values_list("actor__username", flat=True)) == ["facilitator_a", "regency_officer"]
    assert all(CHILD_NAME not in r.subject_label for r in rows)


def test_the_concern_block_shows_only_to_concern_readers(client, concern_a, facilitator_a):
    login(client, facilitator_a)
    assert 'id="concerns"' in client.get(reverse("learning:child", args=[concern_a.child_id])).content.decode()


def test_the_export_has_no_names(client, child_a, facilitator_a):
    login(client, facilitator_a)
    response = client.get(reverse("learning:children"), {"format": "xlsx"})
    assert response.status_code == 200
    assert CHILD_NAME not in client.get(reverse("learning:children"), {"format": "csv"}).content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert CHILD_NAME not in text and "Sumini" not in text and child_a.person.nik not in text
    assert str(child_a.pk) in text


def test_a_facilitator_registers_a_child_with_consent(client, facilitator_a, house_a, family_a):
    login(client, facilitator_a)
    url = reverse("learning:child_create", args=[house_a.pk])
    page = client.get(url).content.decode()
    assert f'value="{family_a["child"].pk}"' in page
    data = {
        "person": family_a["child"].pk,
        "caregiver": family_a["caregiver"].pk,
        "caregiver_relation": "grandparent",
        "parents": [family_a["parent"].pk],
        "school_level": "sd",
        "school_status": "enrolled",
        "guardian_name": "Mbah Sumini",
        "guardian_relation": "nenek",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and not Child.objects.exists()
    assert "Persetujuan orang tua atau wali" in refused.content.decode()
    response = client.post(url, {**data, "consent": "on"})
    child = Child.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("learning:child", args=[child.pk])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("person", "adult", "Anak di rumah belajar harus berusia di bawah 18 tahun."),
        ("caregiver", "child", "Pengasuh tidak boleh anak itu sendiri."),
        ("parents", "caregiver", "tidak terdaftar sebagai pekerja migran di luar negeri"),
    ],
)
def test_impossible_children_get_a_400_with_an_indonesian_message(
    client, facilitator_a, house_a, family_a, field, value, message
):
    from conftest import make_person
    from desmigratif.learning.tests.conftest import years_ago

    people = {**family_a, "adult": make_person(facilitator_a, VILLAGE_A, full_name="Dewasa", birth_date=years_ago(30))}
    data = {
        "person": family_a["child"].pk,
        "caregiver": family_a["caregiver"].pk,
        "caregiver_relation": "grandparent",
        "parents": [family_a["parent"].pk],
        "school_level": "sd",
        "school_status": "enrolled",
        "guardian_name": "Mbah Sumini",
        "consent": "on",
        field: [people[value].pk] if field == "parents" else people[value].pk,
    }
    login(client, facilitator_a)
    response = client.post(reverse("learning:child_create", args=[house_a.pk]), data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400 and message in response.content.decode()
    assert not Child.objects.exists() and not AuditLog.objects.filter(event="child.registered").exists()


def test_attendance_is_recorded_on_the_session_page_and_the_sheet_read_is_audited(
    client, facilitator_a, facilitator_b, house_a, volunteer_a, child_a
):
    session = hold(facilitator_a, house_a, volunteer_a)
    url = reverse("learning:session", args=[session.pk])
    login(client, facilitator_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"present": [child_a.pk]}).status_code == 404
    login(client, facilitator_a)
    page = client.get(url).content.decode()
    assert CHILD_NAME in page
    assert AuditLog.objects.filter(event="child.read", subject_id=str(child_a.pk)).count() == 1
    assert client.post(url, {"present": [999999]}).status_code == 400
    response = client.post(url, {"present": [child_a.pk]})
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("child_id", flat=True)) == [child_a.pk]


def test_a_concern_is_recorded_and_referred_through_the_pages(client, facilitator_a, regency_officer, child_a):
    login(client, facilitator_a)
    response = client.post(reverse("learning:concern_create", args=[child_a.pk]), {"category": "health", "note": NOTE})
    assert response.status_code == 302
    concern = child_a.concerns.get()
    login(client, regency_officer)
    url = reverse("learning:concern", args=[concern.pk])
    assert client.post(url, {"status": "referred", "referred_to": ""}).status_code == 400
    assert client.post(url, {"status": "referred", "referred_to": "Puskesmas Pagelaran"}).status_code == 302
    concern.refresh_from_db()
    assert concern.status == "referred" and concern.referred_on == datetime.date.today()


def test_writes_refuse_get(client, facilitator_a, child_a):
    login(client, facilitator_a)
    assert client.get(reverse("learning:child_leave", args=[child_a.pk])).status_code == 405


def test_the_person_page_hides_learning_consents_from_those_without_learning_view(
    client, child_a, facilitator_a, treasurer
):
    url = reverse("people:detail", args=[child_a.person_id])
    login(client, facilitator_a)
    assert "Rumah belajar (anak)" in client.get(url).content.decode()
    login(client, treasurer)
    page = client.get(url).content.decode()
    assert page and "Rumah belajar (anak)" not in page
    withdraw = reverse("people:consent_withdraw", args=[child_a.person_id, child_a.consent_id])
    assert client.post(withdraw).status_code in (403, 404)


def test_the_learning_house_is_named_in_the_users_language(client, child_a, facilitator_a):
    login(client, facilitator_a)
    url = reverse("people:detail", args=[child_a.person_id])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Learning houses</a>" in english and "Learning house (children)" in english
    assert "Rumah belajar" not in english
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert ">Rumah belajar</a>" in indonesian and "Rumah belajar (anak)" in indonesian


def _many(facilitator, house, volunteer, n=6):
    children = []
    for i in range(n):
        family = make_family(facilitator, name=f"Anak Nomor {i}")
        children.append(register(facilitator, house, family))
    for kind in ("learning", "parenting", "learning"):
        session = hold(facilitator, house, volunteer, kind=kind)
        if kind == "learning":
            services.attendance_record(session=session, children=[c.pk for c in children], actor=facilitator)
        else:
            services.attendance_record(
                session=session, caregivers=[c.caregiver_id for c in children], actor=facilitator
            )
        services.concern_create(child=children[0], category="schooling", note="x", actor=facilitator)
    return children


# session, user with role assignments, the page's count and rows; then the filter's houses.
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("learning:houses", 4),
        ("learning:children", 5),
        ("learning:sessions", 4),
        ("learning:concerns", 4),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    client, facilitator_a, house_a, volunteer_a, django_assert_num_queries, name, queries
):
    _many(facilitator_a, house_a, volunteer_a)
    login(client, facilitator_a)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    _many(facilitator_a, house_a, volunteer_a, n=3)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200


def test_the_edit_form_of_a_child_is_an_audited_read(client, child_a, regency_officer):
    """The edit form shows the child's record (caregiver, parents abroad, schooling): reading it
    writes a child.read row like the child's page does."""
    login(client, regency_officer)
    assert client.get(reverse("learning:child_edit", args=[child_a.pk])).status_code == 200
    rows = AuditLog.objects.filter(event="child.read", subject_id=str(child_a.pk))
    assert list(rows.values_list("actor__username", flat=True)) == ["regency_officer"]
    assert CHILD_NAME not in rows.get().subject_label


# session, user with role assignments, (the children filter's houses,) the rows in one streamed query.
@pytest.mark.parametrize(("name", "queries"), [("learning:children", 4), ("learning:sessions", 3)])
def test_exports_cost_a_fixed_number_of_queries(
    client, facilitator_a, house_a, volunteer_a, django_assert_num_queries, name, queries
):
    _many(facilitator_a, house_a, volunteer_a)
    login(client, facilitator_a)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name), {"format": "xlsx"}).status_code == 200
    _many(facilitator_a, house_a, volunteer_a, n=3)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name), {"format": "csv"}).status_code == 200


def test_a_child_with_two_parents_abroad_counts_each_attended_session_once(client, facilitator_a, house_a, volunteer_a):
    child = child_with_two_parents_and_three_sessions(facilitator_a, house_a, volunteer_a)
    login(client, facilitator_a)
    page = client.get(reverse("learning:children"), headers={"accept-language": "en"})
    listed = page.context["page"].object_list[0]
    assert (listed.pk, listed.attendance_count, listed.parent_count) == (child.pk, 3, 2)
    assert "3 sessions attended" in page.content.decode()
    export = client.get(reverse("learning:children"), {"format": "xlsx"}, headers={"accept-language": "en"})
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()]
    header = next(r for r in rows if "Sessions attended" in r)
    values = dict(zip(header, next(r for r in rows if r[0] == child.pk), strict=True))
    assert (values["Parents abroad"], values["Sessions attended"]) == (2, 3)


def test_the_consent_texts_version_is_part_of_one_translatable_summary(client, facilitator_a, house_a, monkeypatch):
    login(client, facilitator_a)
    url = reverse("learning:child_create", args=[house_a.pk])
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    version = ConsentText.objects.get(purpose="learning_house").version
    assert f"<summary>Consent text (v{version})</summary>" in english
    # The whole summary is one msgid with a named placeholder: a translation can reorder it.
    catalog = trans_real.translation("id")._catalog._catalogs[0]  # type: ignore[attr-defined]
    monkeypatch.setitem(catalog, "Consent text (v%(version)s)", "Versi %(version)s teks persetujuan")
    assert f"<summary>Versi {version} teks persetujuan</summary>" in client.get(url).content.decode()
