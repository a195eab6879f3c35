"""Writes to the people registry. Each service is one transaction and writes its audit row."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record, diff
from desmigratif.lib import nik as nik_lib
from desmigratif.lib.masking import mask_name
from desmigratif.lib.phone import PhoneError, normalise_phone
from desmigratif.people.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    FamilyRelation,
    Household,
    HouseholdMember,
    MigrantFamilyLink,
    Person,
    Relationship,
)
from desmigratif.regions.models import District, Village

ADULT_AGE = 18  # UU 35/2014 on child protection; UU PDP Pasal 25 sets no age of its own.

NIK_TAKEN = _("A person with this NIK is already registered.")
VILLAGE_OUT_OF_SCOPE = _("Choose a village within your area.")
VILLAGE_UNKNOWN = _("This village is not in the region list.")
BIRTH_DATE_FUTURE = _("The birth date cannot be in the future.")
CONSENT_REQUIRED = _("The person's consent to registration must be recorded before saving.")
GUARDIAN_REQUIRED = _("This person is under 18: the consent must be given by a parent or guardian, named here.")
NO_CONSENT_TEXT = _("No consent text exists for this purpose yet; ask the national staff to publish one.")
KK_INVALID = _("A KK number is exactly 16 digits.")
KK_TAKEN = _("A household with this KK number is already registered.")
ALREADY_IN_HOUSEHOLD = _("This person is already on a family card; remove them from it first.")
HEAD_EXISTS = _("This household already has a head.")
HEAD_NOT_REMOVABLE = _("The head of household cannot be taken off the family card.")
OTHER_VILLAGE_MEMBER = _("Only people living in the household's village can be added to it.")
LINK_SELF = _("A person cannot be linked to themselves.")
LINK_EXISTS = _("These two people are already linked.")
LINK_NOT_MIGRANT = _("The person linked to must be a migrant worker (prospective, abroad or returned).")
CONSENT_ALREADY_WITHDRAWN = _("This consent was already withdrawn.")

_MIGRANT_STATUSES = {"prospective", "abroad", "returnee"}


@dataclass
class PersonData:
    """The fields a person is registered or edited with, from a form or the API."""

    nik: str
    full_name: str
    sex: str
    birth_date: datetime.date
    domicile_village: str
    birth_place: str = ""
    phone: str = ""
    address: str = ""
    education: str = ""
    marital_status: str = ""
    migrant_status: str = "none"


@dataclass
class ConsentData:
    given: bool
    given_by: str = Consent.GivenBy.SELF
    guardian_name: str = ""
    guardian_relation: str = ""


@dataclass
class PersonResult:
    person: Person
    warnings: list[str] = field(default_factory=list)


AUDITED_FIELDS = [
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "phone",
    "domicile_village",
    "address",
    "education",
    "marital_status",
    "migrant_status",
]


def person_data_of(person: Person) -> PersonData:
    """The editable fields of a stored person, as the services take them."""
    return PersonData(
        nik=person.nik,
        full_name=person.full_name,
        sex=person.sex,
        birth_date=person.birth_date,
        domicile_village=person.domicile_village_id,
        birth_place=person.birth_place,
        phone=person.phone,
        address=person.address,
        education=person.education,
        marital_status=person.marital_status,
        migrant_status=person.migrant_status,
    )


def _snapshot(person: Person) -> dict[str, Any]:
    values = {name: getattr(person, name) for name in AUDITED_FIELDS if name != "domicile_village"}
    values["domicile_village"] = person.domicile_village_id
    return values


def _person_changes(before: dict[str, Any], after: dict[str, Any], *, minor: bool) -> dict[str, list[Any]]:
    """The audit diff of two snapshots; a child's name only as initials, like ``audit_label``.

    The diff is taken on the full values and the name masked afterwards, so that a change of a
    child's name that keeps the initials is still recorded as a change."""
    changes = diff(before, after)
    if minor and "full_name" in changes:
        changes["full_name"] = [None if v is None else mask_name(v) for v in changes["full_name"]]
    return changes


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: datetime.date) -> bool:
    return age_on(birth_date, timezone.localdate()) < ADULT_AGE


def audit_label(person: Person) -> str:
    """A person's label in the audit log: the name, but only the initials of a child's name
    (national staff read the audit log; children's data is specific data, UU 27/2022 Pasal 4)."""
    if is_minor(person.birth_date):
        return f"{mask_name(person.full_name)} #{person.pk}"
    return person.full_name


def _validate_person(*, data: PersonData, actor: Any, existing: Person | None) -> tuple[PersonData, list[str]]:
    """Domain checks shared by register and update. Returns normalised data and warnings."""
    errors: dict[str, list[Any]] = {}
    warnings: list[str] = []
    data.full_name = " ".join(data.full_name.split())
    try:
        parsed = nik_lib.parse(data.nik)
    except nik_lib.NikError as exc:
        errors.setdefault("nik", []).append(ValidationError(exc.message, params=exc.params))
        parsed = None
    if parsed is not None:
        data.nik = parsed.number
        if not parsed.matches_birth_date(data.birth_date):
            errors.setdefault("birth_date", []).append(
                ValidationError(
                    nik_lib.NIK_DATE_MISMATCH,
                    params={
                        "nik_date": parsed.encoded_date_display(),
                        "birth_date": f"{data.birth_date:%d-%m-%y}",
                    },
                )
            )
        if parsed.sex != data.sex:
            sex_label = {nik_lib.SEX_MALE: _("man"), nik_lib.SEX_FEMALE: _("woman")}
            errors.setdefault("sex", []).append(
                ValidationError(
                    nik_lib.NIK_SEX_MISMATCH,
                    params={
                        "nik_sex": str(sex_label[parsed.sex]),
                        "sex": str(sex_label.get(data.sex, data.sex)),
                    },
                )
            )
        duplicate = Person.objects.filter(nik=parsed.number)
        if existing is not None:
            duplicate = duplicate.exclude(pk=existing.pk)
        if duplicate.exists():
            errors.setdefault("nik", []).append(ValidationError(NIK_TAKEN))
        if not District.objects.filter(code=parsed.district_code).exists():
            warnings.append(str(nik_lib.NIK_UNKNOWN_REGION % {"code": parsed.district_code}))
    if data.birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(ValidationError(BIRTH_DATE_FUTURE))
    try:
        data.phone = normalise_phone(data.phone)
    except PhoneError as exc:
        errors.setdefault("phone", []).append(ValidationError(str(exc)))
    village_changed = existing is None or existing.domicile_village_id != data.domicile_village
    if village_changed:
        # A village a newer region edition retired takes no new residents; existing ones keep it.
        if not Village.objects.filter(code=data.domicile_village, is_active=True).exists():
            errors.setdefault("domicile_village", []).append(ValidationError(VILLAGE_UNKNOWN))
        elif not scope_for(actor, Perm.PEOPLE_CHANGE).contains(data.domicile_village):
            errors.setdefault("domicile_village", []).append(ValidationError(VILLAGE_OUT_OF_SCOPE))
    if errors:
        raise ValidationError(errors)
    return data, warnings


def _current_consent_text(purpose: str) -> ConsentText:
    text = (
        ConsentText.objects.filter(purpose=purpose, valid_from__lte=timezone.localdate()).order_by("-version").first()
    )
    if text is None:
        raise ValidationError(NO_CONSENT_TEXT)
    return text


def _check_consent(consent: ConsentData, birth_date: datetime.date) -> None:
    if not consent.given:
        raise ValidationError({"consent": [ValidationError(CONSENT_REQUIRED)]})
    if is_minor(birth_date) and (consent.given_by != Consent.GivenBy.GUARDIAN or not consent.guardian_name.strip()):
        raise ValidationError({"guardian_name": [ValidationError(GUARDIAN_REQUIRED)]})
    if consent.given_by == Consent.GivenBy.GUARDIAN and not consent.guardian_name.strip():
        raise ValidationError({"guardian_name": [ValidationError(GUARDIAN_REQUIRED)]})


@transaction.atomic
def person_register(
    *, data: PersonData, consent: ConsentData, actor: Any, via: str = "web", is_demo: bool = False
) -> PersonResult:
    """Register a person with their consent to registration (UU 27/2022), audited."""
    data, warnings = _validate_person(data=data, actor=actor, existing=None)
    _check_consent(consent, data.birth_date)
    text = _current_consent_text(ConsentPurpose.REGISTRY)
    values = asdict(data)
    village = values.pop("domicile_village")
    person = Person(
        **values,
        domicile_village_id=village,
        nik_region_unknown=bool(warnings),
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            person.save(force_insert=True)
    except IntegrityError as exc:
        # Two registrations of one NIK racing each other: the unique constraint decides.
        raise ValidationError({"nik": [ValidationError(NIK_TAKEN)]}) from exc
    _consent_create(person=person, text=text, consent=consent, actor=actor, via=via)
    audit_record(
        actor=actor,
        event=AuditEvent.PERSON_CREATED,
        subject=person,
        region_code=village,
        changes=_person_changes({}, _snapshot(person), minor=is_minor(person.birth_date)),
        label=audit_label(person),
        via=via,
    )
    return PersonResult(person=person, warnings=warnings)


@transaction.atomic
def person_update(*, person: Person, data: PersonData, actor: Any, via: str = "web") -> PersonResult:
    """Change a person's record. The caller has checked write access with the access helper."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    before = _snapshot(locked)
    data, warnings = _validate_person(data=data, actor=actor, existing=locked)
    values = asdict(data)
    values["domicile_village_id"] = values.pop("domicile_village")
    for name, value in values.items():
        setattr(locked, name, value)
    locked.nik_region_unknown = bool(warnings)
    changed_fields = [n for n in (*values.keys(), "nik_region_unknown")]
    try:
        with transaction.atomic():
            locked.save(update_fields=[*changed_fields, "updated_at"])
    except IntegrityError as exc:
        raise ValidationError({"nik": [ValidationError(NIK_TAKEN)]}) from exc
    # A child on either side of the change (the birth date itself may have changed) hides the name.
    minor = is_minor(before["birth_date"]) or is_minor(locked.birth_date)
    changes = _person_changes(before, _snapshot(locked), minor=minor)
    if changes:
        audit_record(
            actor=actor,
            event=AuditEvent.PERSON_UPDATED,
            subject=locked,
            region_code=locked.domicile_village_id,
            changes=changes,
            label=audit_label(locked),
            via=via,
        )
    return PersonResult(person=locked, warnings=warnings)


@transaction.atomic
def person_reveal_nik(*, person: Person, actor: Any, via: str = "web") -> str:
    """Return the full NIK and record that this actor read it."""
    audit_record(
        actor=actor,
        event=AuditEvent.PERSON_NIK_REVEALED,
        subject=person,
        region_code=person.domicile_village_id,
        label=audit_label(person),
        via=via,
    )
    return person.nik


def _consent_create(*, person: Person, text: ConsentText, consent: ConsentData, actor: Any, via: str) -> Consent:
    record = Consent.objects.create(
        person=person,
        text=text,
        given_by=consent.given_by,
        guardian_name=consent.guardian_name.strip(),
        guardian_relation=consent.guardian_relation.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        event=AuditEvent.CONSENT_RECORDED,
        subject=person,
        region_code=person.domicile_village_id,
        changes={
            "purpose": [None, text.purpose],
            "version": [None, text.version],
            "given_by": [None, consent.given_by],
        },
        label=audit_label(person),
        via=via,
    )
    return record


@transaction.atomic
def consent_record(*, person: Person, purpose: str, consent: ConsentData, actor: Any, via: str = "web") -> Consent:
    """Record a person's consent for a purpose, against the current version of its text."""
    _check_consent(consent, person.birth_date)
    return _consent_create(person=person, text=_current_consent_text(purpose), consent=consent, actor=actor, via=via)


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: Any, via: str = "web") -> Consent:
    locked = Consent.objects.select_for_update().select_related("person", "text").get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(CONSENT_ALREADY_WITHDRAWN)
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=actor,
        event=AuditEvent.CONSENT_WITHDRAWN,
        subject=locked.person,
        region_code=locked.person.domicile_village_id,
        changes={"purpose": [locked.text.purpose, locked.text.purpose]},
        label=audit_label(locked.person),
        via=via,
    )
    return locked


@transaction.atomic
def household_create(
    *,
    kk_number: str,
    village: str,
    address: str,
    head: Person,
    actor: Any,
    via: str = "web",
    is_demo: bool = False,
) -> Household:
    """Register a family card with its head, who must live in that village."""
    kk = nik_lib.normalise(kk_number)
    if not (kk.isdigit() and len(kk) == nik_lib.NIK_LENGTH):
        raise ValidationError({"kk_number": [ValidationError(KK_INVALID)]})
    if not scope_for(actor, Perm.PEOPLE_CHANGE).contains(village):
        raise ValidationError({"village": [ValidationError(VILLAGE_OUT_OF_SCOPE)]})
    if Household.objects.filter(kk_number=kk).exists():
        raise ValidationError({"kk_number": [ValidationError(KK_TAKEN)]})
    household = Household.objects.create(kk_number=kk, village_id=village, address=address.strip(), is_demo=is_demo)
    audit_record(
        actor=actor,
        event=AuditEvent.HOUSEHOLD_CREATED,
        subject=household,
        region_code=village,
        changes=diff({}, {"kk_number": kk}),
        via=via,
    )
    household_add_member(household=household, person=head, relationship=Relationship.HEAD, actor=actor, via=via)
    return household


@transaction.atomic
def household_add_member(
    *, household: Household, person: Person, relationship: str, actor: Any, via: str = "web"
) -> HouseholdMember:
    if person.domicile_village_id != household.village_id:
        raise ValidationError({"person": [ValidationError(OTHER_VILLAGE_MEMBER)]})
    if HouseholdMember.objects.filter(person=person).exists():
        raise ValidationError({"person": [ValidationError(ALREADY_IN_HOUSEHOLD)]})
    if relationship == Relationship.HEAD and household.members.filter(relationship=Relationship.HEAD).exists():
        raise ValidationError({"relationship": [ValidationError(HEAD_EXISTS)]})
    try:
        with transaction.atomic():
            member = HouseholdMember.objects.create(household=household, person=person, relationship=relationship)
    except IntegrityError as exc:
        raise ValidationError({"person": [ValidationError(ALREADY_IN_HOUSEHOLD)]}) from exc
    audit_record(
        actor=actor,
        event=AuditEvent.HOUSEHOLD_MEMBER_ADDED,
        subject=person,
        region_code=household.village_id,
        changes={
            "household": [None, household.kk_number[:4] + "…"],
            "relationship": [None, relationship],
        },
        label=audit_label(person),
        via=via,
    )
    return member


@transaction.atomic
def household_remove_member(*, member: HouseholdMember, actor: Any, via: str = "web") -> None:
    """Take a person off a family card (moved out, married into another KK, died)."""
    if member.relationship == Relationship.HEAD:
        raise ValidationError(HEAD_NOT_REMOVABLE)
    person = member.person
    region = member.household.village_id
    relationship = member.relationship
    member.delete()
    audit_record(
        actor=actor,
        event=AuditEvent.HOUSEHOLD_MEMBER_REMOVED,
        subject=person,
        region_code=region,
        changes={"relationship": [relationship, None]},
        label=audit_label(person),
        via=via,
    )


@transaction.atomic
def family_link_add(
    *, family_member: Person, migrant: Person, relation: str, actor: Any, via: str = "web"
) -> MigrantFamilyLink:
    """Record that ``family_member`` is family of migrant worker ``migrant``."""
    if family_member.pk == migrant.pk:
        raise ValidationError({"migrant": [ValidationError(LINK_SELF)]})
    if migrant.migrant_status not in _MIGRANT_STATUSES:
        raise ValidationError({"migrant": [ValidationError(LINK_NOT_MIGRANT)]})
    if relation not in FamilyRelation.values:
        raise ValidationError({"relation": [ValidationError(_("Choose a relation."))]})
    if MigrantFamilyLink.objects.filter(family_member=family_member, migrant=migrant).exists():
        raise ValidationError({"migrant": [ValidationError(LINK_EXISTS)]})
    link = MigrantFamilyLink.objects.create(family_member=family_member, migrant=migrant, relation=relation)
    audit_record(
        actor=actor,
        event=AuditEvent.FAMILY_LINK_ADDED,
        subject=family_member,
        region_code=family_member.domicile_village_id,
        changes={"migrant": [None, str(migrant.pk)], "relation": [None, relation]},
        label=audit_label(family_member),
        via=via,
    )
    return link


def today() -> datetime.date:
    return timezone.localdate()


def current_consent_text_or_none(purpose: str) -> ConsentText | None:
    try:
        return _current_consent_text(purpose)
    except ValidationError:
        return None


def current_consent_texts() -> list[ConsentText]:
    return [t for p in ConsentPurpose.values if (t := current_consent_text_or_none(p)) is not None]
