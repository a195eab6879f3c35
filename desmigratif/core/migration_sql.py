"""SQL that only PostgreSQL runs, for migrations (triggers, functions): nothing happens on SQLite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations


def run_on_postgresql(create: str, drop: str) -> migrations.RunPython:
    """A migration operation running ``create`` forwards and ``drop`` backwards, on PostgreSQL only.

    The SQL goes through a plain cursor without parameters, so a "%" in it (RAISE's placeholders)
    is sent as written.
    """

    def run(sql: str) -> Callable[[Any, Any], None]:
        def execute(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(sql)

        return execute

    return migrations.RunPython(run(create), run(drop))
