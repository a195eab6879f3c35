import pytest

from conftest import VILLAGE_A
from desmigratif.accounts.roles import ROLE_PERMISSIONS, ROLE_REGION_LEVELS, Perm, Role, region_level, role_grants

PEOPLE_PERMS = {p for p in Perm.values if p.startswith("people.")}


def test_every_role_has_permissions_and_a_region_level():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    assert set(ROLE_REGION_LEVELS) == set(Role.values)
    for role in Role.values:
        assert ROLE_PERMISSIONS[role], role
        assert ROLE_REGION_LEVELS[role], role
        assert ROLE_REGION_LEVELS[role] <= {0, 1, 2, 3, 4}, role


def test_every_permission_in_the_map_is_a_known_permission():
    assert all(p in Perm.values for perms in ROLE_PERMISSIONS.values() for p in perms)


def test_every_permission_is_granted_by_some_role():
    assert set().union(*ROLE_PERMISSIONS.values()) == set(Perm.values)


def test_partners_get_aggregates_and_no_people_permission():
    assert ROLE_PERMISSIONS[Role.PARTNER] == {Perm.AGGREGATES_VIEW}
    assert not ROLE_PERMISSIONS[Role.PARTNER] & PEOPLE_PERMS
    assert not role_grants(Role.PARTNER, Perm.PEOPLE_VIEW)


def test_system_administrators_read_no_personal_records():
    assert not ROLE_PERMISSIONS[Role.SYSTEM_ADMIN] & PEOPLE_PERMS
    assert Perm.MIGRATION_VIEW not in ROLE_PERMISSIONS[Role.SYSTEM_ADMIN]
    assert Perm.ACCOUNTS_MANAGE in ROLE_PERMISSIONS[Role.SYSTEM_ADMIN]


def test_only_system_administrators_manage_accounts():
    managers = {role for role, perms in ROLE_PERMISSIONS.items() if Perm.ACCOUNTS_MANAGE in perms}
    assert managers == {Role.SYSTEM_ADMIN}


def test_only_facilitators_officers_and_national_staff_may_reveal_a_nik():
    revealers = {role for role, perms in ROLE_PERMISSIONS.items() if Perm.PEOPLE_REVEAL_NIK in perms}
    assert revealers == {Role.FACILITATOR, Role.REGENCY_OFFICER, Role.NATIONAL_STAFF}


def test_national_staff_read_people_and_cases_but_do_not_change_them():
    perms = ROLE_PERMISSIONS[Role.NATIONAL_STAFF]
    assert {Perm.PEOPLE_VIEW, Perm.MIGRATION_VIEW} <= perms
    assert not perms & {Perm.PEOPLE_CHANGE, Perm.MIGRATION_CHANGE}


def test_facilitators_work_with_people_and_cases_but_do_not_read_the_audit_log():
    perms = ROLE_PERMISSIONS[Role.FACILITATOR]
    assert {Perm.PEOPLE_VIEW, Perm.PEOPLE_CHANGE, Perm.MIGRATION_VIEW, Perm.MIGRATION_CHANGE} <= perms
    assert Perm.AUDIT_VIEW not in perms


def test_every_role_that_changes_something_may_also_see_it():
    for role, perms in ROLE_PERMISSIONS.items():
        if Perm.PEOPLE_CHANGE in perms or Perm.PEOPLE_REVEAL_NIK in perms:
            assert Perm.PEOPLE_VIEW in perms, role
        if Perm.MIGRATION_CHANGE in perms:
            assert Perm.MIGRATION_VIEW in perms, role


@pytest.mark.parametrize(
    ("role", "levels"),
    [
        (Role.NATIONAL_STAFF, {0}),
        (Role.REGENCY_OFFICER, {2}),
        (Role.FACILITATOR, {4}),
        (Role.COOPERATIVE_OFFICER, {4}),
        (Role.SYSTEM_ADMIN, {0}),
    ],
)
def test_each_role_is_assigned_at_its_level_of_region(role, levels):
    assert ROLE_REGION_LEVELS[role] == levels


def test_region_levels_count_dotted_segments():
    assert [region_level(c) for c in ("", "35", "35.07", "35.07.33", VILLAGE_A)] == [0, 1, 2, 3, 4]


def test_an_unknown_role_grants_nothing():
    assert not role_grants("superhero", Perm.PEOPLE_VIEW)
    assert role_grants(Role.FACILITATOR, Perm.PEOPLE_VIEW)


def test_officers_and_national_staff_enter_and_verify_vacancies():
    for perm in (Perm.VACANCIES_CHANGE, Perm.VACANCIES_VERIFY):
        holders = {role for role, perms in ROLE_PERMISSIONS.items() if perm in perms}
        assert holders == {Role.REGENCY_OFFICER, Role.NATIONAL_STAFF}, perm


def test_only_the_handling_chain_reads_complaints():
    readers = {
        role
        for role, perms in ROLE_PERMISSIONS.items()
        if perms & {Perm.COMPLAINTS_VIEW, Perm.COMPLAINTS_HANDLE, Perm.COMPLAINTS_ESCALATED}
    }
    assert readers == {Role.FACILITATOR, Role.REGENCY_OFFICER, Role.NATIONAL_STAFF}
    # National staff join only at the BP3MI and embassy levels (complaints.selectors).
    assert Perm.COMPLAINTS_VIEW not in ROLE_PERMISSIONS[Role.NATIONAL_STAFF]
    assert not ROLE_PERMISSIONS[Role.COOPERATIVE_OFFICER] & {Perm.BROKERS_VIEW, Perm.COMPLAINTS_VIEW}


def test_the_permission_map_in_docs_scoping_is_the_one_in_the_code():
    from pathlib import Path

    from django.conf import settings

    from desmigratif.accounts.roles import ROLE_PERMISSIONS, Perm, Role

    doc = (Path(settings.BASE_DIR) / "docs" / "scoping.md").read_text(encoding="utf-8")
    header = next(line for line in doc.splitlines() if line.startswith("| permission (`Perm`) |"))
    roles = [cell.strip() for cell in header.strip("|").split("|")[1:]]
    assert roles == [role.value for role in Role]
    for perm in Perm:
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{perm.value}`:")), None)
        assert row is not None, f"{perm.value} is missing from docs/scoping.md"
        granted = [cell.strip() == "✓" for cell in row.strip("|").split("|")[1:]]
        assert granted == [perm in ROLE_PERMISSIONS.get(role, frozenset()) for role in Role], perm.value
