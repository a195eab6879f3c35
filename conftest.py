"""The shared cast of every test: two villages' facilitators, officers, staff, a partner.

Village A is Brongkal and village B Arjowilangun, both in Kabupaten Malang (35.07); village C is
Kuripan in Wonosobo (33.07), another regency. Region rows are the real ones, copied from the
project's region data, so codes and names are those of the current Kemendagri edition.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from desmigratif.accounts.models import RoleAssignment, User
from desmigratif.accounts.roles import Role
from desmigratif.lib import nik as nik_lib
from desmigratif.people.models import ConsentText, Person
from desmigratif.people.services import ConsentData, PersonData, person_register
from desmigratif.regions.models import District, Province, Regency, Village

VILLAGE_A = "35.07.33.2006"  # Brongkal, Pagelaran, Kab. Malang
VILLAGE_B = "35.07.11.2008"  # Arjowilangun, Kalipare, Kab. Malang
VILLAGE_C = "33.07.10.2004"  # Kuripan, Watumalang, Kab. Wonosobo


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with an empty cache: a cached result keyed by row ids of an earlier
    test's rolled-back data must not answer for this one's."""
    from django.core.cache import cache

    cache.clear()


_REGIONS = [
    # (code, name, lat, lng)
    ("35", "Jawa Timur", "-7.720000", "112.740000"),
    ("35.07", "Kabupaten Malang", "-8.130000", "112.580000"),
    ("35.07.33", "Pagelaran", "-8.180000", "112.610000"),
    ("35.07.11", "Kalipare", "-8.190000", "112.440000"),
    (VILLAGE_A, "Brongkal", "-8.190000", "112.620000"),
    (VILLAGE_B, "Arjowilangun", "-8.200000", "112.450000"),
    ("33", "Jawa Tengah", "-7.260000", "110.140000"),
    ("33.07", "Kabupaten Wonosobo", "-7.390000", "109.900000"),
    ("33.07.10", "Watumalang", "-7.290000", "109.890000"),
    (VILLAGE_C, "Kuripan", "-7.290000", "109.880000"),
]

PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of what only PostgreSQL does (triggers, row locks under real concurrency) run in the
    PostgreSQL suite; on SQLite they are deselected, so neither suite reports a skipped test."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture
def regions(db: Any) -> dict[str, Any]:
    """The regions of the cast, created row by row (the full load has its own tests)."""
    made: dict[str, Any] = {}
    for code, name, lat, lng in _REGIONS:
        values = {"name": name, "lat": Decimal(lat), "lng": Decimal(lng)}
        level = code.count(".")
        if level == 0:
            made[code] = Province.objects.create(code=code, **values)
        elif level == 1:
            made[code] = Regency.objects.create(code=code, province=made[code[:2]], **values)
        elif level == 2:
            made[code] = District.objects.create(code=code, regency=made[code[:5]], **values)
        else:
            made[code] = Village.objects.create(code=code, district=made[code[:8]], kind=Village.Kind.DESA, **values)
    return made


def make_user(username: str, role: str | None, region: str = "") -> User:
    user = User.objects.create_user(username, PASSWORD, full_name=username.replace("_", " ").title())
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, region_code=region)
    return user


@pytest.fixture
def facilitator_a(regions: Any) -> User:
    return make_user("facilitator_a", Role.FACILITATOR, VILLAGE_A)


@pytest.fixture
def facilitator_b(regions: Any) -> User:
    return make_user("facilitator_b", Role.FACILITATOR, VILLAGE_B)


@pytest.fixture
def facilitator_c(regions: Any) -> User:
    return make_user("facilitator_c", Role.FACILITATOR, VILLAGE_C)


@pytest.fixture
def regency_officer(regions: Any) -> User:
    return make_user("regency_officer", Role.REGENCY_OFFICER, "35.07")


@pytest.fixture
def ministry_staff(regions: Any) -> User:
    return make_user("ministry_staff", Role.NATIONAL_STAFF, "")


@pytest.fixture
def partner(regions: Any) -> User:
    return make_user("partner", Role.PARTNER, "")


@pytest.fixture
def treasurer(regions: Any) -> User:
    return make_user("treasurer", Role.COOPERATIVE_OFFICER, VILLAGE_A)


@pytest.fixture
def sysadmin(regions: Any) -> User:
    return make_user("sysadmin", Role.SYSTEM_ADMIN, "")


@pytest.fixture
def no_role_user(regions: Any) -> User:
    return make_user("no_role_user", None)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


_serials = itertools.count(1)


def valid_nik(village: str, birth_date: datetime.date, sex: str) -> str:
    """A NIK valid for the village's district, the birth date and the sex; unique per test run."""
    return nik_lib.build(district_code=village[:8], birth_date=birth_date, sex=sex, serial=next(_serials) % 9999 + 1)


def ensure_consent_texts() -> None:
    """Transactional tests flush the consent texts that migration people.0002 published."""
    for purpose in ("registry", "migration_services", "cooperative", "learning_house"):
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={
                "body_id": f"Persetujuan {purpose}.",
                "body_en": f"Consent {purpose}.",
                "valid_from": datetime.date(2026, 1, 1),
            },
        )


def person_data(village: str = VILLAGE_A, **overrides: Any) -> PersonData:
    birth_date = overrides.pop("birth_date", datetime.date(1990, 5, 17))
    sex = overrides.pop("sex", "F")
    values: dict[str, Any] = {
        "nik": valid_nik(village, birth_date, sex),
        "full_name": "Siti Aminah",
        "sex": sex,
        "birth_date": birth_date,
        "domicile_village": village,
        "birth_place": "Malang",
        "phone": "081234567890",
        "address": "Dusun Krajan RT 001/RW 002",
        "education": "smp",
        "marital_status": "married",
        "migrant_status": "prospective",
    }
    values.update(overrides)
    return PersonData(**values)


def make_person(actor: User, village: str = VILLAGE_A, *, is_demo: bool = False, **overrides: Any) -> Person:
    """A person registered through the real service, with consent, as ``actor`` (``is_demo``: marked
    as demo data, as the demo generator registers people)."""
    ensure_consent_texts()
    data = person_data(village, **overrides)
    guardian = overrides.get("birth_date") and (datetime.date.today() - data.birth_date).days < 18 * 365
    consent = (
        ConsentData(given=True, given_by="guardian", guardian_name="Ibu Wali", guardian_relation="ibu")
        if guardian
        else ConsentData(given=True)
    )
    return person_register(data=data, consent=consent, actor=actor, is_demo=is_demo).person


@pytest.fixture
def person_a(facilitator_a: User) -> Person:
    return make_person(facilitator_a, VILLAGE_A, full_name="Siti Aminah")


@pytest.fixture
def person_b(facilitator_b: User) -> Person:
    return make_person(facilitator_b, VILLAGE_B, full_name="Dewi Lestari")


@pytest.fixture
def person_c(facilitator_c: User) -> Person:
    return make_person(facilitator_c, VILLAGE_C, full_name="Sri Wahyuni")
