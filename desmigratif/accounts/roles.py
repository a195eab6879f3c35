"""Roles, permissions and the one map between them.

A user holds one or more role assignments, each for a region (a Kemendagri code prefix). What a
user may do with a permission is decided per assignment: the scope of a permission is the union
of the regions of the assignments whose role grants it. Keep every role → permission decision in
this module; views, selectors and the API ask ``has_perm``/``scope_for`` and never test roles.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_STAFF = "national_staff", _("National programme staff (Kemnaker)")
    REGENCY_OFFICER = "regency_officer", _("Regency officer (Disnaker)")
    FACILITATOR = "facilitator", _("Village facilitator (pendamping)")
    COOPERATIVE_OFFICER = "cooperative_officer", _("Cooperative officer")
    PARTNER = "partner", _("Partner (aggregates only)")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Perm(models.TextChoices):
    PEOPLE_VIEW = "people.view", _("See people's records")
    PEOPLE_CHANGE = "people.change", _("Register and edit people")
    PEOPLE_REVEAL_NIK = "people.reveal_nik", _("Reveal a full NIK")
    MIGRATION_VIEW = "migration.view", _("See migration cases")
    MIGRATION_CHANGE = "migration.change", _("Open and advance migration cases")
    AGENCIES_CHANGE = "agencies.change", _("Register agencies and change their licence status")
    COOPERATIVES_VIEW = "cooperatives.view", _("See cooperatives, their members and books")
    COOPERATIVES_CHANGE = "cooperatives.change", _("Run a cooperative: members, savings, loans, journal")
    VACANCIES_CHANGE = "vacancies.change", _("Enter and edit vacancies (job orders)")
    VACANCIES_VERIFY = "vacancies.verify", _("Verify or reject vacancies")
    REMITTANCES_VIEW = "remittances.view", _("See remittances received by families")
    REMITTANCES_CHANGE = "remittances.change", _("Record remittances")
    COMPLAINTS_VIEW = "complaints.view", _("Read complaints of the area (handling chain)")
    COMPLAINTS_HANDLE = "complaints.handle", _("Record, escalate and resolve complaints of the area")
    COMPLAINTS_ESCALATED = "complaints.escalated", _("Read and handle complaints escalated to BP3MI or an embassy")
    BROKERS_VIEW = "brokers.view", _("See broker reports and the early-warning list")
    BROKERS_CHANGE = "brokers.change", _("Record broker reports and their follow-up")
    ENTERPRISES_VIEW = "enterprises.view", _("See enterprises, their progress and trainings")
    ENTERPRISES_CHANGE = "enterprises.change", _("Record enterprises, progress reports and trainings")
    LEARNING_VIEW = "learning.view", _("See the learning house, its children (masked) and sessions")
    LEARNING_CHANGE = "learning.change", _("Register children with consent and record sessions")
    CHILD_CONCERNS = "learning.concerns", _("Read and write restricted concern notes about children")
    FACILITATORS_VIEW = "facilitators.view", _("See facilitators, their visits and monthly reports")
    FACILITATORS_APPOINT = (
        "facilitators.appoint",
        _("Record village deliberations, appoint facilitators, create their accounts"),
    )
    VISITS_CHANGE = "facilitators.visits", _("Log one's own visits and activities")
    REPORTS_WRITE = "reports.write", _("Write and submit the village's monthly report")
    REPORTS_REVIEW = "reports.review", _("Approve or return monthly reports")
    PARTNERS_VIEW = "partners.view", _("See partner programmes, the villages they support and the area's referrals")
    REFERRALS_CHANGE = "partners.refer", _("Refer people of the area to partner programmes and record their uptake")
    PARTNERS_CHANGE = (
        "partners.change",
        _("Register partner organisations, their programmes and the villages they serve"),
    )
    RULES_CHANGE = "rules.change", _("Edit the reference rules (steps, documents, jobs, zero cost, moratorium)")
    AUDIT_VIEW = "audit.view", _("Read the audit log")
    AGGREGATES_VIEW = "aggregates.view", _("See aggregated figures")
    ACCOUNTS_MANAGE = "accounts.manage", _("Manage user accounts and roles")


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.NATIONAL_STAFF: frozenset(
        {
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_REVEAL_NIK,
            Perm.MIGRATION_VIEW,
            Perm.AGENCIES_CHANGE,
            Perm.COOPERATIVES_VIEW,
            Perm.VACANCIES_CHANGE,
            Perm.VACANCIES_VERIFY,
            Perm.REMITTANCES_VIEW,
            Perm.COMPLAINTS_ESCALATED,
            Perm.BROKERS_VIEW,
            Perm.ENTERPRISES_VIEW,
            Perm.FACILITATORS_VIEW,
            Perm.PARTNERS_VIEW,
            Perm.PARTNERS_CHANGE,
            Perm.RULES_CHANGE,
            Perm.AUDIT_VIEW,
            Perm.AGGREGATES_VIEW,
        }
    ),
    Role.REGENCY_OFFICER: frozenset(
        {
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_CHANGE,
            Perm.PEOPLE_REVEAL_NIK,
            Perm.MIGRATION_VIEW,
            Perm.MIGRATION_CHANGE,
            Perm.COOPERATIVES_VIEW,
            # Disnaker receives job orders from agencies and checks them (A2.2 SIP2MI per job order).
            Perm.VACANCIES_CHANGE,
            Perm.VACANCIES_VERIFY,
            Perm.REMITTANCES_VIEW,
            Perm.COMPLAINTS_VIEW,
            Perm.COMPLAINTS_HANDLE,
            Perm.BROKERS_VIEW,
            Perm.BROKERS_CHANGE,
            Perm.ENTERPRISES_VIEW,
            Perm.ENTERPRISES_CHANGE,
            # Children's records stay with the village and its regency (UU 27/2022 Pasal 25).
            Perm.LEARNING_VIEW,
            Perm.LEARNING_CHANGE,
            Perm.CHILD_CONCERNS,
            Perm.FACILITATORS_VIEW,
            # Disnaker appoints the facilitators the village deliberation chose and reviews their reports.
            Perm.FACILITATORS_APPOINT,
            # Disnaker and facilitators refer people of their area to partner programmes.
            Perm.PARTNERS_VIEW,
            Perm.REFERRALS_CHANGE,
            Perm.REPORTS_REVIEW,
            Perm.AUDIT_VIEW,
            Perm.AGGREGATES_VIEW,
        }
    ),
    # Facilitators register people and run migration services, which needs the full NIK.
    Role.FACILITATOR: frozenset(
        {
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_CHANGE,
            Perm.PEOPLE_REVEAL_NIK,
            Perm.MIGRATION_VIEW,
            Perm.MIGRATION_CHANGE,
            # Facilitators record the remittances migrants' families receive (pillar 1 and 4).
            Perm.REMITTANCES_VIEW,
            Perm.REMITTANCES_CHANGE,
            Perm.COMPLAINTS_VIEW,
            Perm.COMPLAINTS_HANDLE,
            Perm.BROKERS_VIEW,
            Perm.BROKERS_CHANGE,
            Perm.ENTERPRISES_VIEW,
            Perm.ENTERPRISES_CHANGE,
            Perm.LEARNING_VIEW,
            Perm.LEARNING_CHANGE,
            Perm.CHILD_CONCERNS,
            Perm.FACILITATORS_VIEW,
            Perm.VISITS_CHANGE,
            Perm.PARTNERS_VIEW,
            Perm.REFERRALS_CHANGE,
            Perm.REPORTS_WRITE,
            Perm.AGGREGATES_VIEW,
        }
    ),
    # Cooperative officers register members from the people registry; they never need the full NIK.
    Role.COOPERATIVE_OFFICER: frozenset(
        {
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_CHANGE,
            Perm.COOPERATIVES_VIEW,
            Perm.COOPERATIVES_CHANGE,
            # A cooperative lends to members' enterprises; it reads them, it does not record them.
            Perm.ENTERPRISES_VIEW,
            Perm.REMITTANCES_VIEW,
            Perm.REMITTANCES_CHANGE,
            Perm.AGGREGATES_VIEW,
        }
    ),
    # Partners see aggregated figures only, never personal data.
    Role.PARTNER: frozenset({Perm.AGGREGATES_VIEW}),
    # System administrators manage accounts; they read no personal data by virtue of that role.
    Role.SYSTEM_ADMIN: frozenset({Perm.ACCOUNTS_MANAGE, Perm.AUDIT_VIEW}),
}

# Which level of region each role is assigned to: the number of dotted segments of its code
# (0 = the whole country, 2 = a regency, 4 = a village).
ROLE_REGION_LEVELS: dict[str, frozenset[int]] = {
    Role.NATIONAL_STAFF: frozenset({0}),
    Role.REGENCY_OFFICER: frozenset({2}),
    Role.FACILITATOR: frozenset({4}),
    Role.COOPERATIVE_OFFICER: frozenset({4}),
    Role.PARTNER: frozenset({0, 1, 2}),
    Role.SYSTEM_ADMIN: frozenset({0}),
}


def region_level(code: str) -> int:
    return 0 if code == "" else code.count(".") + 1


def role_grants(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())


def roles_grant(roles: Iterable[str], perm: str) -> bool:
    """Whether any of ``roles`` grants ``perm`` (somewhere: where is the scope's question)."""
    return any(role_grants(role, perm) for role in roles)
