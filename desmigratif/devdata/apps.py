from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Dev-only: the demo data generator. Installed only when DESMIGRATIF_DEVDATA is on."""

    name = "desmigratif.devdata"
    verbose_name = "Demo data (dev only)"
