import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import VILLAGE_B, make_person
from desmigratif.migration import selectors, services
from desmigratif.migration.models import CaseEvent, CaseStatus, DocumentStatus, MigrationCase, Step

JAKARTA_NOON = datetime.datetime(2026, 6, 1, 5, 0, tzinfo=datetime.UTC)


def _open(actor, person, **overrides):
    values: dict[str, Any] = {
        "destination_country": "MY",
        "job_title": "Operator produksi",
        "employer_type": "legal_entity",
        "agency_name": "PT Contoh Penempatan",
    }
    values.update(overrides)
    return services.case_open(person=person, actor=actor, **values)


def _verify_step_documents(case, actor, step, expires=None):
    for document in case.documents.filter(document_type__required_for=step):
        services.document_update(
            document=document,
            status=DocumentStatus.VERIFIED,
            number="X-1",
            issued_on=None,
            expires_on=expires,
            actor=actor,
        )


def test_opening_a_case_starts_at_registration_with_every_document_missing(facilitator_a, person_a):
    case = _open(facilitator_a, person_a)
    assert case.step.code == "registration" and case.status == CaseStatus.ACTIVE
    assert case.village_id == person_a.domicile_village_id
    assert case.documents.count() == 14
    assert set(case.documents.values_list("status", flat=True)) == {DocumentStatus.MISSING}
    assert case.step_due_at == case.step_started_at + datetime.timedelta(days=7)
    assert list(case.events.values_list("kind", flat=True)) == [CaseEvent.Kind.OPENED]


def test_a_person_has_one_case_in_progress_at_a_time(facilitator_a, person_a):
    _open(facilitator_a, person_a)
    with pytest.raises(ValidationError) as exc:
        _open(facilitator_a, person_a, destination_country="SA")
    assert exc.value.message_dict["person"] == [str(services.CASE_OPEN_EXISTS)]
    assert MigrationCase.objects.count() == 1


@pytest.mark.parametrize(
    ("country", "field"), [("ID", "destination_country"), ("XX", "destination_country"), ("", "destination_country")]
)
def test_the_destination_must_be_a_real_foreign_country(facilitator_a, person_a, country, field):
    with pytest.raises(ValidationError) as exc:
        _open(facilitator_a, person_a, destination_country=country)
    assert field in exc.value.message_dict
    assert not MigrationCase.objects.exists()


def test_a_case_cannot_be_opened_outside_the_actors_area(facilitator_a, person_b):
    with pytest.raises(ValidationError) as exc:
        _open(facilitator_a, person_b)
    assert "person" in exc.value.message_dict


def test_a_step_cannot_be_completed_while_its_documents_are_missing_and_the_message_names_them(facilitator_a, person_a):
    case = _open(facilitator_a, person_a)
    with pytest.raises(ValidationError) as exc:
        services.case_advance(case=case, actor=facilitator_a)
    message = exc.value.messages[0]
    assert "KTP (NIK)" in message and "Kartu keluarga (KK)" in message and "Paspor" not in message
    english = pytest.raises(ValidationError)
    with english as exc_en:
        services.case_advance(case=case, actor=facilitator_a, language="en")
    assert "Family card (KK)" in exc_en.value.messages[0]
    case.refresh_from_db()
    assert case.step.code == "registration"


def test_verified_documents_let_the_case_walk_every_step_to_abroad_and_back(facilitator_a, person_a):
    case = _open(facilitator_a, person_a)
    future = datetime.date.today() + datetime.timedelta(days=700)
    codes = []
    for step in Step.objects.exclude(code__in=["abroad", "returned"]).order_by("order"):
        _verify_step_documents(case, facilitator_a, step, expires=future if step.code != "registration" else None)
        case = services.case_advance(case=case, actor=facilitator_a)
        codes.append(case.step.code)
    assert codes == [
        "health_check",
        "placement_agreement",
        "social_security",
        "work_visa",
        "opp",
        "departure",
        "abroad",
    ]
    assert case.status == CaseStatus.ABROAD and case.step_due_at is None
    case = services.case_advance(case=case, actor=facilitator_a)
    assert case.status == CaseStatus.RETURNED
    with pytest.raises(ValidationError):
        services.case_advance(case=case, actor=facilitator_a)
    assert case.events.filter(kind=CaseEvent.Kind.STEP_CHANGED).count() == 8


def test_an_expired_verified_document_blocks_the_step(facilitator_a, person_a):
    case = _open(facilitator_a, person_a)
    registration = Step.objects.get(code="registration")
    _verify_step_documents(case, facilitator_a, registration)
    case = services.case_advance(case=case, actor=facilitator_a)
    health = Step.objects.get(code="health_check")
    with time_machine.travel(datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)):
        _verify_step_documents(case, facilitator_a, health, expires=datetime.date(2026, 2, 1))
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)), pytest.raises(ValidationError):
        services.case_advance(case=case, actor=facilitator_a)


def test_a_minor_cannot_complete_departure(facilitator_a):
    with time_machine.travel(JAKARTA_NOON):
        young = make_person(facilitator_a, full_name="Muda", birth_date=datetime.date(2009, 1, 1), sex="M")
        case = _open(facilitator_a, young)
        for step in Step.objects.filter(order__lt=70).order_by("order"):
            _verify_step_documents(case, facilitator_a, step, expires=datetime.date(2030, 1, 1))
            case = services.case_advance(case=case, actor=facilitator_a)
        assert case.step.code == "departure"
        _verify_step_documents(case, facilitator_a, case.step, expires=datetime.date(2030, 1, 1))
        with pytest.raises(ValidationError) as exc:
            services.case_advance(case=case, actor=facilitator_a)
        assert "18" in exc.value.messages[0]


def test_a_case_is_closed_with_a_reason_and_then_frozen(facilitator_a, person_a):
    case = _open(facilitator_a, person_a)
    with pytest.raises(ValidationError):
        services.case_close(case=case, status=CaseStatus.CANCELLED, reason=" ", actor=facilitator_a)
    with pytest.raises(ValidationError):
        services.case_close(case=case, status=CaseStatus.ABROAD, reason="x", actor=facilitator_a)
    case = services.case_close(case=case, status=CaseStatus.FAILED, reason="Majikan membatalkan", actor=facilitator_a)
    assert case.status == CaseStatus.FAILED
    with pytest.raises(ValidationError):
        services.case_advance(case=case, actor=facilitator_a)
    document = case.documents.first()
    assert document is not None
    with pytest.raises(ValidationError):
        services.document_update(
            document=document, status="verified", number="", issued_on=None, expires_on=None, actor=facilitator_a
        )
    assert _open(facilitator_a, person_a).status == CaseStatus.ACTIVE  # a new attempt may start


def test_document_dates_must_make_sense(facilitator_a, person_a):
    case = _open(facilitator_a, person_a)
    passport = case.documents.get(document_type__code="paspor")
    with pytest.raises(ValidationError) as exc:
        services.document_update(
            document=passport,
            status="submitted",
            number="C123",
            actor=facilitator_a,
            issued_on=datetime.date(2026, 1, 1),
            expires_on=datetime.date(2025, 1, 1),
        )
    assert "expires_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.document_update(
            document=passport,
            status="verified",
            number="C123",
            actor=facilitator_a,
            issued_on=datetime.date(2020, 1, 1),
            expires_on=datetime.date(2021, 1, 1),
        )
    passport.refresh_from_db()
    assert passport.status == DocumentStatus.MISSING


def test_overdue_cases_are_those_past_their_steps_target(facilitator_a, regency_officer, person_a, person_b):
    with time_machine.travel(datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)):
        late = _open(facilitator_a, person_a)
    on_time = _open(regency_officer, person_b)
    with time_machine.travel(datetime.datetime(2026, 5, 9, tzinfo=datetime.UTC)):
        assert list(selectors.overdue_cases_for_user(regency_officer)) == [late]
        assert list(selectors.overdue_cases_for_user(facilitator_a)) == [late]
    assert on_time.village_id == VILLAGE_B


@pytest.mark.parametrize(
    "filters",
    [selectors.CaseFilter(), selectors.CaseFilter(status=CaseStatus.ACTIVE), selectors.CaseFilter(status="closed")],
)
def test_a_regency_officers_list_page_is_selected_by_the_regency_key_and_counted_by_the_range(
    regency_officer, facilitator_a, facilitator_c, person_a, person_b, person_c, filters
):
    first, second = _open(facilitator_a, person_a), _open(regency_officer, person_b)
    _open(facilitator_c, person_c)  # another regency
    qs = selectors.cases_for_user(regency_officer, filters)
    where = str(qs.query).partition("WHERE")[2]
    # The expression of migration_case_regency_idx, with its bounds in the SQL.
    assert 'SUBSTR("migration_cases_migrationcase"."village_id", 1, 5) = \'35.07\'' in where and " LIKE " not in where
    expected = [second, first] if filters.status in ("", CaseStatus.ACTIVE) else []  # newest first
    assert list(qs) == expected
    with CaptureQueriesContext(connection) as captured:
        assert selectors.count_cases(regency_officer, filters) == len(expected)
    assert " LIKE " in captured.captured_queries[0]["sql"]
