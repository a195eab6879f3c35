"""The main navigation (core/context_processors.py): what it links, for whom, in which language."""

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, login, make_user
from desmigratif.accounts.roles import Perm, Role
from desmigratif.accounts.scope import has_perm
from desmigratif.core.context_processors import _nav

pytestmark = pytest.mark.django_db


def _nav_of(body: str) -> str:
    return body.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]


def test_the_navigation_links_the_sections_of_the_users_roles_and_marks_the_current_one(client, regions):
    facilitator = make_user("fasilitator", Role.FACILITATOR, VILLAGE_A)
    nav = _nav_of(login(client, facilitator).get(reverse("people:list")).content.decode())
    assert '<a href="/people/" aria-current="page">Penduduk</a>' in nav
    assert '<a href="/cases/">Kasus</a>' in nav
    assert 'href="/audit/"' not in nav  # a facilitator may not read the audit log
    # The same user in English, on another section: other labels, another current link.
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    nav = _nav_of(client.get(reverse("migration:list")).content.decode())
    assert '<a href="/people/">People</a>' in nav and '<a href="/cases/" aria-current="page">Cases</a>' in nav


def test_the_sections_follow_the_permissions_of_every_role(regions):
    flags = {"people": Perm.PEOPLE_VIEW, "audit": Perm.AUDIT_VIEW, "cooperatives": Perm.COOPERATIVES_VIEW}
    for number, role in enumerate(Role):
        user = make_user(f"peran_{number}", role, "" if role == Role.NATIONAL_STAFF else VILLAGE_A)
        nav = _nav(frozenset({role}))
        for flag, perm in flags.items():
            assert nav[flag] == has_perm(user, perm), (role, flag)
