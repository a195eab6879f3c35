"""The enterprise and training API: the same scope and rules as the pages."""

import datetime

import pytest

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.core.testing import api_call, api_client_for, assert_api_access
from desmigratif.enterprises import services
from desmigratif.enterprises.models import Attendance, Enterprise, Participant, ProgressReport, Training
from desmigratif.enterprises.tests.conftest import register, report, train

pytestmark = pytest.mark.django_db

BASE = "/api/v1/enterprises/"
TRAININGS = "/api/v1/trainings/"


@pytest.fixture
def body(owner_a):
    return {
        "village": VILLAGE_A,
        "name": "Keripik Tempe Bu Siti",
        "sector": "food",
        "owners": [owner_a.pk],
        "started_on": "2025-01-10",
        "capital": "2500000.50",
        "capital_source": "remittance",
    }


@pytest.fixture
def training_a(facilitator_a, owner_a):
    training = train(facilitator_a)
    services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    return training


def test_enterprise_matrix(
    enterprise_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer, no_role_user
):
    secrets = ["Keripik Tempe Bu Siti", "Siti Aminah"]
    assert_api_access(
        BASE,
        allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer],
        forbidden=[partner, no_role_user],
    )
    assert_api_access(
        f"{BASE}{enterprise_a.pk}",
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, partner, no_role_user],
        secrets=secrets,
    )
    progress = {"period_kind": "month", "period_start": "2025-02-01", "revenue": "1500000"}
    assert_api_access(
        f"{BASE}{enterprise_a.pk}/progress",
        method="post",
        payload=progress,
        allowed=[facilitator_a],
        allowed_status=201,
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff, treasurer],
        secrets=secrets,
    )
    listed = api_call(api_client_for(facilitator_b), "get", BASE).json()
    assert listed["count"] == 0 and "Keripik" not in str(listed)


def test_training_matrix(
    training_a, facilitator_a, facilitator_b, regency_officer, ministry_staff, partner, treasurer, no_role_user
):
    secrets = ["Pelatihan pengolahan keripik", "Siti Aminah"]
    assert_api_access(
        TRAININGS,
        allowed=[facilitator_a, facilitator_b, regency_officer, ministry_staff, treasurer],
        forbidden=[partner, no_role_user],
    )
    assert_api_access(
        f"{TRAININGS}{training_a.pk}",
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        not_found=[facilitator_b, partner, no_role_user],
        secrets=secrets,
    )
    participant = training_a.participants.get()
    assert_api_access(
        f"{TRAININGS}{training_a.pk}/attendance",
        method="post",
        payload={"day": "2025-03-04", "marks": [{"participant_id": participant.pk, "present": True}]},
        allowed=[facilitator_a],
        not_found=[facilitator_b, partner],
        forbidden=[ministry_staff, treasurer],
        secrets=secrets,
    )
    assert Attendance.objects.get().present is True


def test_create_an_enterprise_and_add_progress(facilitator_a, body):
    client = api_client_for(facilitator_a)
    created = api_call(client, "post", BASE, body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["capital"] == "2500000.50" and data["owners"][0]["full_name"] == "Siti Aminah"
    assert data["history"][0]["to_status"] == "running"
    url = f"{BASE}{data['id']}/progress"
    progress = {"period_kind": "month", "period_start": "2025-02-01", "revenue": "1750000.25", "workers_family": 2}
    added = api_call(client, "post", url, progress)
    assert added.status_code == 201 and added.json()["revenue"] == "1750000.25"
    twice = api_call(client, "post", url, progress)
    assert twice.status_code == 422 and twice.json()["error"]["fields"]["period"]
    detail = api_call(client, "get", f"{BASE}{data['id']}").json()
    assert [p["revenue"] for p in detail["progress"]] == ["1750000.25"]
    far = api_call(client, "post", url, {**progress, "period_start": "9999-12-01"})
    assert far.status_code == 422 and "period" in far.json()["error"]["fields"]
    read_only = api_call(
        api_client_for(facilitator_a, read_only=True), "post", url, {**progress, "period_start": "2025-03-01"}
    )
    assert read_only.status_code == 403
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sector": "mining"}, "sector"),
        ({"village": VILLAGE_B}, "village"),
        ({"village": "99.99.99.9999"}, "village"),
        ({"owners": [999999]}, "owners"),
        ({"capital": "-5"}, "capital"),
        ({"capital": 1.5e20}, "capital"),
        ({"capital_source": "lottery"}, "capital_source"),
        ({"loan": 999999, "capital_source": "cooperative_loan"}, "loan"),
        ({"owners": []}, "owners"),
    ],
)
def test_bad_enterprise_input_is_refused_with_the_field_named(facilitator_a, body, change, field):
    response = api_call(api_client_for(facilitator_a), "post", BASE, {**body, **change})
    assert response.status_code == 422, response.content
    assert field in response.json()["error"].get("fields", {}), response.content
    assert not Enterprise.objects.exists()


def test_an_owner_of_another_village_is_refused_without_naming_them(facilitator_a, facilitator_b, body):
    outsider = make_person(facilitator_b, VILLAGE_B, full_name="Dewi Lestari")
    response = api_call(api_client_for(facilitator_a), "post", BASE, {**body, "owners": [outsider.pk]})
    assert response.status_code == 422 and "Dewi" not in response.content.decode()


def test_create_a_training_register_a_participant_and_record_attendance(facilitator_a, owner_a):
    client = api_client_for(facilitator_a)
    created = api_call(
        client,
        "post",
        TRAININGS,
        {
            "title": "Budidaya lele",
            "provider_kind": "bbpp",
            "topic": "Perikanan",
            "sector": "fisheries",
            "starts_on": "2025-05-05",
            "ends_on": "2025-05-07",
            "place": "Balai Desa",
            "region_code": VILLAGE_A,
        },
    )
    assert created.status_code == 201, created.content
    training_id = created.json()["id"]
    added = api_call(client, "post", f"{TRAININGS}{training_id}/participants", {"person_id": owner_a.pk})
    assert added.status_code == 201 and added.json()["full_name"] == "Siti Aminah"
    twice = api_call(client, "post", f"{TRAININGS}{training_id}/participants", {"person_id": owner_a.pk})
    assert twice.status_code == 422
    participant_id = added.json()["id"]
    url = f"{TRAININGS}{training_id}/attendance"
    outside = api_call(
        client, "post", url, {"day": "2025-05-09", "marks": [{"participant_id": participant_id, "present": True}]}
    )
    assert outside.status_code == 422 and "day" in outside.json()["error"]["fields"]
    stranger = api_call(
        client, "post", url, {"day": "2025-05-06", "marks": [{"participant_id": 999999, "present": True}]}
    )
    assert stranger.status_code == 422
    ok = api_call(
        client, "post", url, {"day": "2025-05-06", "marks": [{"participant_id": participant_id, "present": True}]}
    )
    assert ok.status_code == 200 and ok.json() == [
        {"participant_id": participant_id, "day": "2025-05-06", "present": True}
    ]
    detail = api_call(client, "get", f"{TRAININGS}{training_id}").json()
    assert detail["participants"][0]["days_present"] == 1
    assert Participant.objects.count() == 1 and Training.objects.count() == 1


def test_a_facilitator_cannot_create_a_regency_training(facilitator_a):
    response = api_call(
        api_client_for(facilitator_a),
        "post",
        TRAININGS,
        {
            "title": "BLK",
            "provider_kind": "blk",
            "topic": "Las",
            "starts_on": "2025-05-05",
            "ends_on": "2025-05-07",
            "place": "BLK",
            "region_code": "35.07",
        },
    )
    assert response.status_code == 422 and "region" in response.json()["error"]["fields"]


def test_the_enterprise_list_query_count_does_not_grow(facilitator_a, owner_a, django_assert_num_queries):
    for i in range(6):
        enterprise = register(facilitator_a, [owner_a], name=f"Usaha {i}")
        report(facilitator_a, enterprise, datetime.date(2025, 2, 1))
    client = api_client_for(facilitator_a)
    with django_assert_num_queries(6):  # token (with user), its last use, roles, count, page, owners
        response = api_call(client, "get", BASE, {"status": "running"})
    assert response.status_code == 200 and response.json()["count"] == 6


def test_the_training_list_query_count_does_not_grow(facilitator_a, owner_a, django_assert_num_queries):
    for i in range(6):
        training = train(facilitator_a, title=f"Pelatihan {i}")
        services.participant_add(training=training, person=owner_a, actor=facilitator_a)
    client = api_client_for(facilitator_a)
    with django_assert_num_queries(5):  # token (with user), its last use, roles, count, page
        response = api_call(client, "get", TRAININGS)
    assert response.status_code == 200 and response.json()["results"][0]["participant_count"] == 1
