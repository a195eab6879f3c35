"""PostgreSQL binds parameters on the server and psycopg prepares the statements a connection runs
often (settings.py: ``server_side_binding``, ``DB_PREPARE_THRESHOLD``), so PostgreSQL plans them
once per connection. These tests fail if the setting is lost or an upgrade changes the behaviour
(the statement no longer prepared, or missing from Django's query log)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desmigratif.cooperatives.models import Account

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]


def _prepared(statement_start: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [statement_start + "%"])
        return int(cursor.fetchone()[0])


def test_a_query_run_often_is_prepared_on_the_connection_and_still_logged():
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    with CaptureQueriesContext(connection) as captured:
        for pk in range(threshold + 2):
            assert not Account.objects.filter(pk=pk + 10**9).exists()
    assert _prepared('SELECT $1 AS "a" FROM "cooperatives_account" WHERE') == 1
    # Every run is in Django's query log with its parameter, the prepared runs too.
    logged = [q["sql"] for q in captured.captured_queries]
    assert len(logged) == threshold + 2
    assert all(str(pk + 10**9) in sql for pk, sql in enumerate(logged))


def test_a_query_run_once_is_not_prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::int + 41", [1])
        assert cursor.fetchone()[0] == 42
    assert _prepared("SELECT $1::int + 41") == 0
