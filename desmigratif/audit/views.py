from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.audit.models import AuditEvent
from desmigratif.audit.selectors import audit_log_for_user, readable_changes
from desmigratif.core.pages import page_of

PAGE_SIZE = 50


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """Who changed or read which record, newest first, within the viewer's regions."""
    if not has_perm(request.user, Perm.AUDIT_VIEW):
        raise PermissionDenied
    event = request.GET.get("event", "")
    if event not in AuditEvent.values:
        event = ""
    page = page_of(request, audit_log_for_user(request.user, event=event), per_page=PAGE_SIZE)
    return render(
        request,
        "audit/audit_list.html",
        {
            "page": page,
            "entries": [(entry, readable_changes(entry)) for entry in page.object_list],
            "events": AuditEvent.choices,
            "event": event,
        },
    )
