from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.core.paths import object_path

# The main navigation in the order shown: (flag in ``nav``, URL name, label).
NAV_LINKS = [
    ("people", "people:list", _("People")),
    ("cases", "migration:list", _("Cases")),
    ("cases", "vacancies:list", _("Vacancies")),
    ("cases", "agencies:list", _("Agencies")),
    ("remittances", "remittances:list", _("Remittances")),
    ("complaints", "complaints:list", _("Complaints")),
    ("brokers", "brokers:list", _("Broker reports")),
    ("rules", "rules:index", _("Rules")),
    ("cooperatives", "cooperatives:list", _("Cooperatives")),
    ("enterprises", "enterprises:list", _("Enterprises")),
    ("partners", "partners:list", _("Partners")),
    ("partner_figures", "partners:figures", _("Partner programmes")),
    ("facilitators", "facilitators:list", _("Facilitators")),
    ("learning", "learning:houses", _("Learning houses")),
    ("monitoring", "monitoring:dashboard", _("Monitoring")),
    ("audit", "audit:list", _("Audit log")),
]


def nav_links(nav: dict[str, bool], app: str) -> list[tuple[str, Any, bool]]:
    """The links a user may follow, each (URL, label, whether it is the current section)."""
    return [(object_path(name), label, name.split(":")[0] == app) for flag, name, label in NAV_LINKS if nav.get(flag)]


def site(request: HttpRequest) -> dict[str, Any]:
    """Navigation flags for the base template, computed from the one role → permission map."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "DEMO_MODE": settings.DEMO_MODE}
    nav = {
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
    }
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match is not None else ""
    return {"DEMO_MODE": settings.DEMO_MODE, "nav": nav, "nav_links": nav_links(nav, app)}
