"""Writes of the partners app. Each service is one transaction; the rules live here, forms and API
schemas check only shape. Referrals name a person: each change writes an audit row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record
from desmigratif.core.errors import FieldErrors
from desmigratif.core.programme import BEFORE_PROGRAMME, PROGRAMME_START, before_programme
from desmigratif.partners.models import (
    OPEN_STATUSES,
    PILLARS,
    TRANSITIONS,
    Organisation,
    OrganisationKind,
    Programme,
    Referral,
    ReferralEvent,
    ReferralStatus,
    VillageSupport,
)
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

NAME_REQUIRED = _("Enter the name.")
NAME_TAKEN = _("There is already an organisation with this name.")
KIND_UNKNOWN = _("Choose the kind of organisation.")
PROGRAMME_NAME_TAKEN = _("This organisation already has a programme with this name.")
PILLAR_UNKNOWN = _("Choose the pillar the programme supports.")
DATES_ORDER = _("The end date cannot be before the start date.")
VILLAGE_OUT_OF_SCOPE = _("This village is outside your area.")
WHAT_REQUIRED = _("Describe what the village receives.")
AMOUNT_NEGATIVE = _("The amount cannot be negative.")
AMOUNT_TOO_BIG = _("The amount is too big.")
SUPPORT_TWICE = _("This programme already supports this village from this date.")
SUPPORT_OUTSIDE_PROGRAMME = _("The support must start within the programme's period.")
PROGRAMME_INACTIVE = _("This programme is not active; people cannot be referred to it.")
PERSON_OUT_OF_SCOPE = _("This person lives outside your area; only people of your area can be referred.")
REASON_REQUIRED = _("Write why the person is referred.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
ALREADY_REFERRED = _("This person already has an open referral to this programme.")
STATUS_NOT_ALLOWED = _("A referral that is “%(current)s” cannot become “%(new)s”.")
STATUS_BEFORE_REFERRAL = _("The date cannot be before the referral or its last change.")
NOT_ALLOWED = _("You may not change partner programmes.")

MAX_AMOUNT = Decimal("9999999999999999.99")


def _clean(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def _require_change(actor: Any) -> None:
    if not has_perm(actor, Perm.PARTNERS_CHANGE):
        raise PermissionDenied(NOT_ALLOWED)


# --- Organisations --------------------------------------------------------------------------------


@dataclass
class OrganisationData:
    kind: str
    name: str
    short_name: str = ""


def _check_organisation(data: OrganisationData, exclude: int = 0) -> None:
    errors = FieldErrors()
    name = _clean(data.name, 200)
    if not name:
        errors.add("name", NAME_REQUIRED)
    elif Organisation.objects.filter(name__iexact=name).exclude(pk=exclude).exists():
        errors.add("name", NAME_TAKEN)
    if data.kind not in OrganisationKind.values:
        errors.add("kind", KIND_UNKNOWN)
    errors.raise_any()


@transaction.atomic
def organisation_create(*, data: OrganisationData, actor: Any) -> Organisation:
    _require_change(actor)
    _check_organisation(data)
    return Organisation.objects.create(
        kind=data.kind, name=_clean(data.name, 200), short_name=_clean(data.short_name, 40), created_by=actor
    )


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: OrganisationData, actor: Any) -> Organisation:
    _require_change(actor)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _check_organisation(data, exclude=locked.pk)
    locked.kind, locked.name, locked.short_name = data.kind, _clean(data.name, 200), _clean(data.short_name, 40)
    locked.save(update_fields=["kind", "name", "short_name"])
    return locked


# --- Programmes -----------------------------------------------------------------------------------


@dataclass
class ProgrammeData:
    organisation: Organisation
    name: str
    pillar: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    description: str = ""
    is_active: bool = True


def _check_programme(data: ProgrammeData, exclude: int = 0) -> None:
    errors = FieldErrors()
    name = _clean(data.name, 200)
    if not name:
        errors.add("name", NAME_REQUIRED)
    elif Programme.objects.filter(organisation=data.organisation, name__iexact=name).exclude(pk=exclude).exists():
        errors.add("name", PROGRAMME_NAME_TAKEN)
    if data.pillar not in {value for value, _label in PILLARS}:
        errors.add("pillar", PILLAR_UNKNOWN)
    if data.ends_on is not None and data.ends_on < data.starts_on:
        errors.add("ends_on", DATES_ORDER)
    errors.raise_any()


@transaction.atomic
def programme_create(*, data: ProgrammeData, actor: Any, is_demo: bool = False) -> Programme:
    _require_change(actor)
    _check_programme(data)
    return Programme.objects.create(
        organisation=data.organisation,
        name=_clean(data.name, 200),
        pillar=data.pillar,
        description=data.description.strip()[:3000],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        is_active=data.is_active,
        created_by=actor,
        is_demo=is_demo,
    )


@transaction.atomic
def programme_update(*, programme: Programme, data: ProgrammeData, actor: Any) -> Programme:
    _require_change(actor)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_programme(data, exclude=locked.pk)
    locked.organisation = data.organisation
    locked.name = _clean(data.name, 200)
    locked.pillar = data.pillar
    locked.description = data.description.strip()[:3000]
    locked.starts_on, locked.ends_on, locked.is_active = data.starts_on, data.ends_on, data.is_active
    locked.save(update_fields=["organisation", "name", "pillar", "description", "starts_on", "ends_on", "is_active"])
    return locked


# --- Village support ------------------------------------------------------------------------------


@dataclass
class SupportData:
    village: Village
    since: datetime.date
    what: str
    until: datetime.date | None = None
    amount: Decimal | None = None


@transaction.atomic
def support_add(*, programme: Programme, data: SupportData, actor: Any, is_demo: bool = False) -> VillageSupport:
    """Record what a programme gives a village (national staff: the partners report it to Kemnaker)."""
    _require_change(actor)
    errors = FieldErrors()
    if not scope_for(actor, Perm.PARTNERS_CHANGE).contains(data.village.code):
        errors.add("village", VILLAGE_OUT_OF_SCOPE)
    if not _clean(data.what, 300):
        errors.add("what", WHAT_REQUIRED)
    if data.amount is not None:
        if data.amount < 0:
            errors.add("amount", AMOUNT_NEGATIVE)
        elif data.amount > MAX_AMOUNT:
            errors.add("amount", AMOUNT_TOO_BIG)
    if data.until is not None and data.until < data.since:
        errors.add("until", DATES_ORDER)
    if data.since < programme.starts_on or (programme.ends_on is not None and data.since > programme.ends_on):
        errors.add("since", SUPPORT_OUTSIDE_PROGRAMME)
    # Lock the programme so that two clerks cannot record the same support at once.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    if VillageSupport.objects.filter(programme=programme, village=data.village, since=data.since).exists():
        errors.add("since", SUPPORT_TWICE)
    errors.raise_any()
    return VillageSupport.objects.create(
        programme=programme,
        village=data.village,
        since=data.since,
        until=data.until,
        what=_clean(data.what, 300),
        amount=data.amount,
        created_by=actor,
        is_demo=is_demo,
    )


# --- Referrals ------------------------------------------------------------------------------------


@dataclass
class ReferralData:
    person: Person
    programme: Programme
    referred_on: datetime.date
    reason: str


def _may_refer(actor: Any, village_code: str) -> bool:
    """Only someone whose area covers the person's village refers them (and may see them)."""
    return scope_for(actor, Perm.REFERRALS_CHANGE).contains(village_code) and scope_for(
        actor, Perm.PEOPLE_VIEW
    ).contains(village_code)


@transaction.atomic
def referral_create(*, data: ReferralData, actor: Any, is_demo: bool = False) -> Referral:
    errors = FieldErrors()
    # Lock the person: two facilitators referring the same person at once make one referral.
    person = Person.objects.select_for_update().get(pk=data.person.pk)
    village = person.domicile_village_id
    if not _may_refer(actor, village):
        errors.add("person", PERSON_OUT_OF_SCOPE)
    if not data.programme.is_active:
        errors.add("programme", PROGRAMME_INACTIVE)
    if data.referred_on > timezone.localdate():
        errors.add("referred_on", DATE_IN_FUTURE)
    if before_programme(data.referred_on):
        errors.add("referred_on", BEFORE_PROGRAMME, {"year": PROGRAMME_START.year})
    reason = data.reason.strip()[:1000]
    if not reason:
        errors.add("reason", REASON_REQUIRED)
    if Referral.objects.filter(person=person, programme=data.programme, status__in=OPEN_STATUSES).exists():
        errors.add("programme", ALREADY_REFERRED)
    errors.raise_any()
    referral = Referral.objects.create(
        person=person,
        programme=data.programme,
        village_id=village,
        referred_on=data.referred_on,
        reason=reason,
        status=ReferralStatus.REFERRED,
        status_on=data.referred_on,
        created_by=actor,
        is_demo=is_demo,
    )
    ReferralEvent.objects.create(referral=referral, on=data.referred_on, actor=actor, to_status=referral.status)
    audit_record(
        actor=actor,
        event=AuditEvent.REFERRAL_CREATED,
        subject=referral,
        region_code=village,
        label=data.programme.name,
        changes={
            "person": [None, str(person.pk)],
            "programme": [None, str(data.programme.pk)],
            "status": [None, referral.status],
        },
    )
    return referral


@transaction.atomic
def referral_set_status(
    *, referral: Referral, status: str, actor: Any, on: datetime.date | None = None, note: str = ""
) -> Referral:
    """Move a referral along: referred → taken up → completed, or referred → declined / no-show."""
    locked = Referral.objects.select_for_update().select_related("programme").get(pk=referral.pk)
    errors = FieldErrors()
    if not _may_refer(actor, locked.village_id):
        errors.add("status", PERSON_OUT_OF_SCOPE)
    on = on or timezone.localdate()
    if status not in TRANSITIONS.get(locked.status, frozenset()):
        current = ReferralStatus(locked.status).label
        new = ReferralStatus(status).label if status in ReferralStatus.values else status
        errors.add("status", STATUS_NOT_ALLOWED, {"current": current, "new": new})
    if on > timezone.localdate():
        errors.add("on", DATE_IN_FUTURE)
    elif on < locked.status_on:
        errors.add("on", STATUS_BEFORE_REFERRAL)
    errors.raise_any()
    old = locked.status
    locked.status, locked.status_on = status, on
    locked.save(update_fields=["status", "status_on", "updated_at"])
    ReferralEvent.objects.create(
        referral=locked, on=on, actor=actor, from_status=old, to_status=status, note=_clean(note, 300)
    )
    audit_record(
        actor=actor,
        event=AuditEvent.REFERRAL_UPDATED,
        subject=locked,
        region_code=locked.village_id,
        label=locked.programme.name,
        changes={"status": [old, status]},
    )
    return locked
