"""Writes to broker reports. Each service is one transaction and appends to the report's history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.brokers.models import BrokerReport, BrokerReportEvent, ReportSource, ReportStatus
from desmigratif.complaints.services import valid_country
from desmigratif.lib.phone import PhoneError, normalise_phone
from desmigratif.regions.models import Village

BROKER_REQUIRED = _("Enter the broker's name or the name people call them.")
DESCRIPTION_REQUIRED = _("Describe what happened.")
COUNTRY_UNKNOWN = _("Choose a country, or leave it empty.")
MONEY_NEGATIVE = _("The amount cannot be negative.")
VILLAGE_OUT_OF_SCOPE = _("This village is outside your area.")
STATUS_UNKNOWN = _("Choose a status.")
STATUS_SAME = _("The report already has this status.")
REPORT_CLOSED = _("This report is closed; its status cannot change any more.")
MAX_MONEY = Decimal("999999999999")


@dataclass
class BrokerReportData:
    village: Village
    broker_name: str
    description: str
    broker_phone: str = ""
    offered_country: str = ""
    offered_job: str = ""
    money_asked: Decimal | None = None
    reporter_name: str = ""
    reporter_contact: str = ""


@transaction.atomic
def broker_report_receive(*, data: BrokerReportData, actor: Any = None, is_demo: bool = False) -> BrokerReport:
    """Record a broker report from the public form (anonymous allowed) or entered by staff."""
    errors: dict[str, list[Any]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    if not data.broker_name.strip():
        add("broker_name", BROKER_REQUIRED)
    if not data.description.strip():
        add("description", DESCRIPTION_REQUIRED)
    phone = ""
    try:
        phone = normalise_phone(data.broker_phone)
    except PhoneError as exc:
        add("broker_phone", str(exc))
    country = data.offered_country.upper().strip()
    if country and not valid_country(country):
        add("offered_country", COUNTRY_UNKNOWN)
    if data.money_asked is not None and (data.money_asked < 0 or data.money_asked > MAX_MONEY):
        add("money_asked", MONEY_NEGATIVE)
    if actor is not None and not scope_for(actor, Perm.BROKERS_CHANGE).contains(data.village.code):
        add("village", VILLAGE_OUT_OF_SCOPE)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    report = BrokerReport.objects.create(
        village=data.village,
        source=ReportSource.FACILITATOR if actor is not None else ReportSource.PUBLIC,
        broker_name=" ".join(data.broker_name.split())[:150],
        broker_phone=phone,
        offered_country=country,
        offered_job=" ".join(data.offered_job.split())[:150],
        money_asked=data.money_asked.quantize(Decimal("1")) if data.money_asked is not None else None,
        description=data.description.strip()[:4000],
        reporter_name=" ".join(data.reporter_name.split())[:150],
        reporter_contact=data.reporter_contact.strip()[:100],
        received_at=now,
        updated_at=now,
        created_by=user,
        is_demo=is_demo,
    )
    BrokerReportEvent.objects.create(report=report, actor=user, to_status=ReportStatus.NEW, at=now)
    return report


@transaction.atomic
def broker_report_set_status(*, report: BrokerReport, status: str, note: str, actor: Any) -> BrokerReport:
    """Move the report's follow-up on (verifying, reported to the police or Disnaker, closed)."""
    locked = BrokerReport.objects.select_for_update().get(pk=report.pk)
    if status not in ReportStatus.values:
        raise ValidationError({"status": [ValidationError(STATUS_UNKNOWN)]})
    if locked.status == ReportStatus.CLOSED:
        raise ValidationError(REPORT_CLOSED)
    if status == locked.status:
        raise ValidationError({"status": [ValidationError(STATUS_SAME)]})
    old = locked.status
    locked.status, locked.updated_at = status, timezone.now()
    locked.save(update_fields=["status", "updated_at"])
    BrokerReportEvent.objects.create(
        report=locked, actor=actor, from_status=old, to_status=status, note=note.strip()[:2000]
    )
    return locked
