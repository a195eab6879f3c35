import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import VILLAGE_C, login, make_person
from desmigratif.accounts.scope import role_assignments
from desmigratif.core.testing import assert_access, list_row
from desmigratif.migration.models import CaseEvent, CaseStatus, DocumentStatus, MigrationCase
from desmigratif.migration.selectors import case_documents, event_detail, get_case_for_page, get_case_for_user
from desmigratif.migration.services import case_advance, case_close, case_open, document_file_attach, document_update
from desmigratif.migration.tests.test_uploads import PDF
from desmigratif.screening.offer import Offer
from desmigratif.screening.services import case_screening_record
from desmigratif.vacancies.tests.conftest import make_vacancy, register_agency


def _case(actor, person, *, is_demo=False):
    return case_open(
        person=person,
        destination_country="TW",
        job_title="Caregiver",
        employer_type="individual",
        agency_name="PT Contoh",
        actor=actor,
        is_demo=is_demo,
    )


@pytest.fixture
def case_a(facilitator_a, person_a):
    return _case(facilitator_a, person_a)


def test_case_pages_matrix(
    client, case_a, person_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer
):
    secrets = [person_a.full_name, person_a.nik_masked]
    assert_access(
        client,
        reverse("migration:detail", args=[case_a.pk]),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        not_found=[facilitator_b, partner, treasurer],
        secrets=secrets,
    )
    document = case_a.documents.first()
    assert_access(
        client,
        reverse("migration:document", args=[case_a.pk, document.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("migration:open", args=[person_a.pk]),
        allowed=[facilitator_a, regency_officer],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff, treasurer],
        secrets=secrets,
    )
    assert_access(
        client,
        reverse("migration:list"),
        allowed=[facilitator_a, regency_officer, ministry_staff],
        forbidden=[partner, treasurer],
    )


@pytest.mark.parametrize("name", ["migration:advance", "migration:close"])
def test_case_actions_are_post_only_and_scoped(client, name, case_a, facilitator_a, facilitator_b, ministry_staff):
    url = reverse(name, args=[case_a.pk])
    assert login(client, facilitator_a).get(url).status_code == 405
    assert login(client, facilitator_b).post(url, {"status": "cancelled", "reason": "x"}).status_code == 404
    assert login(client, ministry_staff).post(url, {"status": "cancelled", "reason": "x"}).status_code == 403
    case_a.refresh_from_db()
    assert (case_a.step.code, case_a.status) == ("registration", CaseStatus.ACTIVE)


def test_the_list_shows_only_cases_in_scope_and_filters_overdue(
    client, case_a, facilitator_a, facilitator_c, regency_officer, person_c
):
    other = _case(facilitator_c, person_c)
    body = login(client, regency_officer).get(reverse("migration:list")).content.decode()
    assert case_a.person.full_name in body and other.person.full_name not in body
    MigrationCase.objects.filter(pk=case_a.pk).update(step_due_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    body = client.get(reverse("migration:list"), {"overdue": "on"}).content.decode()
    assert case_a.person.full_name in body
    body = login(client, facilitator_c).get(reverse("migration:list"), {"overdue": "on"}).content.decode()
    assert other.person.full_name not in body


# 10:00 in Jakarta: the opening date is the same day in UTC and in the pages' time zone.
OPENED = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "step", "status", "opened"),
    [
        ("id", "Registrasi dan seleksi (Disnaker/LTSA)", "Dalam proses", "dibuka 4 Mei 2026"),
        ("en", "Registration and selection (Disnaker/LTSA)", "In progress", "opened 4 May 2026"),
    ],
)
def test_each_case_row_shows_the_link_person_step_status_and_opening(
    client, facilitator_a, language, step, status, opened
):
    with time_machine.travel(OPENED, tick=False):
        siti = _case(facilitator_a, make_person(facilitator_a, full_name="Siti Aminah"))
        demo = _case(facilitator_a, make_person(facilitator_a, full_name="Dewi Demo", is_demo=True), is_demo=True)
        client.cookies["desmigratif_language"] = language
        body = login(client, facilitator_a).get(reverse("migration:list")).content.decode()
    for case in (siti, demo):
        row = list_row(body, case.person.full_name)
        url = reverse("migration:detail", args=[case.pk])
        assert f'<a class="name" href="{url}">{case.person.full_name}</a>' in row
        assert f'<div class="meta">{step} · {status}</div>' in row
        assert f'<div class="meta">Caregiver · TW · Brongkal · {opened}</div>' in row
    assert "badge-demo" not in list_row(body, "Siti Aminah")
    assert '<span class="badge badge-demo">demo</span>' in list_row(body, "Dewi Demo")


def test_only_an_active_case_past_its_steps_due_date_is_marked_overdue(client, facilitator_a):
    with time_machine.travel(OPENED, tick=False):
        late = _case(facilitator_a, make_person(facilitator_a, full_name="Siti Terlambat"))
        cancelled = _case(facilitator_a, make_person(facilitator_a, full_name="Budi Batal", sex="M"))
        case_close(case=cancelled, status="cancelled", reason="Pindah rencana", actor=facilitator_a)
    # Closing clears the due date, so only a direct write gives a closed case a past one: the row
    # must still not call it overdue, since the rule is its status, not the missing date.
    MigrationCase.objects.filter(pk=cancelled.pk).update(step_due_at=late.step_due_at)
    login(client, facilitator_a)
    badge = '<span class="badge badge-late">terlambat</span>'
    # Registration is due seven days after the opening: exactly then it is not late yet.
    with time_machine.travel(late.step_due_at, tick=False):
        on_time = _case(facilitator_a, make_person(facilitator_a, full_name="Dewi Tepat"))
        body = client.get(reverse("migration:list")).content.decode()
    assert badge not in body
    with time_machine.travel(late.step_due_at + datetime.timedelta(minutes=1), tick=False):
        body = client.get(reverse("migration:list")).content.decode()
    assert badge in list_row(body, "Siti Terlambat")
    assert "Dibatalkan" in list_row(body, "Budi Batal") and badge not in list_row(body, "Budi Batal")
    assert on_time.step_due_at > late.step_due_at and badge not in list_row(body, "Dewi Tepat")


@pytest.mark.parametrize("actor_name", ["facilitator_a", "regency_officer", "ministry_staff"])
def test_the_case_list_query_count_is_fixed(client, request, actor_name, facilitator_a, django_assert_num_queries):
    actor = request.getfixturevalue(actor_name)
    _case(facilitator_a, make_person(facilitator_a, full_name="Satu"))
    login(client, actor)
    client.get(reverse("migration:list"))
    with django_assert_num_queries(5):
        assert client.get(reverse("migration:list")).status_code == 200
    for index in range(10):
        _case(facilitator_a, make_person(facilitator_a, full_name=f"Orang {index}"))
    with django_assert_num_queries(5):
        assert client.get(reverse("migration:list"), {"status": "active"}).status_code == 200


def test_the_case_page_query_count_is_fixed(client, case_a, facilitator_a, django_assert_num_queries):
    login(client, facilitator_a)
    url = reverse("migration:detail", args=[case_a.pk])
    client.get(url)
    with django_assert_num_queries(7):  # 6 + the offer screenings
        client.get(url)


def test_a_full_case_page_costs_the_same_queries(
    client, facilitator_a, regency_officer, ministry_staff, person_a, django_assert_num_queries
):
    """The page reads only some columns of each row: a field it left out would cost a query a row."""
    vacancy = make_vacancy(regency_officer, register_agency(ministry_staff))
    case = case_open(
        person=person_a, destination_country="", job_title="", employer_type="", vacancy=vacancy, actor=facilitator_a
    )
    for document in case_documents(case):
        if document.document_type.required_for_id == case.step_id:
            expires_on = timezone.localdate() + datetime.timedelta(days=400)
            document_update(
                document=document,
                status="verified",
                number="X1",
                issued_on=None,
                expires_on=expires_on,
                actor=facilitator_a,
            )
    document_file_attach(document=document, file=SimpleUploadedFile("p.pdf", PDF), actor=regency_officer)
    case_advance(case=case, actor=regency_officer)
    case_screening_record(case=case, offer=Offer(recruiter="individual", country="MY"), actor=regency_officer)
    login(client, facilitator_a)
    url = reverse("migration:detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured, django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert vacancy.employer_name in body and "X1" in body and regency_officer.full_name in body
    # The history's and the screenings' actors are read by name, not with their password hash.
    assert not any('"accounts_user"."password"' in query["sql"] for query in captured.captured_queries)


def test_the_case_is_read_with_what_its_pages_show_and_no_more(case_a, facilitator_a):
    """Every join multiplies PostgreSQL's planning of the case's read (selectors.get_case_for_user)."""
    role_assignments(facilitator_a)  # as the sign-in has loaded them
    with CaptureQueriesContext(connection) as captured:
        case = get_case_for_user(facilitator_a, case_a.pk)
        assert (case.person.pk, case.step.pk, case.village.code) == (
            case_a.person_id,
            case_a.step_id,
            case_a.village_id,
        )
    (query,) = captured.captured_queries
    assert query["sql"].count(" JOIN ") == 5  # person, step, village, vacancy, job
    assert "accounts_user" not in query["sql"]


def test_the_case_page_reads_only_the_rows_and_columns_it_shows(case_a, facilitator_a):
    """selectors.get_case_for_page: Django compiles every column selected on each request."""
    role_assignments(facilitator_a)  # as the sign-in has loaded them
    with CaptureQueriesContext(connection) as captured:
        get_case_for_page(facilitator_a, case_a.pk)
    (query,) = captured.captured_queries
    assert query["sql"].count(" JOIN ") == 3  # person, step, vacancy
    assert "opened_by_id" not in query["sql"] and '"people_person"."birth_date"' not in query["sql"]


def test_a_facilitator_opens_a_case_from_the_person(client, facilitator_a, person_a):
    login(client, facilitator_a)
    assert (
        reverse("migration:open", args=[person_a.pk])
        in client.get(reverse("people:detail", args=[person_a.pk])).content.decode()
    )
    response = client.post(
        reverse("migration:open", args=[person_a.pk]),
        {"destination_country": "HK", "job_title": "Pengasuh lansia", "employer_type": "individual"},
    )
    case = MigrationCase.objects.get()
    assert response["Location"] == reverse("migration:detail", args=[case.pk])
    response = client.post(
        reverse("migration:open", args=[person_a.pk]),
        {"destination_country": "SA", "job_title": "x", "employer_type": "individual"},
    )
    assert response.status_code == 400 and MigrationCase.objects.count() == 1


def test_advancing_without_documents_explains_what_is_missing(client, case_a, facilitator_a):
    login(client, facilitator_a)
    response = client.post(reverse("migration:advance", args=[case_a.pk]), follow=True)
    body = response.content.decode()
    assert "Kartu keluarga (KK)" in body
    case_a.refresh_from_db()
    assert case_a.step.code == "registration"


def test_documents_are_updated_and_then_the_step_completes(client, case_a, facilitator_a):
    login(client, facilitator_a)
    for document in case_a.documents.filter(document_type__required_for__code="registration"):
        response = client.post(
            reverse("migration:document", args=[case_a.pk, document.pk]),
            {"status": "verified", "number": "123", "issued_on": "", "expires_on": ""},
        )
        assert response.status_code == 302
    client.post(reverse("migration:advance", args=[case_a.pk]))
    case_a.refresh_from_db()
    assert case_a.step.code == "health_check"


def test_the_case_history_reads_in_the_users_language(client, case_a, facilitator_a):
    passport = case_a.documents.get(document_type__code="paspor")
    document_update(
        document=passport, status="verified", number="X1", issued_on=None, expires_on=None, actor=facilitator_a
    )
    case_close(case=case_a, status="cancelled", reason="Pindah rencana", actor=facilitator_a)
    login(client, facilitator_a)
    url = reverse("migration:detail", args=[case_a.pk])
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert f"{passport.document_type.name_id}: Belum ada → Terverifikasi" in indonesian
    assert "Dibatalkan: Pindah rencana" in indonesian and "paspor: missing" not in indonesian
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{passport.document_type.name_en}: Missing → Verified" in english and "Cancelled: Pindah rencana" in english


def test_an_event_detail_not_in_the_stored_form_is_shown_as_stored(case_a):
    documents = case_documents(case_a)
    passport = next(d for d in documents if d.document_type.code == "paspor").document_type
    kind = CaseEvent.Kind
    with translation.override("en"):
        shown = [
            event_detail(CaseEvent(kind=kind.DOCUMENT_UPDATED, detail="paspor: file"), documents),
            event_detail(CaseEvent(kind=kind.DOCUMENT_UPDATED, detail="paspor: lost → found"), documents),
            event_detail(CaseEvent(kind=kind.CLOSED, detail="odd: reason"), documents),
            event_detail(CaseEvent(kind=kind.OPENED, detail=""), documents),
        ]
    assert shown == [f"{passport.name_en}: scan attached", "paspor: lost → found", "odd: reason", ""]


def test_a_bad_document_update_is_a_400_and_changes_nothing(client, case_a, facilitator_a):
    passport = case_a.documents.get(document_type__code="paspor")
    response = login(client, facilitator_a).post(
        reverse("migration:document", args=[case_a.pk, passport.pk]),
        {"status": "verified", "number": "C1", "issued_on": "2026-01-01", "expires_on": "2025-01-01"},
    )
    assert response.status_code == 400
    passport.refresh_from_db()
    assert passport.status == DocumentStatus.MISSING


def test_closing_needs_a_reason(client, case_a, facilitator_a):
    login(client, facilitator_a)
    assert (
        client.post(reverse("migration:close", args=[case_a.pk]), {"status": "failed", "reason": ""}).status_code == 400
    )
    response = client.post(reverse("migration:close", args=[case_a.pk]), {"status": "failed", "reason": "Sakit"})
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.FAILED


def test_a_case_of_another_village_is_never_listed(client, facilitator_a, facilitator_c):
    person = make_person(facilitator_c, VILLAGE_C, full_name="Jauh")
    _case(facilitator_c, person)
    body = login(client, facilitator_a).get(reverse("migration:list")).content.decode()
    assert "Jauh" not in body


def test_the_expiring_page_lists_documents_of_open_cases_in_scope(
    client, facilitator_a, facilitator_b, person_a, regency_officer, partner, django_assert_num_queries
):
    from desmigratif.migration.services import document_update

    case = _case(facilitator_a, person_a)
    today = datetime.date.today()
    passport = case.documents.get(document_type__code="paspor")
    document_update(
        document=passport,
        status="verified",
        number="C777",
        issued_on=None,
        expires_on=today + datetime.timedelta(days=45),
        actor=facilitator_a,
    )
    url = reverse("migration:expiring")
    assert_access(client, url, allowed=[facilitator_a, regency_officer], forbidden=[partner])
    assert "C777" not in login(client, facilitator_b).get(url, {"within": 90}).content.decode()
    login(client, facilitator_a)
    assert "C777" not in client.get(url, {"within": 30}).content.decode()
    client.get(url, {"within": 60})
    # Session, user, roles, count, page, open reminders.
    with django_assert_num_queries(5):
        assert "C777" in client.get(url, {"within": 60}).content.decode()
    assert client.get(url, {"within": "abc"}).status_code == 200
