"""A GIN index for the public vacancy search, on PostgreSQL only.

The index is on the same expression the search selector uses (``to_tsvector('simple', search_text)``,
``vacancies.selectors.search_vector``), so the planner can serve ``@@`` queries from it. SQLite has no
text search; its fallback (``LIKE``) needs no index. The index is not declared in the model's Meta,
where Django would try to create a GIN index on SQLite too.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("search_text", config="simple"), name="vacancies_search_gin")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("vacancies", "Vacancy"), INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("vacancies", "Vacancy"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
