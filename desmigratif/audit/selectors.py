from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.audit.models import AuditLog


def audit_log_for_user(
    user: Any, *, event: str = "", subject_type: str = "", subject_id: str = ""
) -> QuerySet[AuditLog]:
    qs = scope_for(user, Perm.AUDIT_VIEW).apply(AuditLog.objects.all(), "region_code")
    if event:
        qs = qs.filter(event=event)
    if subject_type and subject_id:
        qs = qs.filter(subject_type=subject_type, subject_id=subject_id)
    return qs.select_related("actor").order_by("-at", "-id")
