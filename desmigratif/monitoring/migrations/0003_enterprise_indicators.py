"""Indicators of pillar 2, productive enterprises (issue 6)."""

from django.db import migrations

CATALOGUE = [
    # code, order, name_id, name_en, definition_id, definition_en, formula, unit, kind, aggregate, suppress_small
    (
        "enterprises_running", 105,
        "Usaha berjalan", "Enterprises running",
        "Usaha produktif yang berstatus berjalan pada akhir periode (menurut riwayat statusnya).",
        "Productive enterprises whose status was running at the end of the period (from their status history).",
        "count(enterprise) where last status change on or before end = running",
        "count", "stock", "sum", True,
    ),
    (
        "enterprise_revenue", 106,
        "Omzet usaha", "Enterprise revenue",
        "Omzet yang dilaporkan usaha untuk periode laporan yang dimulai dalam periode ini.",
        "Revenue reported by enterprises for report periods starting in the period.",
        "sum(progress_report.revenue) where period_start in period",
        "rupiah", "flow", "sum", False,
    ),
    (
        "training_participants", 107,
        "Peserta pelatihan", "Training participants",
        "Orang yang mengikuti pelatihan yang berakhir pada periode ini, dihitung di desa tempat tinggalnya.",
        "People in trainings that ended in the period, counted in the village where they live.",
        "count(distinct participant.person) where training.ends_on in period",
        "people", "flow", "sum", True,
    ),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for code, order, name_id, name_en, def_id, def_en, formula, unit, kind, aggregate, suppress in CATALOGUE:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "pillar": "enterprise",
                "order": order,
                "name_id": name_id,
                "name_en": name_en,
                "definition_id": def_id,
                "definition_en": def_en,
                "formula": formula,
                "unit": unit,
                "kind": kind,
                "aggregate": aggregate,
                "suppress_small": suppress,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_indicator_catalogue"), ("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
