"""The job catalogue and the placement rules of DOMAIN-RULES A2 and A3 as data.

Jobs come from ``placement/data/jobs.csv`` (copied from the shared data with its sources, see
``placement/data/README.md``), sectors from ``job_sectors.csv`` (our own grouping). The other rows
are transcribed from DOMAIN-RULES with their legal basis; national staff keep them current.
"""

import csv
import datetime
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

PERBAN_9_2020 = datetime.date(2020, 6, 15)  # issued; transition extended to 15 Jul 2021 (A2.10)
ZERO_COST_BASIS = "UU 18/2017 Pasal 30 ayat (1); Perban BP2MI 9/2020 Pasal 3 ayat (3)"
ZERO_COST_NOTE = (
    "Transition extended to 15 Jul 2021. Permen P2MI 17/2025 on placement costs may change this list "
    "(DOMAIN-RULES A2.12, not confirmed)."
)

PROTECTED_COSTS = [
    # code, name_id, name_en (Perban BP2MI 9/2020 Pasal 3 ayat (2), DOMAIN-RULES A2.7)
    ("tiket_pulang", "Tiket pesawat pulang", "Return ticket home"),
    ("tiket_berangkat", "Tiket keberangkatan", "Departure ticket"),
    ("visa_kerja", "Visa kerja", "Work visa"),
    ("legalisasi_pk", "Legalisasi perjanjian kerja", "Legalisation of the work agreement"),
    ("pelatihan_kerja", "Pelatihan kerja", "Job training"),
    ("sertifikat_kompetensi", "Sertifikat kompetensi kerja", "Competence certificate"),
    ("jasa_perusahaan", "Jasa perusahaan (biaya jasa P3MI)", "Agency service fee"),
    ("paspor", "Paspor", "Passport"),
    ("skck", "Surat keterangan catatan kepolisian (SKCK)", "Police certificate (SKCK)"),
    ("jaminan_sosial", "Jaminan sosial", "Social security"),
    ("pemeriksaan_kesehatan", "Pemeriksaan kesehatan dan psikologi di dalam negeri",
     "Health and psychological checks at home"),
    ("pemeriksaan_tambahan", "Pemeriksaan kesehatan tambahan jika negara tujuan mensyaratkan",
     "Extra health checks the destination requires"),
    ("transportasi_lokal", "Transportasi lokal dari daerah asal ke tempat keberangkatan",
     "Local transport from home to the departure point"),
    ("akomodasi", "Akomodasi", "Accommodation"),
]

MORATORIUM_DATE = datetime.date(2015, 7, 1)
MORATORIUM_19 = ["DZ", "SA", "BH", "IQ", "KW", "LB", "LY", "MA", "MR", "EG", "OM", "PS", "QA", "SD", "SY", "TN",
                 "AE", "YE", "JO"]
# The May 2015 roadmap list: the 19 without Sudan, plus Iran, Pakistan and South Sudan (A3.3).
MORATORIUM_21 = [c for c in MORATORIUM_19 if c != "SD"] + ["IR", "PK", "SS"]

SPSK_DATE = datetime.date(2018, 10, 11)  # Technical Arrangement
SPSK_BASIS = "Kepmenaker 291/2018 (Pedoman SPSK); Technical Arrangement 11 Oct 2018; Record of Discussion 11 Aug 2022"
# housekeeper, baby sitter, family cook, elderly caretaker, family driver, child care worker (A3.6)
SPSK_JOBS = ["pengurus_rumah_tangga", "pengasuh_bayi", "juru_masak", "pengasuh_lanjut_usia", "supir_keluarga",
             "pengasuh_anak"]


def forwards(apps, schema_editor):
    Job = apps.get_model("placement", "Job")
    ZeroCostJob = apps.get_model("placement", "ZeroCostJob")
    ProtectedCost = apps.get_model("placement", "ProtectedCost")
    MoratoriumList = apps.get_model("placement", "MoratoriumList")
    MoratoriumCountry = apps.get_model("placement", "MoratoriumCountry")
    SpskJob = apps.get_model("placement", "SpskJob")

    with open(DATA / "job_sectors.csv", encoding="utf-8", newline="") as f:
        sectors = {row["code"]: row["sector"] for row in csv.DictReader(f)}
    jobs = {}
    with open(DATA / "jobs.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            jobs[row["code"]], _ = Job.objects.update_or_create(
                code=row["code"],
                defaults={"name_id": row["name_id"], "name_en": row["name_en"], "sector": sectors[row["code"]],
                          "source_list": row["list"], "source": row["source"], "note": row["note"][:300]},
            )
            if row["zero_cost_perban_9_2020"] == "yes":
                ZeroCostJob.objects.update_or_create(
                    job=jobs[row["code"]], legal_basis=ZERO_COST_BASIS,
                    defaults={"valid_from": PERBAN_9_2020, "note": ZERO_COST_NOTE},
                )

    for order, (code, name_id, name_en) in enumerate(PROTECTED_COSTS, start=1):
        ProtectedCost.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_id": name_id, "name_en": name_en,
                      "legal_basis": "Perban BP2MI 9/2020 Pasal 3 ayat (2)", "valid_from": PERBAN_9_2020},
        )

    lists = [
        ("kepmenaker_260_2015", "Kepmenaker 260/2015: 19 negara Timur Tengah (pengguna perseorangan)", True,
         MORATORIUM_19,
         "Tribun Jabar 2 Sep 2019 (BP3TKI officer, full list); KBRI Tripoli 26 Nov 2015; grid.id (Dirjen Binapenta)",
         "The version used by Kemnaker officials. Workers already employed may finish and extend their contracts; "
         "jobs with legal-entity employers stay open. Lifting depends on the SPSK evaluation (Kompas 16 Apr 2024)."),
        ("roadmap_2015_21", "Roadmap Mei 2015: 21 negara (daftar yang berbeda)", False, MORATORIUM_21,
         "kontan.co.id 4 May 2015; dinsos Bojonegoro",
         "Press release before the decree; conflicts with the 19-country list. Stored to confirm against the decree."),
    ]
    for code, name, applied, countries, source, note in lists:
        moratorium, _ = MoratoriumList.objects.update_or_create(
            code=code,
            defaults={"name": name, "is_applied": applied, "employer_type": "individual", "source": source,
                      "note": note, "legal_basis": "Kepmenaker 260/2015", "valid_from": MORATORIUM_DATE},
        )
        for country in countries:
            MoratoriumCountry.objects.get_or_create(moratorium=moratorium, country=country)

    for code in SPSK_JOBS:
        SpskJob.objects.update_or_create(
            country="SA", job=jobs[code], defaults={"legal_basis": SPSK_BASIS, "valid_from": SPSK_DATE}
        )


class Migration(migrations.Migration):
    dependencies = [("placement", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
