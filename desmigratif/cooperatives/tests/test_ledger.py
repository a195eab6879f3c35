"""The double-entry ledger: balanced, positive, immutable entries; balances kept exactly."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from desmigratif.cooperatives import services
from desmigratif.cooperatives.ledger import Line, money, post_entry, reverse_entry
from desmigratif.cooperatives.models import Account, AccountTemplate, JournalEntry, JournalLine

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 5)


def balance(cooperative, role):
    return Account.objects.get(cooperative=cooperative, role=role).balance


def test_a_new_cooperative_gets_the_whole_template_chart_and_default_shu(cooperative):
    assert cooperative.accounts.count() == AccountTemplate.objects.count() >= 30
    assert sum(a.percent for a in cooperative.shu_allocations.all()) == 100


def test_shu_shares_must_sum_to_100(treasurer, regions):
    from desmigratif.regions.models import Village

    with pytest.raises(ValidationError) as exc:
        services.cooperative_create(
            village=Village.objects.get(code="35.07.33.2006"),
            name="K",
            founded_on=DAY,
            principal_savings_amount=Decimal(0),
            mandatory_savings_amount=Decimal(0),
            actor=treasurer,
            shu={"reserve": Decimal("40"), "jasa_modal": Decimal("40"), "social": Decimal("25")},
        )
    assert "105" in str(exc.value)


def test_a_balanced_entry_moves_every_balance(cooperative, treasurer):
    post_entry(
        cooperative=cooperative,
        date=DAY,
        description="Office supplies",
        lines=[Line("admin_expense", debit=Decimal("150000")), Line("cash", credit=Decimal("150000"))],
        actor=treasurer,
    )
    assert balance(cooperative, "admin_expense") == Decimal("150000.00")
    assert balance(cooperative, "cash") == Decimal("-150000.00")
    assert Account.objects.get(cooperative=cooperative, role="cash").normal_balance == Decimal("-150000.00")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([Line("cash", debit=Decimal("10"))], "at least two lines"),
        ([Line("cash", debit=Decimal("10")), Line("other_income", credit=Decimal("9"))], "must be equal"),
        (
            [Line("cash", debit=Decimal("10"), credit=Decimal("10")), Line("other_income", credit=Decimal("0"))],
            "either",
        ),
        ([Line("cash", debit=Decimal("-10")), Line("other_income", credit=Decimal("-10"))], "either"),
        ([Line("cash", debit=Decimal("10.001")), Line("other_income", credit=Decimal("10.001"))], "two decimals"),
        ([Line("cash", debit=Decimal("NaN")), Line("other_income", credit=Decimal("NaN"))], "two decimals"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(cooperative, treasurer, lines, message):
    with pytest.raises(ValidationError) as exc:
        post_entry(cooperative=cooperative, date=DAY, description="x", lines=lines, actor=treasurer)
    assert message in str(exc.value)
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()
    assert balance(cooperative, "cash") == 0


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        money(0.1)
    assert money("1500.5") == Decimal("1500.50")


def test_an_account_of_another_cooperative_is_refused(cooperative, treasurer):
    other = services.cooperative_create(
        village=cooperative.village,
        name="Koperasi Kedua",
        founded_on=DAY,
        principal_savings_amount=Decimal(0),
        mandatory_savings_amount=Decimal(0),
        actor=treasurer,
    )
    foreign = Account.objects.get(cooperative=other, role="cash")
    with pytest.raises(ValidationError):
        post_entry(
            cooperative=cooperative,
            date=DAY,
            description="x",
            lines=[Line(foreign, debit=Decimal("5")), Line("other_income", credit=Decimal("5"))],
            actor=treasurer,
        )


def test_a_closed_month_takes_no_entry(cooperative, treasurer):
    services.period_close(cooperative=cooperative, year=2026, month=9, actor=treasurer)
    with pytest.raises(ValidationError) as exc:
        post_entry(
            cooperative=cooperative,
            date=datetime.date(2026, 9, 30),
            description="late",
            lines=[Line("cash", debit=Decimal("5")), Line("other_income", credit=Decimal("5"))],
            actor=treasurer,
        )
    assert "2026-09" in str(exc.value)
    with pytest.raises(ValidationError):
        services.period_close(cooperative=cooperative, year=2026, month=9, actor=treasurer)


def test_the_current_month_cannot_be_closed(cooperative, treasurer):
    today = datetime.date.today()
    with pytest.raises(ValidationError):
        services.period_close(cooperative=cooperative, year=today.year, month=today.month, actor=treasurer)


def test_a_reversal_mirrors_the_entry_once_and_restores_the_balances(cooperative, treasurer):
    entry = post_entry(
        cooperative=cooperative,
        date=DAY,
        description="Wrong amount",
        lines=[Line("cash", debit=Decimal("700")), Line("other_income", credit=Decimal("700"))],
        actor=treasurer,
    )
    reversal = reverse_entry(entry=entry, date=DAY, reason="typo", actor=treasurer)
    assert reversal.reversal_of == entry
    assert balance(cooperative, "cash") == 0 and balance(cooperative, "other_income") == 0
    with pytest.raises(ValidationError):
        reverse_entry(entry=entry, date=DAY, reason="again", actor=treasurer)
    with pytest.raises(ValidationError):
        reverse_entry(entry=reversal, date=DAY, reason="undo", actor=treasurer)


def test_account_balances_equal_the_sum_of_their_lines(cooperative, treasurer):
    for amount in ("100", "250.50", "0.01"):
        post_entry(
            cooperative=cooperative,
            date=DAY,
            description="x",
            lines=[
                Line("cash", debit=Decimal(amount)),
                Line("other_income", credit=Decimal(amount) / 2 if amount != "0.01" else Decimal(amount)),
                *([Line("fee_income", credit=Decimal(amount) / 2)] if amount != "0.01" else []),
            ],
            actor=treasurer,
        )
    for account in cooperative.accounts.all():
        lines = JournalLine.objects.filter(account=account)
        assert account.balance == sum((line.debit - line.credit for line in lines), Decimal(0))


def test_posting_locks_each_account_once_in_a_few_queries(cooperative, treasurer, django_assert_max_num_queries):
    lines = [Line("cash", debit=Decimal("10")), Line("other_income", credit=Decimal("10"))]
    with django_assert_max_num_queries(9):
        post_entry(cooperative=cooperative, date=DAY, description="x", lines=lines, actor=treasurer)


# --- What PostgreSQL itself refuses ------------------------------------------------------------------


def _raw_entry(cooperative, user, debit, credit):
    cash = Account.objects.get(cooperative=cooperative, role="cash")
    income = Account.objects.get(cooperative=cooperative, role="other_income")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cooperatives_journalentry (cooperative_id, date, description, source, posted_at,"
            " posted_by_id, is_demo) VALUES (%s, %s, 'raw', '', now(), %s, false) RETURNING id",
            [cooperative.pk, DAY, user.pk],
        )
        entry_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO cooperatives_journalline (entry_id, account_id, debit, credit) VALUES (%s, %s, %s, 0),"
            " (%s, %s, 0, %s)",
            [entry_id, cash.pk, debit, entry_id, income.pk, credit],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return entry_id


@pytest.mark.postgresql
def test_postgresql_rejects_an_unbalanced_entry_inserted_in_sql(cooperative, treasurer):
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        _raw_entry(cooperative, treasurer, Decimal("100"), Decimal("90"))


@pytest.mark.postgresql
def test_postgresql_rejects_an_entry_without_lines(cooperative, treasurer):
    with (
        pytest.raises(DatabaseError, match="does not balance"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO cooperatives_journalentry (cooperative_id, date, description, source, posted_at,"
            " posted_by_id, is_demo) VALUES (%s, %s, 'empty', '', now(), %s, false)",
            [cooperative.pk, DAY, treasurer.pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.postgresql
def test_postgresql_accepts_a_balanced_entry_inserted_in_sql(cooperative, treasurer):
    with transaction.atomic():
        entry_id = _raw_entry(cooperative, treasurer, Decimal("100"), Decimal("100"))
    assert JournalLine.objects.filter(entry_id=entry_id).count() == 2


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cooperatives_journalline SET debit = debit + 1",
        "DELETE FROM cooperatives_journalline",
        "UPDATE cooperatives_journalentry SET description = 'x'",
        "DELETE FROM cooperatives_journalentry",
    ],
)
def test_postgresql_keeps_posted_rows_immutable(cooperative, treasurer, statement):
    post_entry(
        cooperative=cooperative,
        date=DAY,
        description="posted",
        lines=[Line("cash", debit=Decimal("5")), Line("other_income", credit=Decimal("5"))],
        actor=treasurer,
    )
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
