"""Indicators of the partner programmes (issue 6 item 5): referrals and their uptake."""

from django.db import migrations, models

CATALOGUE = [
    # code, order, name_id, name_en, definition_id, definition_en, formula, unit, kind, aggregate, suppress_small
    (
        "partner_referrals", 301,
        "Rujukan ke program mitra", "Referrals to partner programmes",
        "Orang yang dirujuk ke program mitra pada periode ini, dihitung di desa yang merujuk.",
        "People referred to a partner programme in the period, counted in the referring village.",
        "count(referral) where referred_on in period",
        "people", "flow", "sum", True,
    ),
    (
        "partner_uptake", 302,
        "Rujukan yang diterima (uptake)", "Referrals taken up (uptake)",
        "Dari rujukan pada periode ini: bagian yang diterima atau sudah selesai mengikuti program"
        " (menurut status terakhirnya).",
        "Of the referrals made in the period: the share taken up or completed (by their latest status).",
        "count(referral where status in (taken_up, completed)) / count(referral), referred_on in period",
        "percent", "flow", "ratio", False,
    ),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for code, order, name_id, name_en, def_id, def_en, formula, unit, kind, aggregate, suppress in CATALOGUE:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "pillar": "partners",
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
    dependencies = [("monitoring", "0004_programme_report"), ("partners", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="pillar",
            field=models.CharField(
                choices=[
                    ("migration", "1 · Migration service centre"),
                    ("enterprise", "2 · Productive enterprises"),
                    ("learning", "3 · Rumah belajar"),
                    ("cooperative", "4 · Cooperatives and remittances"),
                    ("facilitators", "Facilitators"),
                    ("partners", "Partners"),
                ],
                max_length=15,
                verbose_name="pillar",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
