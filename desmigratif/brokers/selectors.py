"""Reads of broker reports and the early-warning list, always through the user's scope."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.brokers.models import BrokerReport, BrokerReportEvent
from desmigratif.core.selectors import one
from desmigratif.migration.models import CaseStatus, MigrationCase
from desmigratif.people.models import MigrantStatus, Person

REPORT_NOT_FOUND = _("No such report.")
CANNOT_CHANGE = _("You can see this report but not change it.")

# Case statuses that prove a procedural departure: the worker reached the "abroad" step.
DEPARTED_STATUSES = (CaseStatus.ABROAD, CaseStatus.RETURNED)


def _visible(user: Any) -> QuerySet[BrokerReport]:
    return scope_for(user, Perm.BROKERS_VIEW).apply(BrokerReport.objects.all(), "village__code")


def reports_for_user(user: Any, *, status: str = "") -> QuerySet[BrokerReport]:
    qs = _visible(user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("village").order_by("-received_at", "-id")


def get_report_for_user(user: Any, report_id: int, *, for_write: bool = False) -> BrokerReport:
    report = one(_visible(user).select_related("village", "created_by").filter(pk=report_id))
    if report is None:
        raise Http404(REPORT_NOT_FOUND)
    if for_write and not can_change_report(user, report):
        raise PermissionDenied(CANNOT_CHANGE)
    return report


def can_change_report(user: Any, report: BrokerReport) -> bool:
    return scope_for(user, Perm.BROKERS_CHANGE).contains(report.village_id)


def report_events(report: BrokerReport) -> QuerySet[BrokerReportEvent]:
    return report.events.select_related("actor").order_by("at", "id")


def early_warning_for_user(user: Any) -> QuerySet[Person]:
    """Residents recorded as working abroad with no departure through a migration case.

    Either they have no case at all, or their cases never reached the "abroad" step (still in
    progress, cancelled or failed to depart): likely a non-procedural placement (DOMAIN-RULES A5.1).
    ``has_case`` tells the two apart.
    """
    cases = MigrationCase.objects.filter(person=OuterRef("pk"))
    return (
        scope_for(user, Perm.BROKERS_VIEW)
        .apply(Person.objects.filter(migrant_status=MigrantStatus.ABROAD), "domicile_village__code")
        .annotate(has_case=Exists(cases))
        .filter(~Exists(cases.filter(status__in=DEPARTED_STATUSES)))
        .select_related("domicile_village")
        .order_by("domicile_village_id", "full_name", "id")
    )
