"""Writes to the agency registry: national staff register agencies and change their status."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.agencies.models import Agency, AgencyStatus, AgencyStatusChange

LICENCE_TAKEN = _("An agency with this licence number is already registered.")
LICENCE_DATES = _("The licence must end after it starts.")
STATUS_UNCHANGED = _("The agency already has this status.")
REASON_REQUIRED = _("Give the reason for the change.")


def _require_national(actor: Any) -> None:
    # Licences are issued nationally; only a national scope may change the registry.
    if not scope_for(actor, Perm.AGENCIES_CHANGE).is_national:
        raise PermissionDenied


@transaction.atomic
def agency_register(
    *,
    name: str,
    licence_number: str,
    licence_valid_from: datetime.date,
    licence_valid_until: datetime.date | None,
    head_office: str = "",
    branch_offices: str = "",
    actor: Any,
    is_demo: bool = False,
) -> Agency:
    _require_national(actor)
    licence = " ".join(licence_number.split()).upper()
    if licence_valid_until is not None and licence_valid_until <= licence_valid_from:
        raise ValidationError({"licence_valid_until": [ValidationError(LICENCE_DATES)]})
    if Agency.objects.filter(licence_number=licence).exists():
        raise ValidationError({"licence_number": [ValidationError(LICENCE_TAKEN)]})
    try:
        with transaction.atomic():
            agency = Agency.objects.create(
                name=" ".join(name.split()),
                licence_number=licence,
                licence_valid_from=licence_valid_from,
                licence_valid_until=licence_valid_until,
                head_office=head_office.strip(),
                branch_offices=branch_offices.strip(),
                is_demo=is_demo,
            )
    except IntegrityError as exc:
        raise ValidationError({"licence_number": [ValidationError(LICENCE_TAKEN)]}) from exc
    AgencyStatusChange.objects.create(
        agency=agency, actor=actor, from_status="", to_status=agency.status, reason="registered"
    )
    return agency


@transaction.atomic
def agency_change_status(*, agency: Agency, status: str, reason: str, reference: str = "", actor: Any) -> Agency:
    _require_national(actor)
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    if status not in AgencyStatus.values:
        raise ValidationError({"status": [ValidationError(_("Choose a status."))]})
    if status == locked.status:
        raise ValidationError({"status": [ValidationError(STATUS_UNCHANGED)]})
    if not reason.strip():
        raise ValidationError({"reason": [ValidationError(REASON_REQUIRED)]})
    AgencyStatusChange.objects.create(
        agency=locked,
        actor=actor,
        from_status=locked.status,
        to_status=status,
        reason=reason.strip()[:300],
        reference=reference.strip()[:200],
    )
    locked.status = status
    locked.save(update_fields=["status"])
    return locked
