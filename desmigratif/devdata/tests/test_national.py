"""The national-scale generator at a small scale: what it makes, and books that balance."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from desmigratif.cooperatives.models import Cooperative, JournalLine, Member, SavingsAccount
from desmigratif.devdata.national import check_books, seed_national
from desmigratif.lib.months import month_start
from desmigratif.migration.models import MigrationCase
from desmigratif.monitoring import selectors

pytestmark = [pytest.mark.slow, pytest.mark.postgresql, pytest.mark.django_db]


def test_a_small_national_data_set_balances_and_is_counted():
    result = seed_national(villages=6, people=600, cases=80, journal_lines=2000, members_per_village=20, months=6)
    assert result.villages >= 6 and result.people == 600
    assert result.cases == MigrationCase.objects.count() == 80
    assert result.cooperatives == Cooperative.objects.count() and result.members == Member.objects.count()
    assert result.journal_lines == JournalLine.objects.count() == 2000
    assert check_books() == []
    # The ledger's own rules are on again after the bulk load.
    cooperative = Cooperative.objects.order_by("pk").first()
    assert cooperative is not None
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cooperatives_journalentry (cooperative_id, date, description, source, posted_at,"
            " posted_by_id, is_demo) VALUES (%s, now(), 'x', '', now(), %s, false)",
            [cooperative.pk, cooperative.created_by_id],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The dashboard's savings balance is the members' savings.
    catalogue = selectors.indicators()
    this_month = month_start(timezone.localdate())
    figures = selectors.figures(catalogue=catalogue, prefix="", start=this_month, end=this_month)
    assert figures["savings_balance"].value == SavingsAccount.objects.aggregate(t=Sum("balance"))["t"] > Decimal(0)


def test_more_cases_than_migrants_are_earlier_placements_of_returnees_and_workers_abroad():
    result = seed_national(villages=3, people=300, cases=200, journal_lines=200, members_per_village=5, months=3)
    cases = MigrationCase.objects.all()
    assert result.cases == cases.count() == 200
    earlier = cases.filter(status="returned")
    assert earlier.exists()
    # Every earlier placement came before the person's current case, departed and came back.
    latest = dict(cases.values("person_id").annotate(m=Max("opened_at")).values_list("person_id", "m"))
    assert all(case.opened_at < latest[case.person_id] for case in earlier)
    for case in earlier.select_related("step")[:20]:
        assert case.step.code == "returned" and case.step_started_at < timezone.now()
        assert list(case.events.order_by("at").values_list("kind", flat=True)) == [
            "opened",
            "step_changed",
            "step_changed",
        ]


def test_the_command_prints_its_phases_and_the_books(capsys):
    call_command(
        "seed_national",
        "--villages=5",
        "--people=300",
        "--cases=20",
        "--journal-lines=200",
        "--members-per-village=5",
        "--months=2",
    )
    out = capsys.readouterr().out
    assert "journal" in out and "books: balanced" in out
