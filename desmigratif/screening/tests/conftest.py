"""Agencies of the screening tests, registered through the real registry services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from desmigratif.agencies.models import Agency
from desmigratif.agencies.services import agency_change_status, agency_register

TODAY = datetime.date(2026, 11, 22)


def register_agency(actor: Any, name: str, number: str, *, status: str = "active", **dates: Any) -> Agency:
    agency = agency_register(
        name=name,
        licence_number=number,
        licence_valid_from=dates.get("valid_from", datetime.date(2020, 1, 1)),
        licence_valid_until=dates.get("valid_until", datetime.date(2030, 1, 1)),
        actor=actor,
    )
    if status != "active":
        agency = agency_change_status(agency=agency, status=status, reason="Sanksi administratif", actor=actor)
    return agency


@pytest.fixture
def agencies(ministry_staff: Any) -> dict[str, Agency]:
    return {
        "active": register_agency(ministry_staff, "PT Maju Bersama", "SIP3MI-001"),
        "suspended": register_agency(ministry_staff, "PT Beku Sementara", "SIP3MI-002", status="suspended"),
        "revoked": register_agency(ministry_staff, "PT Dicabut Izin", "SIP3MI-003", status="revoked"),
        "expired": register_agency(
            ministry_staff,
            "PT Izin Habis",
            "SIP3MI-004",
            valid_from=datetime.date(2018, 1, 1),
            valid_until=datetime.date(2023, 1, 1),
        ),
    }
