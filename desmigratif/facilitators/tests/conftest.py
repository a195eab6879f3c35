import datetime
from typing import Any

import pytest
from django.utils import translation

from conftest import VILLAGE_A, VILLAGE_B, make_person
from desmigratif.facilitators import services
from desmigratif.facilitators.models import Appointment, MonthlyReport, VillageDeliberation
from desmigratif.regions.models import ProgramVillage, Village

HELD_ON = datetime.date(2026, 1, 10)
STARTS_ON = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _english_messages():
    """Domain tests read the (English) msgids of messages; pages are checked in Indonesian too."""
    with translation.override("en"):
        yield


@pytest.fixture
def programme(regions):
    for code in (VILLAGE_A, VILLAGE_B):
        ProgramVillage.objects.get_or_create(village_id=code, defaults={"cohort_year": 2017})


def deliberate(officer: Any, people: list[Any], village: str = VILLAGE_A, **overrides: Any) -> VillageDeliberation:
    values: dict[str, Any] = {
        "village": Village.objects.get(code=village),
        "held_on": HELD_ON,
        "attendees": 42,
        "minutes_number": "BA/01/2026",
        "chosen": people,
    }
    values.update(overrides)
    minutes_file = values.pop("minutes_file", None)
    return services.deliberation_record(
        data=services.DeliberationData(**values), actor=officer, minutes_file=minutes_file
    )


def appoint(officer: Any, deliberation: VillageDeliberation, person: Any, **kwargs: Any) -> services.AppointmentResult:
    kwargs.setdefault("starts_on", STARTS_ON)
    return services.facilitator_appoint(deliberation=deliberation, person=person, actor=officer, **kwargs)


def appointed(officer: Any, village: str, name: str, username: str) -> Appointment:
    """A person of the village, chosen by a deliberation and appointed with an account."""
    person = make_person(officer, village, full_name=name)
    deliberation = deliberate(officer, [person], village=village)
    return appoint(officer, deliberation, person, username=username).appointment


@pytest.fixture
def pendamping_a(regency_officer) -> Appointment:
    """An appointed facilitator of village A with an account (role facilitator, scope village A)."""
    return appointed(regency_officer, VILLAGE_A, "Sri Rahayu", "sri.rahayu")


@pytest.fixture
def pendamping_b(regency_officer) -> Appointment:
    return appointed(regency_officer, VILLAGE_B, "Budi Santoso", "budi.santoso")


def visit(appointment: Appointment, on: datetime.date, kind: str = "home_visit", people=(), **kw: Any):
    data = services.VisitData(
        village=appointment.village, on=on, kind=kind, people=list(people), notes=kw.pop("notes", "Kunjungan"), **kw
    )
    return services.visit_record(data=data, actor=appointment.user)


def start_report(appointment: Appointment, month: datetime.date, narrative: str = "Bulan ini baik.") -> MonthlyReport:
    return services.report_start(village=appointment.village, month=month, actor=appointment.user, narrative=narrative)
