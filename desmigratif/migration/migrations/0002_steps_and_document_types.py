"""The placement steps (DOMAIN-RULES A1.7) and required documents (A1.4, A1.5) as data.

Target days are the programme's own service-time targets ("layanan cepat"), not regulation;
national staff can change them (admin). Rows carry their legal basis and validity dates.
"""

import datetime

from django.db import migrations

UU18 = datetime.date(2017, 11, 22)  # UU 18/2017 enacted
TARGET = "Desmigratif service-time target (programme setting, not regulation)"
A17 = "PP 10/2020 (sequence as summarised by detik.com); Permen P2MI 4/2025 Pasal 9(1)(c)-(e)"

STEPS = [
    # code, order, name_id, name_en, target_days, case_status, min_age, legal basis
    ("registration", 10, "Registrasi dan seleksi (Disnaker/LTSA)", "Registration and selection (Disnaker/LTSA)",
     7, "active", None, A17),
    ("health_check", 20, "Pemeriksaan kesehatan dan psikologi", "Health and psychological check", 14, "active",
     None, A17),
    ("placement_agreement", 30, "Penandatanganan perjanjian penempatan", "Placement agreement signed", 7, "active",
     None, A17),
    ("social_security", 40, "Pendaftaran jaminan sosial (BPJS Ketenagakerjaan)",
     "Social security registration (BPJS Ketenagakerjaan)", 7, "active", None, A17 + "; Permenaker 4/2023"),
    ("work_visa", 50, "Visa kerja", "Work visa", 30, "active", None, A17),
    ("opp", 60, "Orientasi Pra Pemberangkatan (OPP)", "Pre-departure orientation (OPP)", 14, "active", None,
     A17 + "; Permen P2MI 4/2025 Pasal 9(1)(e)"),
    ("departure", 70, "Penandatanganan perjanjian kerja dan keberangkatan", "Work agreement signed and departure",
     14, "active", 18, A17 + "; UU 18/2017 Pasal 5 huruf a (minimum age 18)"),
    ("abroad", 80, "Bekerja di luar negeri", "Working abroad", None, "abroad", None, "UU 18/2017"),
    ("returned", 90, "Kembali ke tanah air", "Returned home", None, "returned", None, "UU 18/2017"),
]

P13 = "UU 18/2017 Pasal 13; Perban BP2MI 9/2020 Pasal 2"
PRACTICE = "Practice at LTSA/Disnaker intake (DOMAIN-RULES A1.5)"
DOCUMENTS = [
    # code, name_id, name_en, step, expires, legal basis
    ("ktp", "KTP (NIK)", "Identity card (KTP, NIK)", "registration", False, PRACTICE),
    ("kk", "Kartu keluarga (KK)", "Family card (KK)", "registration", False, PRACTICE),
    ("akta_kelahiran", "Akta kelahiran", "Birth certificate", "registration", False, PRACTICE),
    ("ijazah", "Ijazah", "School certificate (ijazah)", "registration", False, PRACTICE),
    ("status_perkawinan", "Surat keterangan status perkawinan", "Certificate of marital status", "registration",
     False, P13),
    ("izin_keluarga", "Surat izin suami/istri, orang tua atau wali (diketahui kepala desa/lurah)",
     "Permission of spouse, parent or guardian (acknowledged by the village head)", "registration", False, P13),
    ("surat_sehat", "Surat keterangan sehat (kesehatan dan psikologi)", "Health and psychological certificate",
     "health_check", True, P13),
    ("sertifikat_kompetensi", "Sertifikat kompetensi kerja", "Work competence certificate", "placement_agreement",
     True, P13),
    ("perjanjian_penempatan", "Perjanjian penempatan", "Placement agreement", "placement_agreement", False, P13),
    ("bpjs", "Kartu peserta BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan membership card", "social_security", True,
     "UU 18/2017 Pasal 5 huruf d; Permenaker 4/2023"),
    ("paspor", "Paspor", "Passport", "work_visa", True, P13),
    ("visa_kerja", "Visa kerja", "Work visa", "work_visa", True, P13),
    ("sertifikat_opp", "Sertifikat OPP", "Pre-departure orientation (OPP) certificate", "opp", False,
     "Permen P2MI 4/2025 Pasal 9(1)(e); " + PRACTICE),
    ("perjanjian_kerja", "Perjanjian kerja", "Work agreement (employment contract)", "departure", True, P13),
]


def forwards(apps, schema_editor):
    Step = apps.get_model("migration_cases", "Step")
    DocumentType = apps.get_model("migration_cases", "DocumentType")
    steps = {}
    for code, order, name_id, name_en, days, status, min_age, basis in STEPS:
        steps[code], _ = Step.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_id": name_id, "name_en": name_en, "target_days": days,
                      "case_status": status, "min_age_to_complete": min_age,
                      "legal_basis": basis if days is None else f"{basis}; target days: {TARGET}",
                      "valid_from": UU18},
        )
    for code, name_id, name_en, step, expires, basis in DOCUMENTS:
        DocumentType.objects.update_or_create(
            code=code,
            defaults={"name_id": name_id, "name_en": name_en, "required_for": steps[step], "expires": expires,
                      "legal_basis": basis, "valid_from": UU18},
        )


def backwards(apps, schema_editor):
    apps.get_model("migration_cases", "DocumentType").objects.all().delete()
    apps.get_model("migration_cases", "Step").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("migration_cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
