"""The ledger's prepared cursor leans on private methods of Django and psycopg: these tests fail if
an upgrade changes them (the statement no longer prepared, or missing from Django's query log)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desmigratif.cooperatives.ledger import prepared_cursor

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

SQL = "SELECT %s::int + 1"


def _prepared_here() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + 1'")
        return int(cursor.fetchone()[0])


def test_a_statement_run_often_is_prepared_on_the_connection_and_still_logged():
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None  # settings.py sets it for PostgreSQL (DB_PREPARE_THRESHOLD)
    with CaptureQueriesContext(connection) as captured:
        for n in range(threshold + 2):
            with prepared_cursor() as cursor:
                cursor.execute(SQL, [n])
                assert cursor.fetchone()[0] == n + 1
    assert _prepared_here() == 1
    # Every run is in Django's query log with its statement, the prepared runs too.
    assert [q["sql"] for q in captured.captured_queries] == ["SELECT $1::int + 1"] * (threshold + 2)


def test_a_statement_run_once_is_not_prepared():
    with prepared_cursor() as cursor:
        cursor.execute(SQL, [1])
    assert _prepared_here() == 0
