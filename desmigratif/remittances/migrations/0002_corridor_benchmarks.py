"""Corridor benchmarks (World Bank Remittance Prices Worldwide, DOMAIN-RULES C4) and the SDG 10.c
cost targets (C2) as data. Benchmarks come from data/remittance_costs_to_indonesia.csv (see
data/README.md for its source and licence), rounded to 4 decimals (the export carries float noise).
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "remittance_costs_to_indonesia.csv"
SOURCE = "The World Bank, Remittance Prices Worldwide (Corridors), series ATCR.CORR (CC BY 4.0)"
SDG_BASIS = "SDG target 10.c, indicator 10.c.1 (UN 2030 Agenda; Addis Ababa Action Agenda)"
SDG_ADOPTED = datetime.date(2015, 9, 25)


def forwards(apps, schema_editor):
    CorridorBenchmark = apps.get_model("remittances", "CorridorBenchmark")
    CostTarget = apps.get_model("remittances", "CostTarget")
    with open(DATA, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            CorridorBenchmark.objects.update_or_create(
                sending_country=row["sending_iso2"],
                period=row["period"],
                defaults={
                    "average_total_cost_percent": Decimal(row["avg_total_cost_pct"]).quantize(Decimal("0.0001")),
                    "source": SOURCE,
                },
            )
    for code, percent, name_id, name_en in [
        ("sdg_10c_average", "3", "Rata-rata biaya global di bawah 3% pada 2030",
         "Global average cost below 3% by 2030"),
        ("sdg_10c_corridor", "5", "Tidak ada koridor dengan biaya di atas 5%", "No corridor costing more than 5%"),
    ]:
        CostTarget.objects.update_or_create(
            code=code,
            defaults={"percent": Decimal(percent), "name_id": name_id, "name_en": name_en,
                      "legal_basis": SDG_BASIS, "valid_from": SDG_ADOPTED},
        )


class Migration(migrations.Migration):
    dependencies = [("remittances", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
