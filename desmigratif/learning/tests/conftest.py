import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.learning import services
from desmigratif.learning.models import Child, LearningHouse, Session
from desmigratif.people.models import Person
from desmigratif.people.services import ConsentData
from desmigratif.regions.models import Village

CHILD_NAME = "Putri Ayu Lestari"
GUARDIAN = ConsentData(given=True, given_by="guardian", guardian_name="Mbah Sumini", guardian_relation="nenek")


@pytest.fixture(autouse=True)
def _english_messages():
    """Domain tests read the (English) msgids of messages; pages are checked in Indonesian too."""
    with translation.override("en"):
        yield


def years_ago(years: int, days: int = 30) -> datetime.date:
    """A birth date ``years`` years and ``days`` days ago; on 29 February the anniversary falls on
    the 28th when that year has no 29th."""
    today = timezone.localdate()
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - datetime.timedelta(days=days)


def make_house(actor: Any, village: str = VILLAGE_A, volunteer: Person | None = None) -> LearningHouse:
    house = services.house_create(
        data=services.HouseData(
            village=Village.objects.get(code=village),
            name="Rumah Belajar Brongkal" if village == VILLAGE_A else "Rumah Belajar Arjowilangun",
            place="Balai Dusun Krajan",
            schedule="Setiap Sabtu 15.00–17.00",
        ),
        actor=actor,
    )
    if volunteer is not None:
        services.volunteer_add(house=house, person=volunteer, actor=actor)
    return house


def make_family(actor: Any, village: str = VILLAGE_A, name: str = CHILD_NAME) -> dict[str, Person]:
    return {
        "child": make_person(actor, village, full_name=name, birth_date=years_ago(9), migrant_status="family"),
        "caregiver": make_person(
            actor, village, full_name="Mbah Sumini", birth_date=years_ago(62), migrant_status="family"
        ),
        "parent": make_person(
            actor, village, full_name="Sri Rahayu", birth_date=years_ago(34), migrant_status="abroad"
        ),
    }


def child_data(family: dict[str, Person], **overrides: Any) -> services.ChildData:
    values: dict[str, Any] = {
        "person": family["child"],
        "caregiver": family["caregiver"],
        "caregiver_relation": "grandparent",
        "parents": [family["parent"]],
        "school_level": "sd",
        "school_status": "enrolled",
    }
    values.update(overrides)
    return services.ChildData(**values)


def register(actor: Any, house: LearningHouse, family: dict[str, Person], **overrides: Any) -> Child:
    consent = overrides.pop("consent", GUARDIAN)
    return services.child_register(house=house, data=child_data(family, **overrides), consent=consent, actor=actor)


def hold(actor: Any, house: LearningHouse, leader: Person, kind: str = "learning", **overrides: Any) -> Session:
    values: dict[str, Any] = {
        "kind": kind,
        "held_on": timezone.localdate(),
        "topic": "Membaca bersama" if kind == "learning" else "Pengasuhan tanpa kekerasan",
        "led_by": leader,
    }
    values.update(overrides)
    return services.session_create(house=house, data=services.SessionData(**values), actor=actor)


@pytest.fixture
def volunteer_a(facilitator_a):
    return make_person(
        facilitator_a, VILLAGE_A, full_name="Bu Guru Wulan", birth_date=years_ago(28), migrant_status="none"
    )


@pytest.fixture
def house_a(facilitator_a, volunteer_a):
    return make_house(facilitator_a, VILLAGE_A, volunteer_a)


@pytest.fixture
def house_b(facilitator_b):
    volunteer = make_person(
        facilitator_b, VILLAGE_B, full_name="Pak Harto", birth_date=years_ago(40), migrant_status="none"
    )
    return make_house(facilitator_b, VILLAGE_B, volunteer)


@pytest.fixture
def family_a(facilitator_a):
    return make_family(facilitator_a)


@pytest.fixture
def child_a(facilitator_a, house_a, family_a):
    return register(facilitator_a, house_a, family_a)


@pytest.fixture
def concern_a(facilitator_a, child_a):
    return services.concern_create(
        child=child_a, category="health", note="Sering demam, belum diperiksa ke Puskesmas.", actor=facilitator_a
    )


def child_with_two_parents_and_three_sessions(actor: Any, house: LearningHouse, leader: Person) -> Child:
    """A child with two parents abroad who attended three learning sessions (on three days)."""
    family = make_family(actor)
    second = make_person(actor, VILLAGE_A, full_name="Joko Susilo", birth_date=years_ago(36), migrant_status="abroad")
    today = timezone.localdate()
    child = services.child_register(
        house=house,
        data=child_data(family, parents=[family["parent"], second]),
        consent=GUARDIAN,
        actor=actor,
        registered_on=today - datetime.timedelta(days=10),
    )
    for days in (0, 1, 2):
        session = hold(actor, house, leader, held_on=today - datetime.timedelta(days=days))
        services.attendance_record(session=session, children=[child.pk], actor=actor)
    return child
