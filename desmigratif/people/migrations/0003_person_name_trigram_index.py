"""PostgreSQL only: a trigram index so 'name contains …' searches stay fast at a million people.

Django's icontains compiles to ``UPPER(full_name::text) LIKE UPPER('%…%')``; a GIN trigram index
on that expression serves it. SQLite has no such index type; at the sizes a single-village
SQLite install holds, a scan is fast enough.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_person_name_trgm_idx ON people_person USING gin (UPPER(full_name::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS people_person_name_trgm_idx"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in CREATE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_consent_texts_v1")]
    operations = [migrations.RunPython(forwards, backwards)]
