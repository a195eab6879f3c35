"""Publish version 1 of the consent texts (UU 27/2022 Pasal 20–24: plain language, provable)."""

import datetime

from django.db import migrations

TEXTS = {
    "registry": (
        "Saya setuju data pribadi saya (NIK, nama, jenis kelamin, tempat dan tanggal lahir, alamat, nomor "
        "telepon, pendidikan, status perkawinan dan status migrasi) dicatat oleh pendamping Desmigratif di desa "
        "saya untuk layanan program Desa Migran Produktif Kementerian Ketenagakerjaan.\n"
        "Data hanya dapat dilihat oleh pendamping desa saya serta petugas Disnaker dan Kementerian yang berwenang, "
        "disimpan selama saya terdaftar dalam program dan paling lama 5 tahun sesudahnya, lalu dihapus.\n"
        "Saya berhak melihat, memperbaiki, meminta salinan, dan meminta penghapusan data saya, serta menarik "
        "persetujuan ini kapan saja melalui pendamping desa.",
        "I agree that my personal data (NIK, name, sex, place and date of birth, address, phone number, "
        "education, marital status and migration status) are recorded by the Desmigratif facilitator of my "
        "village for the services of the Ministry of Manpower's Productive Migrant Village programme.\n"
        "Only my village's facilitators and the authorised Disnaker and Ministry officers can see the data. They "
        "are kept while I am registered in the programme and at most 5 years after, then deleted.\n"
        "I have the right to see, correct, get a copy of and ask for deletion of my data, and to withdraw this "
        "consent at any time through the village facilitator.",
    ),
    "migration_services": (
        "Saya setuju data saya dan dokumen penempatan saya (paspor, visa, perjanjian, hasil pemeriksaan kesehatan) "
        "diolah oleh pendamping Desmigratif untuk membantu proses migrasi kerja yang aman dan legal, termasuk "
        "dibagikan kepada Disnaker/LTSA dan P3MI yang saya pilih hanya untuk keperluan itu.",
        "I agree that my data and my placement documents (passport, visa, agreements, health check results) are "
        "processed by the Desmigratif facilitator to help me migrate for work safely and legally, including "
        "sharing them with Disnaker/LTSA and the placement agency I choose, for that purpose only.",
    ),
    "cooperative": (
        "Saya setuju data saya dan data keuangan saya (simpanan, pinjaman, remitansi) diolah oleh koperasi desa "
        "untuk keanggotaan dan layanan keuangan koperasi.",
        "I agree that my data and my financial data (savings, loans, remittances) are processed by the village "
        "cooperative for my membership and its financial services.",
    ),
    "learning_house": (
        "Sebagai orang tua/wali, saya setuju data anak ini dicatat oleh rumah belajar Desmigratif untuk kegiatan "
        "belajar dan pengasuhan. Data anak adalah data pribadi spesifik (UU 27/2022 Pasal 4 dan 25) dan hanya "
        "dapat dilihat oleh pendamping desa dan petugas yang berwenang.",
        "As parent/guardian, I agree that this child's data are recorded by the Desmigratif learning house for "
        "learning and parenting activities. Children's data are specific personal data (UU 27/2022 Articles 4 and "
        "25) and only the village facilitators and authorised officers can see them.",
    ),
}


def publish(apps, schema_editor):
    ConsentText = apps.get_model("people", "ConsentText")
    for purpose, (body_id, body_en) in TEXTS.items():
        ConsentText.objects.update_or_create(
            purpose=purpose, version=1,
            defaults={"body_id": body_id, "body_en": body_en, "valid_from": datetime.date(2026, 1, 1)},
        )


def unpublish(apps, schema_editor):
    apps.get_model("people", "ConsentText").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(publish, unpublish)]
