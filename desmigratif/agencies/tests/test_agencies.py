import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from conftest import login
from desmigratif.agencies import selectors, services
from desmigratif.agencies.models import Agency, AgencyStatusChange
from desmigratif.core.testing import assert_access

FROM = datetime.date(2024, 1, 1)


def _register(actor, **overrides):
    values: dict[str, Any] = {
        "name": "PT Maju Bersama Penempatan",
        "licence_number": "sip3mi 123/2024",
        "licence_valid_from": FROM,
        "licence_valid_until": datetime.date(2029, 1, 1),
        "head_office": "Jakarta",
    }
    values.update(overrides)
    return services.agency_register(actor=actor, **values)


@pytest.fixture
def agency(ministry_staff):
    return _register(ministry_staff)


def test_national_staff_register_an_agency_with_its_history(agency, ministry_staff):
    assert agency.licence_number == "SIP3MI 123/2024"
    assert list(agency.status_changes.values_list("to_status", flat=True)) == ["active"]


def test_only_national_staff_may_change_the_registry(regency_officer, facilitator_a, agency):
    for actor in (regency_officer, facilitator_a):
        with pytest.raises(PermissionDenied):
            _register(actor, licence_number="OTHER")
        with pytest.raises(PermissionDenied):
            services.agency_change_status(agency=agency, status="suspended", reason="x", actor=actor)


def test_licence_numbers_are_unique_and_dates_ordered(ministry_staff, agency):
    with pytest.raises(ValidationError):
        _register(ministry_staff, licence_number="SIP3MI  123/2024")
    with pytest.raises(ValidationError):
        _register(ministry_staff, licence_number="B", licence_valid_until=FROM)
    assert Agency.objects.count() == 1


def test_a_suspended_or_expired_agency_may_not_recruit(ministry_staff, agency):
    assert selectors.may_recruit(agency, datetime.date(2026, 6, 1))
    assert not selectors.may_recruit(agency, datetime.date(2030, 6, 1))
    assert not selectors.may_recruit(agency, datetime.date(2023, 6, 1))
    services.agency_change_status(
        agency=agency, status="suspended", reason="Permen P2MI 4/2025 Pasal 9", reference="KEP-1", actor=ministry_staff
    )
    agency.refresh_from_db()
    assert not selectors.may_recruit(agency, datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError):
        services.agency_change_status(agency=agency, status="suspended", reason="again", actor=ministry_staff)
    with pytest.raises(ValidationError):
        services.agency_change_status(agency=agency, status="active", reason=" ", actor=ministry_staff)
    assert AgencyStatusChange.objects.filter(agency=agency).count() == 2


def test_the_public_check_page_needs_no_account_and_says_whether_the_agency_may_recruit(db, ministry_staff):
    good = _register(ministry_staff, name="PT Resmi Sejahtera", licence_number="A-1", licence_valid_until=None)
    bad = _register(ministry_staff, name="PT Resmi Dicabut", licence_number="A-2", licence_valid_until=None)
    services.agency_change_status(agency=bad, status="revoked", reason="dicabut", actor=ministry_staff)
    client = Client()
    page = client.get(reverse("agency_check")).content.decode()
    assert "P3MI" in page
    body = client.get(reverse("agency_check"), {"q": "resmi"}).content.decode()
    assert good.name in body and bad.name in body
    assert body.count(">boleh merekrut hari ini<") == 1 and body.count(">TIDAK boleh merekrut hari ini<") == 1
    assert "A-2" in client.get(reverse("agency_check"), {"q": "a-2"}).content.decode()
    assert "calo" in client.get(reverse("agency_check"), {"q": "tidak ada"}).content.decode()


def test_registry_pages_matrix(client, agency, ministry_staff, regency_officer, facilitator_a, partner):
    assert_access(
        client, reverse("agencies:list"), allowed=[ministry_staff, regency_officer, facilitator_a], forbidden=[partner]
    )
    assert_access(
        client,
        reverse("agencies:detail", args=[agency.pk]),
        allowed=[ministry_staff, regency_officer, facilitator_a],
        forbidden=[partner],
    )
    assert_access(
        client,
        reverse("agencies:create"),
        allowed=[ministry_staff],
        forbidden=[regency_officer, facilitator_a, partner],
    )
    response = login(client, regency_officer).post(
        reverse("agencies:detail", args=[agency.pk]), {"status": "revoked", "reason": "x"}
    )
    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.status == "active"


def test_staff_register_and_suspend_through_the_pages(client, ministry_staff, django_assert_num_queries):
    login(client, ministry_staff)
    response = client.post(
        reverse("agencies:create"), {"name": "PT Baru", "licence_number": "N-1", "licence_valid_from": "2025-01-01"}
    )
    agency = Agency.objects.get()
    assert response["Location"] == reverse("agencies:detail", args=[agency.pk])
    assert (
        client.post(
            reverse("agencies:create"), {"name": "PT Lain", "licence_number": "n-1", "licence_valid_from": "2025-01-01"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("agencies:detail", args=[agency.pk]), {"status": "suspended", "reason": "Audit"}
        ).status_code
        == 302
    )
    client.get(reverse("agencies:list"))
    with django_assert_num_queries(4):
        client.get(reverse("agencies:list"))
    for index in range(5):
        _register(ministry_staff, name=f"PT {index}", licence_number=f"L-{index}")
    with django_assert_num_queries(4):
        client.get(reverse("agencies:list"))
