"""The complaint categories and the escalation chain as data.

Categories: the categories BP2MI (now KP2MI) uses to count the complaints of migrant workers in its
published complaint data. They are a source's classification, not regulation.

Escalation levels: village facilitator → Disnaker (regency) → BP3MI (province) → Indonesian
embassy or consulate (national). The response days are the programme's own targets, not
regulation; national staff can change them (admin). Rows carry their source and validity dates.
"""

import datetime

from django.db import migrations

FROM = datetime.date(2020, 1, 1)
BP2MI = "BP2MI/KP2MI complaint data categories (Data Pengaduan PMI), a source's classification, not regulation"
TARGET = (
    "Desmigratif response target (programme setting, not regulation); chain per DOMAIN-RULES A5.3/A5.4 "
    "(village petugas → Disnaker) and the BP3MI/Perwakilan RI protection services"
)

CATEGORIES = [
    # code, order, name_id, name_en
    ("wants_to_go_home", 10, "PMI ingin dipulangkan", "Wants to go home"),
    ("unpaid_wages", 20, "Gaji tidak dibayar", "Unpaid wages"),
    ("deported", 30, "Deportasi", "Deported"),
    ("failed_to_depart", 40, "Gagal berangkat", "Failed to depart"),
    ("died", 50, "Meninggal dunia di negara tujuan", "Died in the destination country"),
    ("job_fraud", 60, "Penipuan atau pekerjaan tidak sesuai perjanjian", "Job fraud or work not as promised"),
    ("abuse", 70, "Tindak kekerasan atau penganiayaan", "Abuse or violence"),
    ("illness", 80, "Sakit", "Illness"),
    ("lost_contact", 90, "Putus hubungan komunikasi", "Lost contact"),
    ("overstay", 100, "Overstay atau tidak berdokumen", "Overstay or undocumented"),
    ("detained", 110, "Ditahan atau bermasalah hukum", "Detained or legal problem"),
    ("other", 900, "Lainnya", "Other"),
]

LEVELS = [
    # code, order, name_id, name_en, tier, response days
    ("facilitator", 10, "Pendamping desa", "Village facilitator", "village", 3),
    ("disnaker", 20, "Disnaker kabupaten/kota", "Regency manpower office (Disnaker)", "regency", 7),
    ("bp3mi", 30, "BP3MI provinsi", "Provincial migrant protection office (BP3MI)", "province", 14),
    ("perwakilan", 40, "KBRI/KJRI (perwakilan RI)", "Indonesian embassy or consulate", "national", 30),
]


def publish(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    Level = apps.get_model("complaints", "EscalationLevel")
    for code, order, name_id, name_en in CATEGORIES:
        Category.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_id": name_id, "name_en": name_en, "legal_basis": BP2MI, "valid_from": FROM},
        )
    for code, order, name_id, name_en, tier, days in LEVELS:
        Level.objects.update_or_create(
            code=code,
            defaults={
                "order": order,
                "name_id": name_id,
                "name_en": name_en,
                "tier": tier,
                "response_days": days,
                "legal_basis": TARGET,
                "valid_from": FROM,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
