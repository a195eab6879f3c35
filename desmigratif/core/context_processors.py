from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm


def site(request: HttpRequest) -> dict[str, Any]:
    """Navigation flags for the base template, computed from the one role → permission map."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "DEMO_MODE": settings.DEMO_MODE}
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "nav": {
            "people": has_perm(user, Perm.PEOPLE_VIEW),
            "cases": has_perm(user, Perm.MIGRATION_VIEW),
            "complaints": has_perm(user, Perm.COMPLAINTS_VIEW) or has_perm(user, Perm.COMPLAINTS_ESCALATED),
            "brokers": has_perm(user, Perm.BROKERS_VIEW),
            "audit": has_perm(user, Perm.AUDIT_VIEW),
            "remittances": has_perm(user, Perm.REMITTANCES_VIEW),
            "rules": has_perm(user, Perm.MIGRATION_VIEW) or has_perm(user, Perm.RULES_CHANGE),
            "cooperatives": has_perm(user, Perm.COOPERATIVES_VIEW),
            "monitoring": has_perm(user, Perm.AGGREGATES_VIEW),
            "enterprises": has_perm(user, Perm.ENTERPRISES_VIEW),
            "partners": has_perm(user, Perm.PARTNERS_VIEW),
            # Partners see the aggregated figures of the partner programmes only.
            "partner_figures": has_perm(user, Perm.AGGREGATES_VIEW) and not has_perm(user, Perm.PARTNERS_VIEW),
            "facilitators": has_perm(user, Perm.FACILITATORS_VIEW),
            "learning": has_perm(user, Perm.LEARNING_VIEW),
            "child_concerns": has_perm(user, Perm.CHILD_CONCERNS),
        },
    }
