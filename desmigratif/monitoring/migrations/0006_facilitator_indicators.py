"""Indicators of the village facilitators (issue 6): visits, and monthly reports approved on time."""

from django.db import migrations

CATALOGUE = [
    # code, order, name_id, name_en, definition_id, definition_en, formula, unit, kind, aggregate, suppress_small
    (
        "facilitator_visits", 510,
        "Kunjungan pendamping", "Facilitator visits",
        "Kunjungan dan kegiatan yang dicatat pendamping desa pada periode ini (kunjungan rumah, sosialisasi, "
        "bantuan dokumen, dan lainnya).",
        "Visits and activities village facilitators logged in the period (home visits, socialisation meetings, "
        "help with documents and others).",
        "count(visit) where visit.on in period",
        "count", "flow", "sum", False,
    ),
    (
        "reports_on_time", 520,
        "Laporan bulanan disetujui tepat waktu", "Monthly reports approved on time",
        "Bagian laporan bulanan yang jatuh tempo (desa yang punya pendamping pada bulan itu) yang disetujui "
        "Disnaker dan pertama kali dikirim paling lambat pada tanggal jatuh temponya.",
        "Share of the monthly reports due (villages with a facilitator in the month) that the regency office "
        "approved and that were first submitted by their due day.",
        "count(report approved and first submitted ≤ due day) / count(villages with a facilitator in the month) × 100, "
        "for months whose due day has passed",
        "percent", "flow", "ratio", False,
    ),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for code, order, name_id, name_en, def_id, def_en, formula, unit, kind, aggregate, suppress in CATALOGUE:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "pillar": "facilitators",
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
    dependencies = [("monitoring", "0005_partner_indicators"), ("facilitators", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
