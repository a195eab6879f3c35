"""Writes of the learning-house pillar. Each service is one transaction that checks every rule
before it writes anything (nothing is half-saved), and writes its audit row.

Children's data is specific personal data (UU 27/2022 Pasal 4); processing it needs the consent of
a parent or guardian (Pasal 25). Audit rows about a child carry a masked label, never the name:
national staff read the audit log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_reads, audit_record, diff
from desmigratif.core.errors import FieldErrors
from desmigratif.core.programme import BEFORE_PROGRAMME, PROGRAMME_START, before_programme
from desmigratif.learning.models import (
    Attendance,
    CaregiverRelation,
    Child,
    ChildParent,
    Concern,
    ConcernCategory,
    ConcernStatus,
    LearningHouse,
    SchoolLevel,
    SchoolStatus,
    Session,
    SessionKind,
    Volunteer,
)
from desmigratif.lib.masking import mask_name
from desmigratif.people import services as people
from desmigratif.people.models import Consent, ConsentPurpose, FamilyRelation, MigrantFamilyLink, MigrantStatus, Person
from desmigratif.regions.models import Village

HOUSE_OUT_OF_SCOPE = _("Choose a village within your area.")
HOUSE_EXISTS = _("This village already has a learning house.")
NAME_REQUIRED = _("Enter a name.")
PLACE_REQUIRED = _("Enter the place.")
SCHEDULE_REQUIRED = _("Enter the schedule.")
PERSON_OUT_OF_SCOPE = _("This person lives outside your area.")
VOLUNTEER_MINOR = _("A volunteer must be 18 or older.")
VOLUNTEER_TWICE = _("This person is already a volunteer of the learning house.")
CHILD_OTHER_VILLAGE = _("The child must live in the learning house's village.")
CHILD_NOT_MINOR = _("A child in the learning house must be under 18 years old.")
CHILD_TWICE = _("This child is already registered in a learning house.")
CAREGIVER_IS_CHILD = _("The caregiver cannot be the child.")
CAREGIVER_MINOR = _("The caregiver must be 18 or older.")
CAREGIVER_ABROAD = _("The caregiver looks after the child at home; a parent working abroad cannot be the caregiver.")
CAREGIVER_RELATION_UNKNOWN = _("Choose the caregiver's relation to the child.")
PARENTS_REQUIRED = _("Choose at least one parent working abroad.")
PARENT_IS_CHILD = _("The child cannot be their own parent.")
PARENT_NOT_MIGRANT = _(
    "%(name)s is not registered as a migrant worker abroad; only a parent working abroad can be linked."
)
SCHOOL_LEVEL_UNKNOWN = _("Choose a school level.")
SCHOOL_STATUS_UNKNOWN = _("Choose a school status.")
CONSENT_REQUIRED = _(
    "The consent of a parent or guardian to the learning house must be recorded before the child can be saved "
    "(UU 27/2022 Pasal 25)."
)
LEFT_BEFORE_REGISTERED = _("The child cannot leave before the day of registration.")
LEFT_IN_FUTURE = _("The day the child left cannot be in the future.")
ALREADY_LEFT = _("This child has already left the learning house.")
KIND_UNKNOWN = _("Choose the kind of session.")
TOPIC_REQUIRED = _("Enter the topic.")
SESSION_IN_FUTURE = _("A session can be recorded only on or after the day it is held.")
LEADER_NOT_VOLUNTEER = _("The session must be led by a facilitator or volunteer of this learning house.")
CHILDREN_ONLY = _("Only children registered in this learning house can attend a learning session.")
CAREGIVERS_ONLY = _(
    "Only caregivers of children registered in this learning house can attend a community-parenting session."
)
CATEGORY_UNKNOWN = _("Choose a category.")
NOTE_REQUIRED = _("Write what the child needs help with.")
CONCERNS_OUT_OF_SCOPE = _("You may not record concerns about children of this village.")
STATUS_UNKNOWN = _("Choose a status.")
REFERRAL_REQUIRED = _("Enter where the child was referred.")
REFERRED_IN_FUTURE = _("The referral date cannot be in the future.")


def _clean(value: str, length: int) -> str:
    return " ".join(value.split())[:length]


def child_label(child: Child) -> str:
    """The audit label of a child: the initials and the record id, never the name."""
    return f"{mask_name(child.person.full_name)} #{child.pk}"


def _can_change(actor: Any, village_code: str) -> bool:
    return scope_for(actor, Perm.LEARNING_CHANGE).contains(village_code)


def _person_visible(actor: Any, person: Person) -> bool:
    return scope_for(actor, Perm.PEOPLE_VIEW).contains(person.domicile_village_id)


# --- Learning houses ------------------------------------------------------------------------------


@dataclass
class HouseData:
    village: Village
    name: str
    place: str
    schedule: str


def _check_house(errors: FieldErrors, data: HouseData, actor: Any) -> None:
    if not _can_change(actor, data.village.code):
        errors.add("village", HOUSE_OUT_OF_SCOPE)
    if not data.name.strip():
        errors.add("name", NAME_REQUIRED)
    if not data.place.strip():
        errors.add("place", PLACE_REQUIRED)
    if not data.schedule.strip():
        errors.add("schedule", SCHEDULE_REQUIRED)


@transaction.atomic
def house_create(*, data: HouseData, actor: Any, is_demo: bool = False) -> LearningHouse:
    errors = FieldErrors()
    _check_house(errors, data, actor)
    if LearningHouse.objects.filter(village=data.village).exists():
        errors.add("village", HOUSE_EXISTS)
    errors.raise_any()
    try:
        with transaction.atomic():
            return LearningHouse.objects.create(
                village=data.village,
                name=_clean(data.name, 150),
                place=_clean(data.place, 200),
                schedule=_clean(data.schedule, 200),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                is_demo=is_demo,
            )
    except IntegrityError:
        raise ValidationError({"village": [ValidationError(HOUSE_EXISTS)]}) from None


@transaction.atomic
def house_update(*, house: LearningHouse, name: str, place: str, schedule: str, actor: Any) -> LearningHouse:
    locked = LearningHouse.objects.select_for_update().get(pk=house.pk)
    errors = FieldErrors()
    _check_house(errors, HouseData(village=house.village, name=name, place=place, schedule=schedule), actor)
    errors.raise_any()
    locked.name, locked.place, locked.schedule = _clean(name, 150), _clean(place, 200), _clean(schedule, 200)
    locked.save(update_fields=["name", "place", "schedule"])
    return locked


@transaction.atomic
def volunteer_add(*, house: LearningHouse, person: Person, actor: Any) -> Volunteer:
    if not _can_change(actor, house.village_id) or not _person_visible(actor, person):
        raise ValidationError({"person": [ValidationError(PERSON_OUT_OF_SCOPE)]})
    if people.is_minor(person.birth_date):
        raise ValidationError({"person": [ValidationError(VOLUNTEER_MINOR)]})
    try:
        with transaction.atomic():
            return Volunteer.objects.create(house=house, person=person)
    except IntegrityError:
        raise ValidationError({"person": [ValidationError(VOLUNTEER_TWICE)]}) from None


# --- Children -------------------------------------------------------------------------------------


@dataclass
class ChildData:
    person: Person
    caregiver: Person
    caregiver_relation: str
    parents: list[Person] = field(default_factory=list)
    school_level: str = SchoolLevel.SD
    school_status: str = SchoolStatus.ENROLLED


def _check_caregiver_and_school(errors: FieldErrors, data: ChildData, actor: Any) -> None:
    if data.caregiver.pk == data.person.pk:
        errors.add("caregiver", CAREGIVER_IS_CHILD)
    elif not _person_visible(actor, data.caregiver):
        errors.add("caregiver", PERSON_OUT_OF_SCOPE)
    elif people.is_minor(data.caregiver.birth_date):
        errors.add("caregiver", CAREGIVER_MINOR)
    elif data.caregiver.migrant_status == MigrantStatus.ABROAD:
        errors.add("caregiver", CAREGIVER_ABROAD)
    if data.caregiver_relation not in CaregiverRelation.values:
        errors.add("caregiver_relation", CAREGIVER_RELATION_UNKNOWN)
    if data.school_level not in SchoolLevel.values:
        errors.add("school_level", SCHOOL_LEVEL_UNKNOWN)
    if data.school_status not in SchoolStatus.values:
        errors.add("school_status", SCHOOL_STATUS_UNKNOWN)


def _check_parents(errors: FieldErrors, data: ChildData, actor: Any, *, already: set[int]) -> None:
    """Every parent newly linked must be a migrant worker abroad whom the actor may see; links kept
    from before stay even when the parent has since come home."""
    if not data.parents:
        errors.add("parents", PARENTS_REQUIRED)
    for parent in data.parents:
        if parent.pk == data.person.pk:
            errors.add("parents", PARENT_IS_CHILD)
        elif not _person_visible(actor, parent):
            errors.add("parents", PERSON_OUT_OF_SCOPE)
        elif parent.pk not in already and parent.migrant_status != MigrantStatus.ABROAD:
            errors.add("parents", PARENT_NOT_MIGRANT, {"name": parent.full_name})


def _guardian_consent(person: Person) -> Consent | None:
    """The child's standing consent to the learning house, given by a parent or guardian."""
    return (
        Consent.objects.filter(
            person=person,
            text__purpose=ConsentPurpose.LEARNING_HOUSE,
            given_by=Consent.GivenBy.GUARDIAN,
            withdrawn_at__isnull=True,
        )
        .order_by("-given_at", "-id")
        .first()
    )


def _link_parents(child: Child, parents: Iterable[Person], actor: Any, via: str) -> None:
    """Keep the people registry's "family of migrant worker" links in step with the child's parents."""
    linked = set(MigrantFamilyLink.objects.filter(family_member=child.person).values_list("migrant_id", flat=True))
    for parent in parents:
        if parent.pk not in linked:
            people.family_link_add(
                family_member=child.person, migrant=parent, relation=FamilyRelation.CHILD, actor=actor, via=via
            )


@transaction.atomic
def child_register(
    *,
    house: LearningHouse,
    data: ChildData,
    consent: people.ConsentData | None,
    actor: Any,
    via: str = "web",
    is_demo: bool = False,
    registered_on: datetime.date | None = None,
) -> Child:
    """Register a child in a learning house, with the guardian's consent (given now, or on record).

    Every rule is checked before anything is written; the consent, the child, the parent links and
    the audit row are then one transaction.
    """
    errors = FieldErrors()
    person = data.person
    if not _can_change(actor, house.village_id):
        errors.add("house", HOUSE_OUT_OF_SCOPE)
    if person.domicile_village_id != house.village_id:
        errors.add("person", CHILD_OTHER_VILLAGE)
    elif not people.is_minor(person.birth_date):
        errors.add("person", CHILD_NOT_MINOR)
    elif Child.objects.filter(person=person).exists():
        errors.add("person", CHILD_TWICE)
    _check_caregiver_and_school(errors, data, actor)
    _check_parents(errors, data, actor, already=set())
    existing = _guardian_consent(person)
    given = consent is not None and consent.given
    if given:
        assert consent is not None
        # A child's consent is a guardian's (people.services checks the guardian is named).
        consent.given_by = Consent.GivenBy.GUARDIAN
        if not consent.guardian_name.strip():
            errors.add("guardian_name", people.GUARDIAN_REQUIRED)
    elif existing is None:
        errors.add("consent", CONSENT_REQUIRED)
    errors.raise_any()
    if given:
        assert consent is not None
        record = people.consent_record(
            person=person, purpose=ConsentPurpose.LEARNING_HOUSE, consent=consent, actor=actor, via=via
        )
    else:
        assert existing is not None
        record = existing
    try:
        with transaction.atomic():
            child = Child.objects.create(
                village_id=house.village_id,
                house=house,
                person=person,
                caregiver=data.caregiver,
                caregiver_relation=data.caregiver_relation,
                school_level=data.school_level,
                school_status=data.school_status,
                consent=record,
                registered_on=registered_on or timezone.localdate(),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                is_demo=is_demo,
            )
    except IntegrityError:
        raise ValidationError({"person": [ValidationError(CHILD_TWICE)]}) from None
    parents = list({p.pk: p for p in data.parents}.values())
    ChildParent.objects.bulk_create([ChildParent(child=child, parent=p) for p in parents])
    _link_parents(child, parents, actor, via)
    audit_record(
        actor=actor,
        event=AuditEvent.CHILD_REGISTERED,
        subject=child,
        region_code=house.village_id,
        changes={
            "house": [None, str(house.pk)],
            "school_level": [None, data.school_level],
            "school_status": [None, data.school_status],
            "caregiver_relation": [None, data.caregiver_relation],
            "consent": [None, str(record.pk)],
        },
        label=child_label(child),
        via=via,
    )
    return child


@transaction.atomic
def child_update(*, child: Child, data: ChildData, actor: Any, via: str = "web") -> Child:
    """Change a child's caregiver, parents abroad and schooling (the child and the house stay)."""
    locked = Child.objects.select_for_update().select_related("person").get(pk=child.pk)
    data.person = locked.person
    errors = FieldErrors()
    if not _can_change(actor, locked.village_id):
        errors.add("house", HOUSE_OUT_OF_SCOPE)
    _check_caregiver_and_school(errors, data, actor)
    current = set(locked.parent_rows.values_list("parent_id", flat=True))
    _check_parents(errors, data, actor, already=current)
    errors.raise_any()
    before = {
        "caregiver": str(locked.caregiver_id),
        "caregiver_relation": locked.caregiver_relation,
        "school_level": locked.school_level,
        "school_status": locked.school_status,
        "parents": ",".join(str(p) for p in sorted(current)),
    }
    locked.caregiver, locked.caregiver_relation = data.caregiver, data.caregiver_relation
    locked.school_level, locked.school_status = data.school_level, data.school_status
    locked.save(update_fields=["caregiver", "caregiver_relation", "school_level", "school_status"])
    wanted = {p.pk for p in data.parents}
    locked.parent_rows.filter(parent_id__in=current - wanted).delete()
    ChildParent.objects.bulk_create([ChildParent(child=locked, parent_id=pk) for pk in sorted(wanted - current)])
    _link_parents(locked, [p for p in data.parents if p.pk not in current], actor, via)
    after = {
        "caregiver": str(locked.caregiver_id),
        "caregiver_relation": locked.caregiver_relation,
        "school_level": locked.school_level,
        "school_status": locked.school_status,
        "parents": ",".join(str(p) for p in sorted(wanted)),
    }
    changes = diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            event=AuditEvent.CHILD_UPDATED,
            subject=locked,
            region_code=locked.village_id,
            changes=changes,
            label=child_label(locked),
            via=via,
        )
    return locked


@transaction.atomic
def child_leave(*, child: Child, left_on: datetime.date, actor: Any, via: str = "web") -> Child:
    """Record that a child left the learning house (parent came home, moved, turned 18)."""
    locked = Child.objects.select_for_update().select_related("person").get(pk=child.pk)
    if not _can_change(actor, locked.village_id):
        raise ValidationError({"house": [ValidationError(HOUSE_OUT_OF_SCOPE)]})
    if locked.left_on is not None:
        raise ValidationError({"left_on": [ValidationError(ALREADY_LEFT)]})
    if left_on < locked.registered_on:
        raise ValidationError({"left_on": [ValidationError(LEFT_BEFORE_REGISTERED)]})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": [ValidationError(LEFT_IN_FUTURE)]})
    locked.left_on = left_on
    locked.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        event=AuditEvent.CHILD_UPDATED,
        subject=locked,
        region_code=locked.village_id,
        changes={"left_on": [None, left_on.isoformat()]},
        label=child_label(locked),
        via=via,
    )
    return locked


def children_audit_read(*, children: Iterable[Child], actor: Any, via: str = "web") -> None:
    """Record that ``actor`` read these children's records (one row each, in one insert)."""
    audit_reads(
        actor=actor,
        event=AuditEvent.CHILD_READ,
        subjects=[(c, c.village_id, child_label(c)) for c in children],
        via=via,
    )


# --- Sessions and attendance ----------------------------------------------------------------------


@dataclass
class SessionData:
    kind: str
    held_on: datetime.date
    topic: str
    led_by: Person
    notes: str = ""


@transaction.atomic
def session_create(*, house: LearningHouse, data: SessionData, actor: Any, is_demo: bool = False) -> Session:
    errors = FieldErrors()
    if not _can_change(actor, house.village_id):
        errors.add("house", HOUSE_OUT_OF_SCOPE)
    if data.kind not in SessionKind.values:
        errors.add("kind", KIND_UNKNOWN)
    if not data.topic.strip():
        errors.add("topic", TOPIC_REQUIRED)
    if data.held_on > timezone.localdate():
        errors.add("held_on", SESSION_IN_FUTURE)
    if before_programme(data.held_on):
        errors.add("held_on", BEFORE_PROGRAMME, {"year": PROGRAMME_START.year})
    if not Volunteer.objects.filter(house=house, person=data.led_by).exists():
        errors.add("led_by", LEADER_NOT_VOLUNTEER)
    errors.raise_any()
    return Session.objects.create(
        village_id=house.village_id,
        house=house,
        kind=data.kind,
        held_on=data.held_on,
        topic=_clean(data.topic, 200),
        led_by=data.led_by,
        notes=data.notes.strip()[:2000],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )


def enrolled_on(house: LearningHouse, day: datetime.date) -> QuerySet[Child]:
    """The children of the house registered on ``day`` (registered by then and not yet left)."""
    return Child.objects.filter(house=house, registered_on__lte=day).exclude(left_on__lt=day)


@transaction.atomic
def attendance_record(
    *,
    session: Session,
    children: Iterable[int] = (),
    caregivers: Iterable[int] = (),
    actor: Any,
    via: str = "web",
) -> list[Attendance]:
    """Set who attended a session: child ids for a learning session, caregiver person ids for a
    community-parenting session. Only registered participants of the house on that day qualify.
    A change of who attended is audited (record ids before and after)."""
    locked = Session.objects.select_for_update().select_related("house").get(pk=session.pk)
    if not _can_change(actor, locked.village_id):
        raise ValidationError({"house": [ValidationError(HOUSE_OUT_OF_SCOPE)]})
    child_ids, caregiver_ids = set(children), set(caregivers)
    enrolled = enrolled_on(locked.house, locked.held_on)
    if locked.kind == SessionKind.LEARNING:
        allowed = set(enrolled.filter(pk__in=child_ids).values_list("pk", flat=True))
        if caregiver_ids or child_ids - allowed:
            raise ValidationError({"attendees": [ValidationError(CHILDREN_ONLY)]})
    else:
        allowed = set(enrolled.filter(caregiver_id__in=caregiver_ids).values_list("caregiver_id", flat=True))
        if child_ids or caregiver_ids - allowed:
            raise ValidationError({"attendees": [ValidationError(CAREGIVERS_ONLY)]})
    before = _attendees(locked)
    locked.attendances.all().delete()
    user = actor if getattr(actor, "is_authenticated", False) else None
    rows = Attendance.objects.bulk_create(
        [Attendance(session=locked, child_id=pk, recorded_by=user) for pk in sorted(child_ids)]
        + [Attendance(session=locked, caregiver_id=pk, recorded_by=user) for pk in sorted(caregiver_ids)]
    )
    after = {"children": _ids(child_ids), "caregivers": _ids(caregiver_ids)}
    changes = diff(before, after)
    if changes:
        # Record ids only: the label names the house and the day, never a child.
        audit_record(
            actor=actor,
            event=AuditEvent.ATTENDANCE_RECORDED,
            subject=locked,
            region_code=locked.village_id,
            changes=changes,
            label=f"{locked.house.name}, {locked.held_on.isoformat()}",
            via=via,
        )
    return rows


def _ids(values: Iterable[int | None]) -> str:
    return ",".join(str(v) for v in sorted(v for v in values if v is not None))


def _attendees(session: Session) -> dict[str, str]:
    """Who is recorded as attending a session: child ids and caregiver person ids, as audit values."""
    pairs = list(session.attendances.values_list("child_id", "caregiver_id"))
    return {"children": _ids(c for c, _p in pairs), "caregivers": _ids(p for _c, p in pairs)}


# --- Concerns -------------------------------------------------------------------------------------


def _concern_audit(concern: Concern, child: Child, actor: Any, event: str, changes: dict[str, Any], via: str) -> None:
    audit_record(
        actor=actor,
        event=event,
        subject=concern,
        region_code=child.village_id,
        changes=changes,
        label=child_label(child),
        via=via,
    )


@transaction.atomic
def concern_create(*, child: Child, category: str, note: str, actor: Any, via: str = "web") -> Concern:
    errors = FieldErrors()
    if not scope_for(actor, Perm.CHILD_CONCERNS).contains(child.village_id):
        errors.add("child", CONCERNS_OUT_OF_SCOPE)
    if category not in ConcernCategory.values:
        errors.add("category", CATEGORY_UNKNOWN)
    if not note.strip():
        errors.add("note", NOTE_REQUIRED)
    errors.raise_any()
    concern = Concern.objects.create(
        child=child,
        category=category,
        note=note.strip()[:4000],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The note itself stays out of the log: the log records that a concern exists, not what it says.
    _concern_audit(concern, child, actor, AuditEvent.CONCERN_CREATED, {"category": [None, category]}, via)
    return concern


@transaction.atomic
def concern_update(
    *,
    concern: Concern,
    status: str,
    referred_to: str,
    referred_on: datetime.date | None,
    actor: Any,
    via: str = "web",
) -> Concern:
    """Refer a concern somewhere, close it, or reopen it."""
    locked = Concern.objects.select_for_update().select_related("child__person").get(pk=concern.pk)
    errors = FieldErrors()
    if not scope_for(actor, Perm.CHILD_CONCERNS).contains(locked.child.village_id):
        errors.add("child", CONCERNS_OUT_OF_SCOPE)
    if status not in ConcernStatus.values:
        errors.add("status", STATUS_UNKNOWN)
    where = _clean(referred_to, 200)
    if status == ConcernStatus.REFERRED and not where:
        errors.add("referred_to", REFERRAL_REQUIRED)
    if referred_on is not None and referred_on > timezone.localdate():
        errors.add("referred_on", REFERRED_IN_FUTURE)
    if referred_on is not None and before_programme(referred_on):
        errors.add("referred_on", BEFORE_PROGRAMME, {"year": PROGRAMME_START.year})
    errors.raise_any()
    if status == ConcernStatus.REFERRED and referred_on is None:
        referred_on = timezone.localdate()
    before = {"status": locked.status, "referred_to": locked.referred_to, "referred_on": str(locked.referred_on or "")}
    locked.status, locked.referred_to, locked.referred_on = status, where, referred_on
    locked.save(update_fields=["status", "referred_to", "referred_on", "updated_at"])
    after = {"status": locked.status, "referred_to": locked.referred_to, "referred_on": str(locked.referred_on or "")}
    changes = diff(before, after)
    _concern_audit(locked, locked.child, actor, AuditEvent.CONCERN_UPDATED, changes, via)
    return locked


def concern_audit_read(*, concern: Concern, actor: Any, via: str = "web") -> None:
    """Record that ``actor`` read a concern note (called by the reading selector)."""
    _concern_audit(concern, concern.child, actor, AuditEvent.CONCERN_READ, {}, via)
