"""Indicators of pillar 3, rumah belajar (issue 5)."""

from django.db import migrations

CATALOGUE = [
    # code, order, name_id, name_en, definition_id, definition_en, formula, unit, kind, aggregate, suppress_small
    (
        "children_enrolled", 108,
        "Anak di rumah belajar", "Children in the learning house",
        "Anak pekerja migran yang terdaftar di rumah belajar pada akhir periode (terdaftar dan belum keluar).",
        "Migrant workers' children registered in the learning house at the end of the period (registered, not left).",
        "count(child) where registered_on <= end and (left_on is null or left_on >= end)",
        "people", "stock", "sum", True,
    ),
    (
        "session_attendance", 109,
        "Kehadiran sesi rumah belajar", "Learning-house session attendance",
        "Kehadiran anak (sesi belajar) dan pengasuh (community parenting) pada sesi yang diadakan dalam periode ini; "
        "rinciannya per jenis sesi, penyebutnya jumlah sesi.",
        "Attendances of children (learning sessions) and caregivers (community parenting) at sessions held in the "
        "period; broken down by kind of session, with the number of sessions as denominator.",
        "count(attendance) where session.held_on in period; denominator count(session)",
        "count", "flow", "sum", True,
    ),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for code, order, name_id, name_en, def_id, def_en, formula, unit, kind, aggregate, suppress in CATALOGUE:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "pillar": "learning",
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
    dependencies = [("monitoring", "0006_facilitator_indicators"), ("learning", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
