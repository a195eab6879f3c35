"""Partner organisations named in the programme's public description (DESIGN.md "Who uses it",
GLOSSARY.md): the migrant-protection agency, Bank Indonesia, BRI, BNI and the World Bank.

The programme's memorandum names eleven ministries and agencies; the project's sources do not list
them, so they are not invented here: national staff add the others on the organisations page.
"""

from django.db import migrations

ORGANISATIONS = [
    # kind, name, short name
    ("ministry", "Kementerian Pelindungan Pekerja Migran Indonesia (dahulu BP2MI)", "KP2MI"),
    ("central_bank", "Bank Indonesia", "BI"),
    ("state_bank", "PT Bank Rakyat Indonesia (Persero) Tbk", "BRI"),
    ("state_bank", "PT Bank Negara Indonesia (Persero) Tbk", "BNI"),
    ("international", "Bank Dunia (World Bank)", "World Bank"),
]


def load(apps, schema_editor):
    Organisation = apps.get_model("partners", "Organisation")
    for kind, name, short_name in ORGANISATIONS:
        Organisation.objects.update_or_create(name=name, defaults={"kind": kind, "short_name": short_name})


def unload(apps, schema_editor):
    Organisation = apps.get_model("partners", "Organisation")
    Organisation.objects.filter(name__in=[row[1] for row in ORGANISATIONS], programmes__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
