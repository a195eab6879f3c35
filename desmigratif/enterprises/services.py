"""Writes of the enterprise pillar. Each service is one transaction; the rules live here, forms and
API schemas check only shape."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.cooperatives.models import Loan, LoanStatus
from desmigratif.core.errors import FieldErrors
from desmigratif.enterprises.models import (
    Attendance,
    CapitalSource,
    Enterprise,
    EnterpriseOwner,
    EnterpriseStatus,
    Participant,
    PeriodKind,
    Product,
    ProgressReport,
    ProviderKind,
    Sector,
    StatusChange,
    Training,
)
from desmigratif.migration.services import sniff_file_type
from desmigratif.people.models import Person
from desmigratif.regions.models import Regency, Village

NAME_REQUIRED = _("Enter the name.")
OWNERS_REQUIRED = _("Choose at least one owner.")
OWNER_OUT_OF_SCOPE = _("%(name)s lives outside your area; only people of your area can be owners.")
VILLAGE_OUT_OF_SCOPE = _("This village is outside your area.")
MONEY_NEGATIVE = _("The amount cannot be negative.")
MONEY_TOO_BIG = _("The amount is too big.")
SOURCE_UNKNOWN = _("Choose where the start-up capital came from.")
LOAN_WITHOUT_SOURCE = _("A cooperative loan can only be linked when the capital came from a cooperative loan.")
LOAN_NOT_OWNERS = _("This loan does not belong to one of the owners.")
LOAN_OUT_OF_SCOPE = _("This loan is outside your area.")
LOAN_NOT_PAID_OUT = _("This loan has not been paid out.")
STARTED_IN_FUTURE = _("The start date cannot be in the future.")
STATUS_UNKNOWN = _("Choose a status.")
STATUS_SAME = _("The enterprise already has this status.")
STATUS_DATE_FUTURE = _("The date of the change cannot be in the future.")
PERIOD_KIND_UNKNOWN = _("Choose monthly or quarterly.")
PERIOD_NOT_MONTH_START = _("A period starts on the first day of a month.")
PERIOD_NOT_QUARTER_START = _("A quarter starts in January, April, July or October.")
PERIOD_IN_FUTURE = _("This period has not started yet.")
PERIOD_BEFORE_START = _("This period ends before the enterprise started.")
PERIOD_TAKEN = _("There is already a progress report for this period (or one that overlaps it).")
IDEA_NO_REPORTS = _("The enterprise is still an idea; record its start first.")
PRICE_REQUIRED = _("Enter the price.")
PHOTO_EMPTY = _("The file is empty.")
PHOTO_TOO_BIG = _("The photo is too big: at most %(limit)s.")
PHOTO_TYPE = _("Only JPEG or PNG photos can be uploaded.")
TITLE_REQUIRED = _("Enter the title.")
TOPIC_REQUIRED = _("Enter the topic.")
PLACE_REQUIRED = _("Enter the place.")
PROVIDER_UNKNOWN = _("Choose the provider.")
DATES_ORDER = _("The course cannot end before it starts.")
REGION_UNKNOWN = _("Choose a village or a regency.")
REGION_OUT_OF_SCOPE = _("This village or regency is outside your area.")
PARTICIPANT_OUT_OF_SCOPE = _("This person lives outside your area.")
PARTICIPANT_TWICE = _("This person is already registered for this training.")
DAY_OUTSIDE_COURSE = _("Attendance can only be recorded for a day of the course (%(start)s to %(end)s).")
DAY_IN_FUTURE = _("Attendance cannot be recorded for a day that has not come yet.")
NOT_REGISTERED = _("Only registered participants can be marked present.")
COMPLETED_BEFORE_START = _("The completion date cannot be before the course starts.")
COMPLETED_IN_FUTURE = _("The completion date cannot be in the future.")
CERTIFICATE_TWICE = _("This certificate number is already used in this training.")

MAX_MONEY = Decimal("9999999999999999.99")
PHOTO_MAX_BYTES = 2 * 1024 * 1024
# Photos only: the document scans' PDF signature is not a product photo.
PHOTO_TYPES = {"image/jpeg", "image/png"}


def _money(errors: FieldErrors, name: str, value: Decimal | None) -> None:
    if value is None:
        return
    if value < 0:
        errors.add(name, MONEY_NEGATIVE)
    elif value > MAX_MONEY:
        errors.add(name, MONEY_TOO_BIG)


def _clean(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


# --- Enterprises ----------------------------------------------------------------------------------


@dataclass
class EnterpriseData:
    village: Village
    name: str
    sector: Sector
    owners: list[Person]
    capital_source: str
    started_on: datetime.date | None = None
    capital: Decimal | None = None
    loan: Loan | None = None


def _check_enterprise(errors: FieldErrors, data: EnterpriseData, actor: Any) -> None:
    change = scope_for(actor, Perm.ENTERPRISES_CHANGE)
    people = scope_for(actor, Perm.PEOPLE_VIEW)
    if not data.name.strip():
        errors.add("name", NAME_REQUIRED)
    if not change.contains(data.village.code):
        errors.add("village", VILLAGE_OUT_OF_SCOPE)
    if not data.owners:
        errors.add("owners", OWNERS_REQUIRED)
    for owner in data.owners:
        village = owner.domicile_village_id
        if not (change.contains(village) and people.contains(village)):
            errors.add("owners", OWNER_OUT_OF_SCOPE, {"name": owner.full_name})
    if data.started_on is not None and data.started_on > timezone.localdate():
        errors.add("started_on", STARTED_IN_FUTURE)
    _money(errors, "capital", data.capital)
    if data.capital_source not in CapitalSource.values:
        errors.add("capital_source", SOURCE_UNKNOWN)
    if data.loan is not None:
        loan = Loan.objects.select_related("member", "cooperative").get(pk=data.loan.pk)
        if data.capital_source != CapitalSource.COOPERATIVE_LOAN:
            errors.add("loan", LOAN_WITHOUT_SOURCE)
        elif not change.contains(loan.cooperative.village_id):
            errors.add("loan", LOAN_OUT_OF_SCOPE)
        elif loan.member.person_id not in {o.pk for o in data.owners}:
            errors.add("loan", LOAN_NOT_OWNERS)
        elif loan.status not in (LoanStatus.DISBURSED, LoanStatus.CLOSED):
            errors.add("loan", LOAN_NOT_PAID_OUT)


@transaction.atomic
def enterprise_register(
    *, data: EnterpriseData, actor: Any, status: str = EnterpriseStatus.RUNNING, is_demo: bool = False
) -> Enterprise:
    """Register an enterprise with its owners; its first status is the start of its history."""
    errors = FieldErrors()
    _check_enterprise(errors, data, actor)
    if status not in (EnterpriseStatus.IDEA, EnterpriseStatus.RUNNING):
        errors.add("status", STATUS_UNKNOWN)
    errors.raise_any()
    enterprise = Enterprise.objects.create(
        village=data.village,
        name=_clean(data.name, 150),
        sector=data.sector,
        started_on=data.started_on,
        capital=data.capital,
        capital_source=data.capital_source,
        loan=data.loan,
        status=status,
        created_by=actor,
        is_demo=is_demo,
    )
    EnterpriseOwner.objects.bulk_create(
        [EnterpriseOwner(enterprise=enterprise, person=owner) for owner in {o.pk: o for o in data.owners}.values()]
    )
    StatusChange.objects.create(
        enterprise=enterprise,
        actor=actor,
        to_status=status,
        on=data.started_on or timezone.localdate(),
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, data: EnterpriseData, actor: Any) -> Enterprise:
    """Change an enterprise's details and owners (its status changes through ``enterprise_set_status``)."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    errors = FieldErrors()
    _check_enterprise(errors, data, actor)
    errors.raise_any()
    locked.village, locked.name, locked.sector = data.village, _clean(data.name, 150), data.sector
    locked.started_on, locked.capital = data.started_on, data.capital
    locked.capital_source, locked.loan = data.capital_source, data.loan
    locked.save(update_fields=["village", "name", "sector", "started_on", "capital", "capital_source", "loan"])
    wanted = {o.pk for o in data.owners}
    current = set(locked.ownerships.values_list("person_id", flat=True))
    locked.ownerships.filter(person_id__in=current - wanted).delete()
    EnterpriseOwner.objects.bulk_create(
        [EnterpriseOwner(enterprise=locked, person_id=pk) for pk in sorted(wanted - current)]
    )
    return locked


@transaction.atomic
def enterprise_set_status(
    *, enterprise: Enterprise, status: str, actor: Any, on: datetime.date | None = None, note: str = ""
) -> Enterprise:
    """Start, pause, close or reopen an enterprise; every change is kept in its history."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    on = on or timezone.localdate()
    if status not in EnterpriseStatus.values:
        raise ValidationError({"status": [ValidationError(STATUS_UNKNOWN)]})
    if status == locked.status:
        raise ValidationError({"status": [ValidationError(STATUS_SAME)]})
    if on > timezone.localdate():
        raise ValidationError({"on": [ValidationError(STATUS_DATE_FUTURE)]})
    old = locked.status
    locked.status = status
    fields = ["status"]
    if status == EnterpriseStatus.RUNNING and locked.started_on is None:
        locked.started_on = on  # an idea that starts: the day it started
        fields.append("started_on")
    locked.save(update_fields=fields)
    StatusChange.objects.create(
        enterprise=locked, actor=actor, from_status=old, to_status=status, on=on, note=_clean(note, 300)
    )
    return locked


# --- Products -------------------------------------------------------------------------------------


def check_photo(upload: UploadedFile) -> str:
    """Size and type checks of a product photo (type sniffed from its bytes); returns the content type."""
    if not upload.size:
        raise ValidationError({"photo": [ValidationError(PHOTO_EMPTY)]})
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {"photo": [ValidationError(PHOTO_TOO_BIG, params={"limit": filesizeformat(PHOTO_MAX_BYTES)})]}
        )
    sniffed = sniff_file_type(upload)
    if sniffed is None or sniffed[0] not in PHOTO_TYPES:
        raise ValidationError({"photo": [ValidationError(PHOTO_TYPE)]})
    return sniffed[0]


@contextmanager
def _file_removed_on_error(product: Product) -> Iterator[None]:
    """A stored photo must not stay behind when the transaction fails after storing it."""
    try:
        yield
    except BaseException:
        if product.photo:
            product.photo.storage.delete(product.photo.name)
        raise


@transaction.atomic
def product_add(
    *,
    enterprise: Enterprise,
    name: str,
    price: Decimal | None,
    actor: Any,
    unit: str = "",
    photo: UploadedFile | None = None,
) -> Product:
    errors = FieldErrors()
    if not name.strip():
        errors.add("name", NAME_REQUIRED)
    if price is None:
        errors.add("price", PRICE_REQUIRED)
    _money(errors, "price", price)
    errors.raise_any()
    photo_type = check_photo(photo) if photo is not None else ""
    assert price is not None
    product = Product(enterprise=enterprise, name=_clean(name, 150), price=price, unit=_clean(unit, 30))
    with _file_removed_on_error(product):
        if photo is not None:
            extension = ".png" if photo_type == "image/png" else ".jpg"
            product.photo.save(f"photo{extension}", photo, save=False)
            product.photo_type = photo_type
        product.save()
    return product


@transaction.atomic
def product_remove(*, product: Product, actor: Any) -> None:
    name = product.photo.name if product.photo else ""
    storage = product.photo.storage
    Product.objects.filter(pk=product.pk).delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Progress reports -----------------------------------------------------------------------------


def period_end(kind: str, start: datetime.date) -> datetime.date:
    months = 3 if kind == PeriodKind.QUARTER else 1
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


@dataclass
class ProgressData:
    period_kind: str
    period_start: datetime.date
    revenue: Decimal
    workers_family: int = 0
    workers_other: int = 0
    problems: str = ""
    support_needed: str = ""


@transaction.atomic
def progress_report_add(*, enterprise: Enterprise, data: ProgressData, actor: Any) -> ProgressReport:
    """Record one month's or quarter's progress; periods of an enterprise never overlap."""
    # The lock serialises two reports of the same enterprise, so the overlap check below holds.
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    errors = FieldErrors()
    start = data.period_start
    if data.period_kind not in PeriodKind.values:
        errors.add("period_kind", PERIOD_KIND_UNKNOWN)
        errors.raise_any()
    if start.day != 1:
        errors.add("period", PERIOD_NOT_MONTH_START)
    elif data.period_kind == PeriodKind.QUARTER and start.month not in (1, 4, 7, 10):
        errors.add("period", PERIOD_NOT_QUARTER_START)
    elif start > timezone.localdate():
        errors.add("period", PERIOD_IN_FUTURE)
    errors.raise_any()  # the end of a period far in the future would not even be a date
    end = period_end(data.period_kind, start)
    if locked.started_on is not None and end < locked.started_on:
        errors.add("period", PERIOD_BEFORE_START)
    if locked.status == EnterpriseStatus.IDEA:
        errors.add("period", IDEA_NO_REPORTS)
    _money(errors, "revenue", data.revenue)
    errors.raise_any()
    if locked.progress_reports.filter(period_start__lte=end, period_end__gte=start).exists():
        raise ValidationError({"period": [ValidationError(PERIOD_TAKEN)]})
    try:
        with transaction.atomic():
            return ProgressReport.objects.create(
                enterprise=locked,
                period_kind=data.period_kind,
                period_start=start,
                period_end=end,
                revenue=data.revenue,
                workers_family=data.workers_family,
                workers_other=data.workers_other,
                problems=data.problems.strip()[:2000],
                support_needed=data.support_needed.strip()[:2000],
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"period": [ValidationError(PERIOD_TAKEN)]}) from None


# --- Trainings ------------------------------------------------------------------------------------


@dataclass
class TrainingData:
    title: str
    provider_kind: str
    topic: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    region_code: str
    provider_name: str = ""
    sector: Sector | None = None


def region_name(code: str) -> str | None:
    """The name of a village or regency code, or None when it is neither."""
    if code.count(".") == 3:
        return Village.objects.filter(code=code).values_list("name", flat=True).first()
    if code.count(".") == 1:
        return Regency.objects.filter(code=code).values_list("name", flat=True).first()
    return None


@transaction.atomic
def training_create(*, data: TrainingData, actor: Any, is_demo: bool = False) -> Training:
    errors = FieldErrors()
    if not data.title.strip():
        errors.add("title", TITLE_REQUIRED)
    if not data.topic.strip():
        errors.add("topic", TOPIC_REQUIRED)
    if not data.place.strip():
        errors.add("place", PLACE_REQUIRED)
    if data.provider_kind not in ProviderKind.values:
        errors.add("provider_kind", PROVIDER_UNKNOWN)
    if data.ends_on < data.starts_on:
        errors.add("ends_on", DATES_ORDER)
    name = region_name(data.region_code)
    if name is None:
        errors.add("region", REGION_UNKNOWN)
    elif not scope_for(actor, Perm.ENTERPRISES_CHANGE).contains(data.region_code):
        errors.add("region", REGION_OUT_OF_SCOPE)
    errors.raise_any()
    return Training.objects.create(
        title=_clean(data.title, 200),
        provider_kind=data.provider_kind,
        provider_name=_clean(data.provider_name, 150),
        topic=_clean(data.topic, 150),
        sector=data.sector,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        place=_clean(data.place, 200),
        region_code=data.region_code,
        region_name=name or "",
        created_by=actor,
        is_demo=is_demo,
    )


def _person_in_change_scope(actor: Any, person: Person) -> bool:
    village = person.domicile_village_id
    return scope_for(actor, Perm.ENTERPRISES_CHANGE).contains(village) and scope_for(actor, Perm.PEOPLE_VIEW).contains(
        village
    )


@transaction.atomic
def participant_add(*, training: Training, person: Person, actor: Any) -> Participant:
    if not _person_in_change_scope(actor, person):
        raise ValidationError({"person": [ValidationError(PARTICIPANT_OUT_OF_SCOPE)]})
    try:
        with transaction.atomic():
            return Participant.objects.create(training=training, person=person)
    except IntegrityError:
        raise ValidationError({"person": [ValidationError(PARTICIPANT_TWICE)]}) from None


@transaction.atomic
def attendance_record(
    *, training: Training, day: datetime.date, marks: dict[int, bool], actor: Any
) -> list[Attendance]:
    """Mark participants present or absent on one day of the course (one row per participant and day).

    ``marks`` maps participant ids to present/absent; every id must be a registered participant of
    this training whose person lies in the actor's area.
    """
    if not training.starts_on <= day <= training.ends_on:
        raise ValidationError(
            {
                "day": [
                    ValidationError(DAY_OUTSIDE_COURSE, params={"start": training.starts_on, "end": training.ends_on})
                ]
            }
        )
    if day > timezone.localdate():
        raise ValidationError({"day": [ValidationError(DAY_IN_FUTURE)]})
    participants = {
        p.pk: p for p in Participant.objects.filter(training=training, pk__in=list(marks)).select_related("person")
    }
    if set(marks) - set(participants) or not all(
        _person_in_change_scope(actor, p.person) for p in participants.values()
    ):
        raise ValidationError({"participants": [ValidationError(NOT_REGISTERED)]})
    rows = []
    for pk in sorted(marks):
        row, _created = Attendance.objects.update_or_create(
            participant=participants[pk],
            day=day,
            defaults={"present": marks[pk], "recorded_by": actor, "recorded_at": timezone.now()},
        )
        rows.append(row)
    return rows


@transaction.atomic
def participant_complete(
    *, participant: Participant, completed_on: datetime.date, certificate_number: str, actor: Any
) -> Participant:
    locked = Participant.objects.select_for_update().select_related("training", "person").get(pk=participant.pk)
    if not _person_in_change_scope(actor, locked.person):
        raise ValidationError({"person": [ValidationError(PARTICIPANT_OUT_OF_SCOPE)]})
    errors = FieldErrors()
    if completed_on < locked.training.starts_on:
        errors.add("completed_on", COMPLETED_BEFORE_START)
    if completed_on > timezone.localdate():
        errors.add("completed_on", COMPLETED_IN_FUTURE)
    number = _clean(certificate_number, 60)
    if number and locked.training.participants.filter(certificate_number=number).exclude(pk=locked.pk).exists():
        errors.add("certificate_number", CERTIFICATE_TWICE)
    errors.raise_any()
    locked.completed_on, locked.certificate_number = completed_on, number
    locked.save(update_fields=["completed_on", "certificate_number"])
    return locked
