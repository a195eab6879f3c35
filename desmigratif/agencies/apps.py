from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "desmigratif.agencies"
    verbose_name = _("Placement agencies")
