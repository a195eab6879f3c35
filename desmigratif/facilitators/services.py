"""Writes of the facilitators area. Each service is one transaction; the rules live here, forms and
API schemas check only shape."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desmigratif.accounts.models import RoleAssignment, User
from desmigratif.accounts.roles import Perm, Role
from desmigratif.accounts.scope import scope_for
from desmigratif.accounts.services import role_assign
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.services import audit_record
from desmigratif.core.errors import FieldErrors
from desmigratif.core.programme import BEFORE_PROGRAMME, PROGRAMME_START, before_programme
from desmigratif.facilitators import report, selectors
from desmigratif.facilitators.models import (
    OPEN_STATUSES,
    Appointment,
    DeliberationChoice,
    MonthlyReport,
    ReportStatus,
    ReportTransition,
    VillageDeliberation,
    Visit,
    VisitKind,
    VisitPerson,
)
from desmigratif.lib.months import month_end
from desmigratif.migration.services import check_upload
from desmigratif.people.models import Person
from desmigratif.regions.models import Village

VILLAGE_OUT_OF_SCOPE = _("This village is outside your area.")
HELD_IN_FUTURE = _("The deliberation cannot be in the future.")
ATTENDEES_REQUIRED = _("Enter how many people attended (at least one).")
MINUTES_REQUIRED = _("Enter the reference of the minutes (berita acara).")
CHOSEN_REQUIRED = _("Choose the persons the deliberation chose.")
CHOSEN_TOO_MANY = ngettext_lazy(
    "A deliberation chooses at most %(count)s facilitator.",
    "A deliberation chooses at most %(count)s facilitators.",
    "count",
)
NO_QUOTA = _("No rule on the number of facilitators per village is in force; national staff set one under Rules.")
CHOSEN_NOT_DOMICILED = _("%(name)s does not live in this village; a facilitator must live in the village.")
NOT_CHOSEN = _("This person was not chosen by this deliberation.")
NOT_DOMICILED = _("This person does not live in the village; a facilitator must live in the village.")
ALREADY_ACTIVE = _("This person is already an active facilitator.")
VILLAGE_FULL = ngettext_lazy(
    "This village already has %(count)s active facilitator; end the appointment first, or replace it.",
    "This village already has %(count)s active facilitators; end one appointment first, or replace one.",
    "count",
)
START_BEFORE_DELIBERATION = _("An appointment cannot start before the deliberation that chose the facilitator.")
START_IN_FUTURE = _("The start date cannot be more than 31 days ahead.")
REPLACES_OTHER_VILLAGE = _("Only a facilitator of the same village can be replaced.")
REPLACEMENT_IN_FUTURE = _(
    "A replacement cannot start in the future: the replaced facilitator would stop at once, and the village "
    "would have no working facilitator until then."
)
REPLACEMENT_BEFORE_OLD_START = _("A replacement must start after the appointment it replaces started.")
NOT_ACTIVE = _("This appointment has already ended.")
END_BEFORE_START = _("An appointment cannot end before it started.")
END_IN_FUTURE = _("The end date cannot be in the future.")
END_REASON_REQUIRED = _("Give the reason the appointment ends.")
USERNAME_REQUIRED = _("Enter a username for the account.")
USERNAME_TAKEN = _("This username is already taken.")
USERNAME_INVALID = _("A username has at most 150 letters, digits and the signs . _ - only.")
ACCOUNT_EXISTS = _("This facilitator already has an account.")
ACCOUNT_NOT_LINKABLE = _("This account is not a free facilitator account of this village.")
ACCOUNT_ENDED = _("The appointment has ended; no account can be created for it.")
NO_APPOINTMENT = _("You are not an active facilitator of this village, so you cannot log visits here.")
VISIT_IN_FUTURE = _("The date cannot be in the future.")
VISIT_BEFORE_APPOINTMENT = _("The date is before your appointment started.")
VISIT_KIND_UNKNOWN = _("Choose the type of visit or activity.")
PERSON_OUT_OF_VILLAGE = _("%(name)s does not live in this village.")
VISIT_EMPTY = _("Name the people met, give the number of attendees, or write a note.")
MONTH_NOT_FIRST = _("A report month is given by its first day.")
MONTH_IN_FUTURE = _("This month has not started yet.")
REPORT_EXISTS = _("There is already a report for this village and month.")
CANNOT_WRITE = _("Only a facilitator of this village writes its report.")
CANNOT_REVIEW = _("Only the regency office of this village reviews its reports.")
NOT_EDITABLE = _("This report can only be changed while it is a draft or returned.")
SUBMIT_NOT_ALLOWED = _("Only a draft or a returned report can be submitted; this one is %(status)s.")
SUBMIT_TOO_EARLY = _("The report of a month can be submitted once the month has ended.")
NARRATIVE_REQUIRED = _("Write the narrative of the month before submitting.")
DECIDE_NOT_ALLOWED = _("Only a submitted report can be approved or returned; this one is %(status)s.")
COMMENT_REQUIRED = _("Say what must change: a returned report needs a comment.")

# A deliberation may appoint the village's facilitators up to a month ahead of their start.
MAX_DAYS_AHEAD = 31
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def _clean(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def _can_appoint(actor: Any, village_code: str) -> bool:
    return scope_for(actor, Perm.FACILITATORS_APPOINT).contains(village_code)


# --- Deliberations --------------------------------------------------------------------------------


@dataclass
class DeliberationData:
    village: Village
    held_on: datetime.date
    attendees: int
    minutes_number: str
    chosen: list[Person]
    notes: str = ""


@contextmanager
def _file_removed_on_error(deliberation: VillageDeliberation) -> Iterator[None]:
    """A stored file must not stay behind when the transaction fails after storing it."""
    try:
        yield
    except BaseException:
        if deliberation.minutes_file:
            deliberation.minutes_file.storage.delete(deliberation.minutes_file.name)
        raise


@transaction.atomic
def deliberation_record(
    *, data: DeliberationData, actor: Any, minutes_file: UploadedFile | None = None, is_demo: bool = False
) -> VillageDeliberation:
    """Record a village deliberation, the persons it chose, and optionally a scan of its minutes."""
    errors = FieldErrors()
    if not _can_appoint(actor, data.village.code):
        raise PermissionDenied(VILLAGE_OUT_OF_SCOPE)
    if data.held_on > timezone.localdate():
        errors.add("held_on", HELD_IN_FUTURE)
    if before_programme(data.held_on):
        errors.add("held_on", BEFORE_PROGRAMME, {"year": PROGRAMME_START.year})
    if data.attendees is None or data.attendees < 1:
        errors.add("attendees", ATTENDEES_REQUIRED)
    if not data.minutes_number.strip():
        errors.add("minutes_number", MINUTES_REQUIRED)
    chosen = {p.pk: p for p in data.chosen}
    if not chosen:
        errors.add("chosen", CHOSEN_REQUIRED)
    else:
        quota = selectors.facilitators_per_village()
        if quota is None:
            errors.add("chosen", NO_QUOTA)
        elif len(chosen) > quota:
            errors.add("chosen", CHOSEN_TOO_MANY, {"count": quota})
    for person in chosen.values():
        if person.domicile_village_id != data.village.code:
            errors.add("chosen", CHOSEN_NOT_DOMICILED, {"name": person.full_name})
    file_type = ""
    if minutes_file is not None:
        try:
            file_type, _extension = check_upload(minutes_file)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("minutes_file", message)
    errors.raise_any()
    deliberation = VillageDeliberation(
        village=data.village,
        held_on=data.held_on,
        attendees=data.attendees,
        minutes_number=_clean(data.minutes_number, 100),
        notes=data.notes.strip()[:2000],
        created_by=actor,
        is_demo=is_demo,
    )
    with _file_removed_on_error(deliberation):
        if minutes_file is not None:
            extension = {"application/pdf": ".pdf", "image/png": ".png"}.get(file_type, ".jpg")
            deliberation.minutes_file.save(f"minutes{extension}", minutes_file, save=False)
            deliberation.minutes_file_type = file_type
        deliberation.save(force_insert=True)
        DeliberationChoice.objects.bulk_create(
            [DeliberationChoice(deliberation=deliberation, person=p) for p in chosen.values()]
        )
        audit_record(
            actor=actor,
            event=AuditEvent.DELIBERATION_RECORDED,
            subject=deliberation,
            region_code=deliberation.village_id,
            label=deliberation.minutes_number,
            changes={
                "held_on": [None, str(deliberation.held_on)],
                "chosen": [None, ",".join(str(pk) for pk in sorted(chosen))],
                "minutes_file": [None, file_type or None],
            },
        )
    return deliberation


@transaction.atomic
def deliberation_minutes_read(*, deliberation: VillageDeliberation, actor: Any, via: str = "web") -> None:
    """Record that ``actor`` downloads the minutes; the caller has checked the scope."""
    audit_record(
        actor=actor,
        event=AuditEvent.DELIBERATION_MINUTES_DOWNLOADED,
        subject=deliberation,
        region_code=deliberation.village_id,
        label=deliberation.minutes_number,
        via=via,
    )


# --- Appointments and accounts --------------------------------------------------------------------


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not name:
        raise ValidationError({"username": [ValidationError(USERNAME_REQUIRED)]})
    if len(name) > 150 or not set(name) <= USERNAME_CHARS:
        raise ValidationError({"username": [ValidationError(USERNAME_INVALID)]})
    if User.objects.filter(username__iexact=name).exists():
        raise ValidationError({"username": [ValidationError(USERNAME_TAKEN)]})
    return name


def _create_account(appointment: Appointment, username: str, actor: Any) -> tuple[User, str]:
    """The account of an appointed facilitator, scoped to the village; its first password is returned
    once, to be handed over in person, and never stored."""
    name = _check_username(username)
    password = secrets.token_urlsafe(12)
    person = appointment.person
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                name, password, full_name=person.full_name, phone=person.phone, is_demo=appointment.is_demo
            )
    except IntegrityError:
        raise ValidationError({"username": [ValidationError(USERNAME_TAKEN)]}) from None
    role_assign(user=user, role=Role.FACILITATOR, region_code=appointment.village_id)
    appointment.user = user
    appointment.save(update_fields=["user"])
    audit_record(
        actor=actor,
        event=AuditEvent.FACILITATOR_ACCOUNT_CREATED,
        subject=appointment,
        region_code=appointment.village_id,
        label=name,
        changes={"user": [None, name], "role": [None, f"{Role.FACILITATOR}@{appointment.village_id}"]},
    )
    return user, password


@dataclass
class AppointmentResult:
    appointment: Appointment
    user: User | None = None
    password: str = ""
    ended: list[Appointment] = field(default_factory=list)


def _end(locked: Appointment, ended_on: datetime.date, reason: str, actor: Any) -> None:
    locked.ended_on, locked.end_reason = ended_on, _clean(reason, 300)
    locked.save(update_fields=["ended_on", "end_reason"])
    if locked.user_id is not None:
        # The account keeps its history but loses the village: the role assignment is deactivated.
        RoleAssignment.objects.filter(
            user_id=locked.user_id, role=Role.FACILITATOR, region_code=locked.village_id
        ).update(is_active=False)
    audit_record(
        actor=actor,
        event=AuditEvent.FACILITATOR_ENDED,
        subject=locked,
        region_code=locked.village_id,
        label=locked.person.full_name,
        changes={"ended_on": [None, str(ended_on)], "end_reason": [None, locked.end_reason]},
    )


@transaction.atomic
def facilitator_appoint(
    *,
    deliberation: VillageDeliberation,
    person: Person,
    starts_on: datetime.date,
    actor: Any,
    replaces: Appointment | None = None,
    end_reason: str = "",
    username: str = "",
    account: User | None = None,
    is_demo: bool = False,
) -> AppointmentResult:
    """Appoint a person the deliberation chose, optionally replacing an active facilitator of the
    village (the replacement starts by today, and that appointment ends the day before) and creating
    the facilitator's account, all in one transaction. ``account`` links an existing account that
    already holds the facilitator role for this village instead."""
    village_code = deliberation.village_id
    if not _can_appoint(actor, village_code):
        raise PermissionDenied(VILLAGE_OUT_OF_SCOPE)
    # The village row's lock serialises appointments in one village, so the count below holds; the
    # slot constraint backs it in the database.
    Village.objects.select_for_update().filter(code=village_code).first()
    old = (
        Appointment.objects.select_for_update().select_related("person").get(pk=replaces.pk)
        if replaces is not None
        else None
    )
    errors = FieldErrors()
    if person.domicile_village_id != village_code:
        errors.add("person", NOT_DOMICILED)
    if not deliberation.choices.filter(person=person).exists():
        errors.add("person", NOT_CHOSEN)
    if starts_on < deliberation.held_on:
        errors.add("starts_on", START_BEFORE_DELIBERATION)
    if starts_on > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors.add("starts_on", START_IN_FUTURE)
    if Appointment.objects.filter(person=person, ended_on__isnull=True).exists():
        errors.add("person", ALREADY_ACTIVE)
    if account is not None and (
        username
        or not account.role_assignments.filter(role=Role.FACILITATOR, region_code=village_code, is_active=True).exists()
        or Appointment.objects.filter(user=account, ended_on__isnull=True).exists()
    ):
        errors.add("username", ACCOUNT_NOT_LINKABLE)
    if old is not None:
        # Ending the old appointment takes its account's role away at once, so a replacement dated
        # ahead would leave the village without a working facilitator until it starts; one dated on
        # or before the old start would make the two appointments overlap in the history.
        if starts_on > timezone.localdate():
            errors.add("starts_on", REPLACEMENT_IN_FUTURE)
        elif starts_on <= old.starts_on:
            errors.add("starts_on", REPLACEMENT_BEFORE_OLD_START)
    errors.raise_any()
    ended: list[Appointment] = []
    if old is not None:
        if old.village_id != village_code:
            raise ValidationError({"replaces": [ValidationError(REPLACES_OTHER_VILLAGE)]})
        if old.ended_on is not None:
            raise ValidationError({"replaces": [ValidationError(NOT_ACTIVE)]})
        if not end_reason.strip():
            raise ValidationError({"end_reason": [ValidationError(END_REASON_REQUIRED)]})
        # The day before the new start: the check above keeps it on or after the old start.
        _end(old, starts_on - datetime.timedelta(days=1), end_reason, actor)
        ended.append(old)
    active = Appointment.objects.filter(village_id=village_code, ended_on__isnull=True)
    taken = set(active.values_list("slot", flat=True))
    quota = selectors.facilitators_per_village()
    if quota is None:
        raise ValidationError({"person": [ValidationError(NO_QUOTA)]})
    free = [s for s in range(1, quota + 1) if s not in taken]
    if not free:
        raise ValidationError({"person": [ValidationError(VILLAGE_FULL, params={"count": quota})]})
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                deliberation=deliberation,
                village_id=village_code,
                person=person,
                slot=free[0],
                starts_on=starts_on,
                replaces=ended[0] if ended else None,
                user=account,
                created_by=actor,
                is_demo=is_demo,
            )
    except IntegrityError:
        # Another appointment took the last slot (or this person) in a concurrent transaction.
        raise ValidationError({"person": [ValidationError(VILLAGE_FULL, params={"count": quota})]}) from None
    audit_record(
        actor=actor,
        event=AuditEvent.FACILITATOR_APPOINTED,
        subject=appointment,
        region_code=village_code,
        label=person.full_name,
        changes={
            "person": [None, str(person.pk)],
            "starts_on": [None, str(starts_on)],
            "replaces": [None, str(ended[0].pk) if ended else None],
        },
    )
    result = AppointmentResult(appointment=appointment, ended=ended)
    if username:
        result.user, result.password = _create_account(appointment, username, actor)
    return result


@transaction.atomic
def facilitator_account_create(*, appointment: Appointment, username: str, actor: Any) -> tuple[User, str]:
    """Create the user account of an appointed facilitator: role facilitator, scope = the village."""
    locked = Appointment.objects.select_for_update().select_related("person").get(pk=appointment.pk)
    if not _can_appoint(actor, locked.village_id):
        raise PermissionDenied(VILLAGE_OUT_OF_SCOPE)
    if locked.ended_on is not None:
        raise ValidationError({"username": [ValidationError(ACCOUNT_ENDED)]})
    if locked.user_id is not None:
        raise ValidationError({"username": [ValidationError(ACCOUNT_EXISTS)]})
    return _create_account(locked, username, actor)


@transaction.atomic
def facilitator_end(*, appointment: Appointment, ended_on: datetime.date, reason: str, actor: Any) -> Appointment:
    """End an appointment (resignation, moving away, …); its visits and history stay."""
    locked = Appointment.objects.select_for_update().select_related("person").get(pk=appointment.pk)
    if not _can_appoint(actor, locked.village_id):
        raise PermissionDenied(VILLAGE_OUT_OF_SCOPE)
    errors = FieldErrors()
    if locked.ended_on is not None:
        errors.add("ended_on", NOT_ACTIVE)
    elif ended_on < locked.starts_on:
        errors.add("ended_on", END_BEFORE_START)
    if ended_on > timezone.localdate():
        errors.add("ended_on", END_IN_FUTURE)
    if not reason.strip():
        errors.add("reason", END_REASON_REQUIRED)
    errors.raise_any()
    _end(locked, ended_on, reason, actor)
    return locked


# --- Visits ---------------------------------------------------------------------------------------


@dataclass
class VisitData:
    village: Village
    on: datetime.date
    kind: str
    people: list[Person]
    attendees: int = 0
    notes: str = ""


@transaction.atomic
def visit_record(*, data: VisitData, actor: Any, is_demo: bool = False) -> Visit:
    """Log a visit or activity of the signed-in facilitator in their village."""
    appointment = (
        Appointment.objects.filter(user=actor, village_id=data.village.code, ended_on__isnull=True).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if appointment is None or not scope_for(actor, Perm.VISITS_CHANGE).contains(data.village.code):
        raise PermissionDenied(NO_APPOINTMENT)
    errors = FieldErrors()
    if data.kind not in VisitKind.values:
        errors.add("kind", VISIT_KIND_UNKNOWN)
    if data.on > timezone.localdate():
        errors.add("on", VISIT_IN_FUTURE)
    elif data.on < appointment.starts_on:
        errors.add("on", VISIT_BEFORE_APPOINTMENT)
    people = {p.pk: p for p in data.people}
    for person in people.values():
        if person.domicile_village_id != data.village.code:
            errors.add("people", PERSON_OUT_OF_VILLAGE, {"name": person.full_name})
    if not people and not data.attendees and not data.notes.strip():
        errors.add("people", VISIT_EMPTY)
    errors.raise_any()
    visit = Visit.objects.create(
        appointment=appointment,
        village=data.village,
        on=data.on,
        kind=data.kind,
        attendees=max(data.attendees, 0),
        notes=data.notes.strip()[:2000],
        is_demo=is_demo,
    )
    VisitPerson.objects.bulk_create([VisitPerson(visit=visit, person_id=pk) for pk in sorted(people)])
    return visit


# --- Monthly reports ------------------------------------------------------------------------------


def _transition(
    report_: MonthlyReport, actor: Any, old: str, new: str, comment: str = "", at: datetime.datetime | None = None
) -> None:
    ReportTransition.objects.create(
        report=report_,
        actor=actor,
        from_status=old,
        to_status=new,
        comment=comment.strip()[:2000],
        at=at or timezone.now(),
    )


def can_write(actor: Any, village_code: str) -> bool:
    return scope_for(actor, Perm.REPORTS_WRITE).contains(village_code)


def can_review(actor: Any, village_code: str) -> bool:
    return scope_for(actor, Perm.REPORTS_REVIEW).contains(village_code)


@transaction.atomic
def report_start(
    *, village: Village, month: datetime.date, actor: Any, narrative: str = "", is_demo: bool = False
) -> MonthlyReport:
    """Start the draft of a village's report for a month."""
    if not can_write(actor, village.code):
        raise PermissionDenied(CANNOT_WRITE)
    if month.day != 1:
        raise ValidationError({"month": [ValidationError(MONTH_NOT_FIRST)]})
    if month > timezone.localdate():
        raise ValidationError({"month": [ValidationError(MONTH_IN_FUTURE)]})
    try:
        with transaction.atomic():
            made = MonthlyReport.objects.create(
                village=village, month=month, narrative=narrative.strip()[:5000], created_by=actor, is_demo=is_demo
            )
    except IntegrityError:
        raise ValidationError({"month": [ValidationError(REPORT_EXISTS)]}) from None
    _transition(made, actor, "", ReportStatus.DRAFT)
    return made


def _locked(report_: MonthlyReport) -> MonthlyReport:
    return MonthlyReport.objects.select_for_update().get(pk=report_.pk)


@transaction.atomic
def report_update(*, report_: MonthlyReport, narrative: str, actor: Any) -> MonthlyReport:
    locked = _locked(report_)
    if not can_write(actor, locked.village_id):
        raise PermissionDenied(CANNOT_WRITE)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(NOT_EDITABLE)
    locked.narrative = narrative.strip()[:5000]
    locked.save(update_fields=["narrative"])
    return locked


@transaction.atomic
def report_submit(*, report_: MonthlyReport, actor: Any, now: datetime.datetime | None = None) -> MonthlyReport:
    """Submit a draft or returned report: its figures are computed from the records and frozen."""
    locked = _locked(report_)
    if not can_write(actor, locked.village_id):
        raise PermissionDenied(CANNOT_WRITE)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(SUBMIT_NOT_ALLOWED, params={"status": locked.get_status_display()})
    now = now or timezone.now()
    if timezone.localdate(now) <= month_end(locked.month):
        raise ValidationError(SUBMIT_TOO_EARLY)
    if not locked.narrative.strip():
        raise ValidationError({"narrative": [ValidationError(NARRATIVE_REQUIRED)]})
    old = locked.status
    locked.figures = report.compute_figures(locked.village_id, locked.month)
    locked.status, locked.figures_at, locked.submitted_at = ReportStatus.SUBMITTED, now, now
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.save(update_fields=["figures", "status", "figures_at", "submitted_at", "first_submitted_at"])
    _transition(locked, actor, old, ReportStatus.SUBMITTED, at=now)
    return locked


def _decide(report_: MonthlyReport, actor: Any, to: str, comment: str, now: datetime.datetime | None) -> MonthlyReport:
    locked = _locked(report_)
    if not can_review(actor, locked.village_id):
        raise PermissionDenied(CANNOT_REVIEW)
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError(DECIDE_NOT_ALLOWED, params={"status": locked.get_status_display()})
    if to == ReportStatus.RETURNED and not comment.strip():
        raise ValidationError({"comment": [ValidationError(COMMENT_REQUIRED)]})
    old = locked.status
    locked.status, locked.decided_at = to, now or timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    _transition(locked, actor, old, to, comment, at=locked.decided_at)
    return locked


@transaction.atomic
def report_approve(
    *, report_: MonthlyReport, actor: Any, comment: str = "", now: datetime.datetime | None = None
) -> MonthlyReport:
    return _decide(report_, actor, ReportStatus.APPROVED, comment, now)


@transaction.atomic
def report_return(
    *, report_: MonthlyReport, actor: Any, comment: str, now: datetime.datetime | None = None
) -> MonthlyReport:
    return _decide(report_, actor, ReportStatus.RETURNED, comment, now)
