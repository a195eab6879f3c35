from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm, roles_grant
from desmigratif.accounts.scope import role_assignments
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


def nav_links(nav: Mapping[str, bool], app: str) -> list[tuple[str, Any, bool]]:
    """The links a user may follow, each (URL, label, whether it is the current section)."""
    return [(object_path(name), label, name.split(":")[0] == app) for flag, name, label in NAV_LINKS if nav.get(flag)]


def site(request: HttpRequest) -> dict[str, Any]:
    """Navigation flags and the navigation's links for the base template.

    Both follow from the set of the user's roles alone (the one role → permission map), so they are
    worked out once per process for each set of roles (and, for the links, the section, language
    and URL prefix), not on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "DEMO_MODE": settings.DEMO_MODE}
    roles = frozenset(a.role for a in role_assignments(user))
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match is not None else ""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "nav": _nav(roles),
        "nav_html": _nav_html(roles, app, get_language(), get_script_prefix(), get_urlconf()),
    }


@lru_cache(maxsize=64)
def _nav(roles: frozenset[str]) -> MappingProxyType[str, bool]:
    """Which sections a user with these roles may open (read-only: shared by every request)."""

    def may(perm: str) -> bool:
        return roles_grant(roles, perm)

    return MappingProxyType(
        {
            "people": may(Perm.PEOPLE_VIEW),
            "cases": may(Perm.MIGRATION_VIEW),
            "complaints": may(Perm.COMPLAINTS_VIEW) or may(Perm.COMPLAINTS_ESCALATED),
            "brokers": may(Perm.BROKERS_VIEW),
            "audit": may(Perm.AUDIT_VIEW),
            "remittances": may(Perm.REMITTANCES_VIEW),
            "rules": may(Perm.MIGRATION_VIEW) or may(Perm.RULES_CHANGE),
            "cooperatives": may(Perm.COOPERATIVES_VIEW),
            "monitoring": may(Perm.AGGREGATES_VIEW),
            "enterprises": may(Perm.ENTERPRISES_VIEW),
            "partners": may(Perm.PARTNERS_VIEW),
            # Partners see the aggregated figures of the partner programmes only.
            "partner_figures": may(Perm.AGGREGATES_VIEW) and not may(Perm.PARTNERS_VIEW),
            "facilitators": may(Perm.FACILITATORS_VIEW),
            "learning": may(Perm.LEARNING_VIEW),
            "child_concerns": may(Perm.CHILD_CONCERNS),
        }
    )


@lru_cache(maxsize=1024)
def _nav_html(roles: frozenset[str], app: str, language: str | None, prefix: str, urlconf: Any) -> SafeString:
    """The navigation's links, the current section marked: written once per roles, section,
    language (the labels) and URL prefix and configuration (the links)."""
    return format_html_join(
        "",
        '<a href="{}"{}>{}</a>',
        (
            (url, SafeString(' aria-current="page"') if current else "", label)
            for url, label, current in nav_links(_nav(roles), app)
        ),
    )
