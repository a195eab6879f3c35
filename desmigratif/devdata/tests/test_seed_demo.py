import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from desmigratif.accounts.models import User
from desmigratif.accounts.roles import Role
from desmigratif.devdata.generator import PILOT_VILLAGES
from desmigratif.lib import nik as nik_lib
from desmigratif.people.models import Consent, Household, HouseholdMember, Person
from desmigratif.regions.models import ProgramVillage

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_seed_demo_makes_a_plausible_demo_and_running_it_again_creates_nothing(capsys):
    call_command("seed_demo", "--people", "80", "--demo-villages", "10")
    output = capsys.readouterr().out
    assert "80 people" in output and "demo-desmigratif" in output

    people = list(Person.objects.all())
    assert len(people) == 80 and all(p.is_demo for p in people)
    assert {p.domicile_village_id for p in people} == set(PILOT_VILLAGES)
    for person in people:
        parsed = nik_lib.parse(person.nik)
        assert parsed.sex == person.sex and parsed.matches_birth_date(person.birth_date)
        assert parsed.district_code == person.domicile_village_id[:8]
    assert Consent.objects.count() == 80
    heads = Household.objects.annotate(heads=Count("members", filter=Q(members__relationship="head")))
    assert all(h.heads == 1 and h.is_demo for h in heads)
    assert HouseholdMember.objects.count() == 80
    assert {p.migrant_status for p in people} >= {"abroad", "family", "none"}

    roles = set(User.objects.filter(is_demo=True).values_list("role_assignments__role", flat=True))
    assert roles == set(Role.values)
    assert ProgramVillage.objects.filter(is_demo=False).count() == 79
    assert ProgramVillage.objects.filter(is_demo=True).exists()

    counts = (Person.objects.count(), Household.objects.count(), ProgramVillage.objects.count(), User.objects.count())
    call_command("seed_demo", "--people", "80", "--demo-villages", "10")
    assert (
        Person.objects.count(),
        Household.objects.count(),
        ProgramVillage.objects.count(),
        User.objects.count(),
    ) == counts
