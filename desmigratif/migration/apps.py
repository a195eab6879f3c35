from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "desmigratif.migration"
    label = "migration_cases"
    verbose_name = _("Migration service centre")
