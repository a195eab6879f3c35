"""Reads of complaints, always through the user's place in the handling chain (docs/scoping.md).

Who may read a complaint: the handling chain only. ``complaints.view`` (village facilitators, the
regency officer) in the region of the complaint's village; ``complaints.escalated`` (national staff)
only while the complaint sits at a province or national level (BP3MI, embassy/consulate), or went
through one. Cooperative officers and partners never. Every read of a complaint's detail is
audited (``read_complaint_for_user``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm, scope_for
from desmigratif.complaints import services
from desmigratif.complaints.models import (
    ESCALATED_TIERS,
    HANDLING_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    EscalationLevel,
)
from desmigratif.core.selectors import one

COMPLAINT_NOT_FOUND = _("No such complaint.")
CANNOT_HANDLE = _("You can read this complaint but not handle it.")


@dataclass(frozen=True)
class ComplaintFilter:
    status: str = ""
    category: str = ""
    overdue: bool = False


def _chain_q(user: Any) -> Q | None:
    """The filter of the complaints ``user`` may read; None when they may read all."""
    village_scope = scope_for(user, Perm.COMPLAINTS_VIEW)
    escalated_scope = scope_for(user, Perm.COMPLAINTS_ESCALATED)
    if village_scope.is_national:
        return None
    parts: list[Q] = []
    if not village_scope.is_empty:
        parts.append(village_scope.q("village__code"))
    if not escalated_scope.is_empty:
        parts.append(escalated_scope.q("village__code") & Q(level__tier__in=ESCALATED_TIERS))
    if not parts:
        return Q(pk__in=[])
    query = parts[0]
    for part in parts[1:]:
        query |= part
    return query


def _visible(user: Any) -> QuerySet[Complaint]:
    """The one place the handling-chain rule is applied to complaints."""
    query = _chain_q(user)
    qs = Complaint.objects.all()
    return qs if query is None else qs.filter(query)


def may_list_complaints(user: Any) -> bool:
    return has_perm(user, Perm.COMPLAINTS_VIEW) or has_perm(user, Perm.COMPLAINTS_ESCALATED)


def complaints_for_user(user: Any, filters: ComplaintFilter | None = None) -> QuerySet[Complaint]:
    f = filters or ComplaintFilter()
    qs = _visible(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category__code=f.category)
    if f.overdue:
        qs = qs.filter(status__in=HANDLING_STATUSES, level_due_at__lt=timezone.now())
    return qs.select_related("category", "level", "village").order_by("-received_at", "-id")


def overdue_complaints_for_user(user: Any) -> QuerySet[Complaint]:
    """The "overdue escalations" list: complaints past their level's deadline, most overdue first."""
    return complaints_for_user(user, ComplaintFilter(overdue=True)).order_by("level_due_at", "id")


def overdue_complaints_everywhere() -> QuerySet[Complaint]:
    """Every overdue complaint, for the automatic escalation only (no user, no page)."""
    return (
        Complaint.objects.filter(status__in=HANDLING_STATUSES, level_due_at__lt=timezone.now())
        .select_related("level")
        .order_by("level_due_at", "id")
    )


def get_complaint_for_user(user: Any, complaint_id: int, *, for_write: bool = False) -> Complaint:
    complaint = one(
        _visible(user)
        .select_related(
            "category", "level", "village", "complainant_person", "migrant_person", "migration_case", "created_by"
        )
        .filter(pk=complaint_id)
    )
    if complaint is None:
        raise Http404(COMPLAINT_NOT_FOUND)
    if for_write and not can_handle(user, complaint):
        raise PermissionDenied(CANNOT_HANDLE)
    return complaint


def read_complaint_for_user(user: Any, complaint_id: int, *, via: str = "web") -> Complaint:
    """A complaint's detail for reading: every such read is written to the audit log."""
    complaint = get_complaint_for_user(user, complaint_id)
    services.complaint_audit_read(complaint=complaint, actor=user, via=via)
    return complaint


def can_handle(user: Any, complaint: Complaint) -> bool:
    if scope_for(user, Perm.COMPLAINTS_HANDLE).contains(complaint.village_id):
        return True
    return complaint.level.tier in ESCALATED_TIERS and scope_for(user, Perm.COMPLAINTS_ESCALATED).contains(
        complaint.village_id
    )


def complaint_events(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("actor", "from_level", "to_level").order_by("at", "id")


def next_level(complaint: Complaint) -> EscalationLevel | None:
    return EscalationLevel.objects.filter(order__gt=complaint.level.order).order_by("order").first()


def levels() -> list[EscalationLevel]:
    return list(EscalationLevel.objects.order_by("order"))


def categories() -> list[ComplaintCategory]:
    return services.current_categories()


@dataclass(frozen=True)
class PublicStatus:
    """What the public status page may show: no name, no description, nothing personal."""

    ticket: str
    status: str
    status_label: str
    level_name_id: str
    level_name_en: str
    received_at: Any
    updated_at: Any


def public_status(raw_ticket: str) -> PublicStatus | None:
    ticket = services.normalise_ticket(raw_ticket)
    if not ticket:
        return None
    row = (
        Complaint.objects.filter(ticket=ticket)
        .values("ticket", "status", "level__name_id", "level__name_en", "received_at", "updated_at")
        .first()
    )
    if row is None:
        return None
    return PublicStatus(
        ticket=row["ticket"],
        status=row["status"],
        status_label=str(ComplaintStatus(row["status"]).label),
        level_name_id=row["level__name_id"],
        level_name_en=row["level__name_en"],
        received_at=row["received_at"],
        updated_at=row["updated_at"],
    )
