"""Reads of the agency registry. The registry is public information: no village scope applies."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from desmigratif.agencies.models import Agency, AgencyStatus
from desmigratif.core.selectors import one


def agencies_search(term: str = "") -> QuerySet[Agency]:
    qs = Agency.objects.all()
    term = " ".join(term.split())
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(licence_number__icontains=term))
    return qs.order_by("name", "id")


def get_agency(agency_id: int) -> Agency:
    agency = one(Agency.objects.filter(pk=agency_id))
    if agency is None:
        raise Http404
    return agency


def may_recruit(agency: Agency, today: datetime.date | None = None) -> bool:
    """Active and with a licence in force today."""
    day = today or timezone.localdate()
    return (
        agency.status == AgencyStatus.ACTIVE
        and agency.licence_valid_from <= day
        and (agency.licence_valid_until is None or day <= agency.licence_valid_until)
    )
