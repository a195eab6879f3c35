"""Reads of migration cases, always through the user's scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.core.selectors import one
from desmigratif.migration.models import (
    CaseDocument,
    CaseEvent,
    CaseStatus,
    DocumentStatus,
    ExpiryReminder,
    MigrationCase,
    Step,
)
from desmigratif.regions.models import regency_key

CASE_NOT_FOUND = _("No such case.")
CANNOT_CHANGE = _("You can see this case but not change it.")


@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    step: str = ""
    overdue: bool = False


def _visible_cases(user: Any, *, by_regency: bool = False) -> QuerySet[MigrationCase]:
    """The one place the migration-view scope is applied to cases.

    ``by_regency`` writes a regency's scope as the key of the index of a regency's cases newest first
    (``migration_case_regency_idx``), for a page of a list. A count keeps the range of village codes:
    at 200,000 cases a regency's count took 0.5 ms that way and 12 ms by the regency key.
    """
    key = regency_key("village") if by_regency else None
    return scope_for(user, Perm.MIGRATION_VIEW).apply(MigrationCase.objects.all(), "village__code", regency_key=key)


def cases_for_user(user: Any, filters: CaseFilter | None = None) -> QuerySet[MigrationCase]:
    """The cases of the user's area, filtered, newest first: the rows of a list's page (count them
    with ``count_cases``)."""
    return _filtered(user, filters or CaseFilter(), by_regency=True)


def count_cases(user: Any, filters: CaseFilter | None = None) -> int:
    return _filtered(user, filters or CaseFilter(), by_regency=False).count()


def _filtered(user: Any, f: CaseFilter, *, by_regency: bool) -> QuerySet[MigrationCase]:
    qs = _visible_cases(user, by_regency=by_regency)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.step:
        qs = qs.filter(step__code=f.step)
    if f.overdue:
        qs = qs.filter(status=CaseStatus.ACTIVE, step_due_at__lt=timezone.now())
    # What every list shows; a caller that shows more joins it (each join adds to PostgreSQL's
    # planning of every page: 1.2 ms with the job as well, 0.5 ms without, at 200,000 cases).
    return qs.select_related("person", "step", "village").order_by("-opened_at", "-id")


def overdue_cases_for_user(user: Any) -> QuerySet[MigrationCase]:
    """Cases in progress past their step's service-time target, most overdue first."""
    return cases_for_user(user, CaseFilter(overdue=True)).order_by("step_due_at", "id")


def get_case_for_user(user: Any, case_id: int, *, for_write: bool = False) -> MigrationCase:
    case = one(
        _visible_cases(user)
        # What the case's other pages, the API and the services read. Each further join multiplies
        # PostgreSQL's planning: with the user who opened the case (shown nowhere) as well, 2.1 ms to
        # plan a 0.2 ms read.
        .select_related("person", "step", "village", "vacancy", "job")
        .filter(pk=case_id)
    )
    if case is None:
        raise Http404(CASE_NOT_FOUND)
    if for_write and not scope_for(user, Perm.MIGRATION_CHANGE).contains(case.village_id):
        raise PermissionDenied(CANNOT_CHANGE)
    return case


# What the case page (migration/case_detail.html) reads of a case and the rows joined to it, and the
# village for the change check. Django compiles each column selected on every request: the whole
# rows of get_case_for_user are 91 columns, about 1 ms of CPU a page.
_CASE_PAGE_FIELDS = (
    "person__full_name",
    "person__nik",
    "village",
    "destination_country",
    "job_title",
    "employer_type",
    "agency",
    "agency_name",
    "vacancy__employer_name",
    "step__order",
    "step__name_id",
    "step__name_en",
    "step_due_at",
    "status",
    "close_reason",
    "is_demo",
)


def get_case_for_page(user: Any, case_id: int) -> MigrationCase:
    """The case as its page shows it, or 404 like ``get_case_for_user``. The other fields are
    deferred: each read costs a query, and the case is not for saving (use ``get_case_for_user``)."""
    case = one(
        _visible_cases(user).select_related("person", "step", "vacancy").only(*_CASE_PAGE_FIELDS).filter(pk=case_id)
    )
    if case is None:
        raise Http404(CASE_NOT_FOUND)
    return case


def can_change_case(user: Any, case: MigrationCase) -> bool:
    return scope_for(user, Perm.MIGRATION_CHANGE).contains(case.village_id)


# What the case page and the API's case read of a document, its type and the step that needs it;
# and the case, which the related manager sets on each row it reads (deferred, that costs a query a row).
_DOCUMENT_FIELDS = (
    "case",
    "status",
    "number",
    "issued_on",
    "expires_on",
    "file",
    "file_type",
    "file_size",
    "document_type__code",
    "document_type__name_id",
    "document_type__name_en",
    "document_type__required_for__code",
    "document_type__required_for__name_id",
    "document_type__required_for__name_en",
)


def case_documents(case: MigrationCase) -> list[CaseDocument]:
    """The case's documents in the order of the steps that need them, with what the case page and
    the API show of them (the other fields are deferred)."""
    return list(
        case.documents.select_related("document_type__required_for")
        .only(*_DOCUMENT_FIELDS)
        .order_by("document_type__required_for__order", "document_type__code")
    )


def get_document_of_case(case: MigrationCase, document_id: int) -> CaseDocument:
    document = one(case.documents.select_related("document_type").filter(pk=document_id))
    if document is None:
        raise Http404(CASE_NOT_FOUND)
    return document


def case_events(case: MigrationCase) -> QuerySet[Any]:
    """The case's history, oldest first, as its page shows it: the actor's name (not the whole
    user row, password hash and all) and the step reached; and the case, which the related manager
    sets on each row (the other fields are deferred)."""
    return (
        case.events.select_related("actor", "to_step")
        .only(
            "case",
            "at",
            "kind",
            "detail",
            "actor__full_name",
            "actor__username",
            "to_step__name_id",
            "to_step__name_en",
        )
        .order_by("at", "id")
    )


def event_detail(event: CaseEvent, documents: list[CaseDocument]) -> str:
    """An event's detail in the reader's language. The service stores it in a fixed machine form
    (the API gives it as stored): ``<document code>: <old status> → <new status>``,
    ``<document code>: file`` and ``<case status>: <reason>``; anything else is shown as stored."""
    detail = event.detail
    head, sep, rest = detail.partition(": ")
    if not sep:
        return detail
    if event.kind == CaseEvent.Kind.DOCUMENT_UPDATED:
        names = {d.document_type.code: d.document_type.name for d in documents}
        name = names.get(head, head)
        if rest == "file":
            return str(_("%(document)s: scan attached") % {"document": name})
        old, arrow, new = rest.partition(" → ")
        if arrow and old in DocumentStatus.values and new in DocumentStatus.values:
            return f"{name}: {DocumentStatus(old).label} → {DocumentStatus(new).label}"
    if event.kind == CaseEvent.Kind.CLOSED and head in CaseStatus.values:
        return f"{CaseStatus(head).label}: {rest}"
    return detail


def steps() -> list[Step]:
    """The steps in order, as the case list's filter and the case page show them (the rule's other
    fields are deferred)."""
    return list(Step.objects.only("code", "order", "name_id", "name_en", "target_days").order_by("order"))


def min_placement_age(on: datetime.date) -> int | None:
    """The age a worker must have reached to be placed (UU 18/2017 Pasal 5 huruf a: 18): the
    highest minimum age of the steps in force, as national staff keep it under Rules."""
    steps = Step.objects.filter(Step.in_force_q(on), min_age_to_complete__isnull=False)
    age: int | None = steps.aggregate(age=Max("min_age_to_complete"))["age"]
    return age


def person_cases(user: Any, person_id: int) -> QuerySet[MigrationCase]:
    """The person's cases that the user may see, newest first: the person page reads the few values it
    shows of each (with the step's name), as a list's rows."""
    return _visible_cases(user).filter(person_id=person_id).order_by("-opened_at")


EXPIRY_WINDOWS = (30, 60, 90)


def expiring_documents_for_user(user: Any, *, within_days: int) -> QuerySet[CaseDocument]:
    """Documents of open cases that expire in the next ``within_days`` days, soonest first."""
    today = timezone.localdate()
    return (
        scope_for(user, Perm.MIGRATION_VIEW)
        .apply(CaseDocument.objects.all(), "case__village__code")
        .filter(
            case__status__in=[CaseStatus.ACTIVE, CaseStatus.ABROAD],
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=within_days),
        )
        .exclude(status__in=["missing", "rejected"])
        .select_related("document_type", "case__person")
        .order_by("expires_on", "id")
    )


def get_document_file_for_user(user: Any, case_id: int, document_id: int) -> CaseDocument:
    """A document with a stored file, of a case in the user's scope; 404 otherwise (no file, no case)."""
    document = get_document_of_case(get_case_for_user(user, case_id), document_id)
    if not document.file:
        raise Http404(CASE_NOT_FOUND)
    return document


def open_reminders_for_user(user: Any) -> QuerySet[ExpiryReminder]:
    """Reminders not yet done, of the villages whose cases the user runs, for the current expiry date.

    Reminders go to those who can act on the case (MIGRATION_CHANGE scope: the village's
    facilitators, the regency officer); a renewed document (new expiry date) or a closed case
    drops its old reminders.
    """
    return (
        scope_for(user, Perm.MIGRATION_CHANGE)
        .apply(ExpiryReminder.objects.filter(done_at__isnull=True), "village__code")
        .filter(
            document__expires_on=F("expires_on"),
            document__case__status__in=[CaseStatus.ACTIVE, CaseStatus.ABROAD],
        )
        .select_related("document__document_type", "document__case__person")
        .order_by("expires_on", "id")
    )


def open_reminder_count(user: Any) -> int:
    if not has_perm(user, Perm.MIGRATION_CHANGE):
        return 0
    return open_reminders_for_user(user).count()


def get_reminder_for_user(user: Any, reminder_id: int) -> ExpiryReminder:
    reminder = one(
        scope_for(user, Perm.MIGRATION_CHANGE)
        .apply(ExpiryReminder.objects.all(), "village__code")
        .filter(pk=reminder_id)
    )
    if reminder is None:
        raise Http404(_("No such reminder."))
    return reminder
