"""The business sectors offered for enterprises and trainings: a short programme list, as data."""

from django.db import migrations

SECTORS = [
    # code, Indonesian, English
    ("food", "Pengolahan makanan", "Food processing"),
    ("agriculture", "Pertanian", "Agriculture"),
    ("livestock", "Peternakan", "Livestock"),
    ("fisheries", "Perikanan", "Fisheries"),
    ("trade", "Perdagangan", "Trade"),
    ("crafts", "Kerajinan", "Crafts"),
    ("services", "Jasa", "Services"),
    ("tourism", "Pariwisata", "Tourism"),
]


def forwards(apps, schema_editor):
    Sector = apps.get_model("enterprises", "Sector")
    for order, (code, name_id, name_en) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(code=code, defaults={"name_id": name_id, "name_en": name_en, "order": order})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
