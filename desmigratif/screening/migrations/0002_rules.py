"""The red-flag rules of DOMAIN-RULES A2, A3 and A4 as data, with their legal basis and dates.

Severity and the confirmed flag follow the DOMAIN-RULES tables (Conf. P or S: confirmed; U: not,
so its findings are warnings only). Texts are plain Indonesian for workers and families, with an
English version. National staff edit these rows; the matching logic per code is in
``screening/rules.py``. RF13 (forced-labour indicators during work) is not in an offer and has no row.
"""

import datetime

from django.db import migrations

UU_18_2017 = datetime.date(2017, 11, 22)  # enacted
PERBAN_9_2020 = datetime.date(2020, 6, 15)
KEPMENAKER_260_2015 = datetime.date(2015, 7, 1)
SPSK = datetime.date(2018, 10, 11)
PERMEN_P2MI_4_2025 = datetime.date(2025, 1, 1)  # U: exact date not read; licence rules also rest on UU 18/2017
SLEMAN_2024 = datetime.date(2024, 1, 1)  # U: "a 2024 regulation", not identified

# code, order, severity, confirmed, legal basis, valid_from,
# title (id, en), explanation (id, en), advice (id, en)
RULES = [
    (
        "RF4", 10, "high", True, "UU 18/2017 Pasal 69 dan Pasal 81; Permen P2MI 4/2025 Pasal 9", UU_18_2017,
        ("Perekrut tidak berizin (calo/sponsor)", "Unlicensed recruiter (calo/sponsor)"),
        ("Hanya P3MI yang berizin, pemerintah, atau perusahaan untuk pekerjanya sendiri yang boleh menempatkan "
         "pekerja ke luar negeri. Orang perseorangan (calo/sponsor) dan perusahaan tanpa izin dilarang; "
         "pelakunya dapat dipidana sampai 10 tahun dan denda Rp15 miliar.",
         "Only a licensed agency (P3MI), the government, or a company for its own employees may place workers "
         "abroad. Individuals (calo/sponsor) and unlicensed companies may not; they face up to 10 years in prison "
         "and a Rp15 billion fine."),
        ("Jangan bayar apa pun dan jangan serahkan dokumen. Cek nama perusahaan di halaman Cek P3MI dan "
         "laporkan perekrut ke pendamping desa atau Disnaker.",
         "Do not pay anything or hand over documents. Check the company on the Check P3MI page and report the "
         "recruiter to the village facilitator or the Disnaker."),
    ),
    (
        "LICENCE_REVOKED", 11, "high", True, "UU 18/2017 Pasal 69; Permen P2MI 4/2025 Pasal 9", UU_18_2017,
        ("Izin P3MI sudah dicabut", "The agency's licence is revoked"),
        ("Izin perusahaan ini (SIP3MI) sudah dicabut. Perusahaan ini tidak boleh merekrut atau menempatkan pekerja.",
         "This company's licence (SIP3MI) has been revoked. It may not recruit or place workers."),
        ("Jangan lanjutkan proses dengan perusahaan ini. Minta kembali dokumen dan uang Anda, dan lapor ke Disnaker.",
         "Do not continue with this company. Ask for your documents and money back and report to the Disnaker."),
    ),
    (
        "LICENCE_SUSPENDED", 12, "high", True, "Permen P2MI 4/2025 Pasal 9 ayat (1)", UU_18_2017,
        ("Izin P3MI sedang dibekukan", "The agency's licence is suspended"),
        ("Kegiatan penempatan perusahaan ini sedang dihentikan sementara oleh pemerintah. Selama itu perusahaan "
         "tidak boleh merekrut pekerja baru.",
         "The government has suspended this company's placement activity. While suspended it may not recruit "
         "new workers."),
        ("Tunda proses dan tanyakan ke Disnaker apakah perusahaan ini boleh melanjutkan penempatan Anda.",
         "Pause the process and ask the Disnaker whether this company may continue your placement."),
    ),
    (
        "LICENCE_EXPIRED", 13, "high", True, "Permen P2MI 17/2025 Pasal 1 angka 5; UU 18/2017 Pasal 69", UU_18_2017,
        ("Izin P3MI tidak berlaku hari ini", "The agency's licence is not valid today"),
        ("Masa berlaku izin perusahaan ini (SIP3MI) sudah habis atau belum mulai. Tanpa izin yang berlaku, "
         "perusahaan tidak boleh merekrut.",
         "This company's licence (SIP3MI) has expired or has not started. Without a valid licence it may not "
         "recruit."),
        ("Minta perusahaan menunjukkan izin yang berlaku dan cek lagi di halaman Cek P3MI sebelum melanjutkan.",
         "Ask the company for a valid licence and check again on the Check P3MI page before going on."),
    ),
    (
        "RECRUITER_UNKNOWN", 14, "medium", True, "UU 18/2017 Pasal 69", UU_18_2017,
        ("Tidak jelas siapa yang merekrut", "It is not clear who recruits"),
        ("Anda perlu tahu siapa yang merekrut: P3MI berizin, pemerintah, atau perseorangan. Banyak penipuan "
         "berawal dari perekrut yang tidak jelas.",
         "You need to know who recruits you: a licensed agency, the government, or an individual. Many frauds "
         "start with an unclear recruiter."),
        ("Tanyakan nama perusahaan dan nomor izinnya, lalu cek di halaman Cek P3MI.",
         "Ask for the company's name and licence number and check them on the Check P3MI page."),
    ),
    (
        "RF1", 20, "high", True, "UU 18/2017 Pasal 13 (visa kerja); Imigrasi (Tribun Jakarta 20 Jan 2022)",
        UU_18_2017,
        ("Visa bukan visa kerja", "Not a work visa"),
        ("Bekerja di luar negeri harus dengan visa kerja. Berangkat dengan visa turis/kunjungan, umrah/ziarah, "
         "atau magang lalu bekerja adalah penempatan nonprosedural dan sering berujung pada eksploitasi atau "
         "deportasi.",
         "Working abroad needs a work visa. Leaving on a tourist/visit, umrah/ziarah or internship visa and then "
         "working is non-procedural placement and often ends in exploitation or deportation."),
        ("Jangan berangkat tanpa visa kerja. Tanyakan ke pendamping desa atau Disnaker.",
         "Do not leave without a work visa. Ask the village facilitator or the Disnaker."),
    ),
    (
        "RF2", 21, "high", True, "UU 18/2017 Pasal 13", UU_18_2017,
        ("Tidak ada perjanjian kerja atau perjanjian penempatan", "No work agreement or placement agreement"),
        ("Sebelum berangkat Anda harus menandatangani Perjanjian Penempatan dengan P3MI dan Perjanjian Kerja "
         "dengan majikan, yang menyebut tempat kerja, gaji dan lama kontrak.",
         "Before leaving you must sign a placement agreement with the agency and a work agreement with the "
         "employer that states the workplace, the salary and the contract length."),
        ("Minta kedua perjanjian itu, baca isinya, dan simpan salinannya sebelum membayar atau berangkat.",
         "Ask for both agreements, read them and keep copies before paying or leaving."),
    ),
    (
        "RF3", 22, "medium", True, "UU 18/2017 Pasal 13", UU_18_2017,
        ("Belum ada surat izin keluarga yang diketahui kepala desa", "No family permission acknowledged by the village"),
        ("Calon pekerja migran wajib punya surat izin dari suami/istri, orang tua atau wali yang diketahui "
         "kepala desa atau lurah.",
         "A prospective migrant worker needs a permission letter from the spouse, parent or guardian, "
         "acknowledged by the village head."),
        ("Urus surat izin keluarga di kantor desa. Pendamping desa dapat membantu.",
         "Get the family permission letter at the village office. The village facilitator can help."),
    ),
    (
        "A2_ZERO_COST", 30, "high", True, "UU 18/2017 Pasal 30 ayat (1); Perban BP2MI 9/2020 Pasal 3", PERBAN_9_2020,
        ("Biaya diminta untuk pekerjaan bebas biaya", "Fees asked for a zero-cost job"),
        ("Untuk pekerjaan ini pekerja tidak boleh dibebani biaya penempatan. Biaya-biaya di bawah ini ditanggung "
         "pemberi kerja atau pemerintah daerah, bukan pekerja.",
         "In this job the worker may not be charged placement costs. The costs below are paid by the employer or "
         "the regional government, not the worker."),
        ("Jangan membayar. Jika sudah membayar, simpan buktinya dan laporkan ke Disnaker atau BP3MI.",
         "Do not pay. If you already paid, keep the proof and report it to the Disnaker or the BP3MI."),
    ),
    (
        "RF5", 31, "high", True, "UU 18/2017 Pasal 30; Perban BP2MI 9/2020 Pasal 3", UU_18_2017,
        ("Uang dibayar kepada perseorangan", "Money paid to an individual"),
        ("Membayar uang kepada calo, sponsor atau orang perseorangan untuk bisa bekerja di luar negeri adalah "
         "tanda penempatan ilegal. Uang itu sering hilang.",
         "Paying a calo, sponsor or other individual to work abroad is a sign of illegal placement. The money "
         "is often lost."),
        ("Jangan bayar kepada perseorangan. Simpan bukti pembayaran dan laporkan calo itu.",
         "Do not pay individuals. Keep any proof of payment and report the broker."),
    ),
    (
        "A2_FEES", 32, "info", True, "Perban BP2MI 2/2020 Pasal 3; Kepka BP2MI tentang struktur biaya per negara",
        PERBAN_9_2020,
        ("Biaya diminta oleh perusahaan", "Fees asked by the agency"),
        ("Untuk pekerjaan yang tidak termasuk bebas biaya, hanya biaya tertentu yang boleh dibebankan, sesuai "
         "struktur biaya resmi untuk negara tujuan.",
         "For jobs that are not zero cost, only certain costs may be charged, following the official cost "
         "structure for the destination country."),
        ("Minta rincian biaya tertulis dan kuitansi, lalu bandingkan dengan struktur biaya resmi di Disnaker.",
         "Ask for a written breakdown and receipts and compare them with the official cost structure at the "
         "Disnaker."),
    ),
    (
        "RF6", 40, "high", True, "Kepmenaker 260/2015", KEPMENAKER_260_2015,
        ("Negara tujuan tertutup untuk majikan perseorangan", "Destination closed to individual employers"),
        ("Penempatan pekerja rumah tangga pada majikan perseorangan di negara Timur Tengah ini dihentikan "
         "(moratorium). Penempatan seperti ini dianggap perdagangan orang.",
         "Placing domestic workers with individual employers in this Middle-East country is stopped "
         "(moratorium). Such placement is treated as trafficking."),
        ("Jangan berangkat. Laporkan tawaran ini ke pendamping desa atau Disnaker.",
         "Do not leave. Report this offer to the village facilitator or the Disnaker."),
    ),
    (
        "A3_EMPLOYER_UNKNOWN", 41, "medium", True, "Kepmenaker 260/2015", KEPMENAKER_260_2015,
        ("Negara moratorium: pastikan jenis majikan", "Moratorium country: find out who the employer is"),
        ("Di negara ini pekerja tidak boleh ditempatkan pada majikan perseorangan (rumah tangga). Hanya majikan "
         "berbadan hukum yang boleh.",
         "In this country workers may not be placed with individual (household) employers. Only legal-entity "
         "employers may employ them."),
        ("Tanyakan siapa majikannya dan minta perjanjian kerjanya sebelum melanjutkan.",
         "Ask who the employer is and for the work agreement before going on."),
    ),
    (
        "A3_SPSK", 42, "info", True,
        "Kepmenaker 291/2018 (Pedoman SPSK); Kepdirjen Binapenta Kep.735/PPTKPKK/IV/2019", SPSK,
        ("Hanya lewat SPSK dan P3MI terpilih", "Only through SPSK and selected agencies"),
        ("Pekerjaan ini di Arab Saudi hanya terbuka lewat Sistem Penempatan Satu Kanal (SPSK): majikannya "
         "perusahaan (syarikah), perekrutnya P3MI yang ditunjuk pemerintah, dan pekerja tidak dikenai biaya.",
         "This job in Saudi Arabia is open only through the one-channel placement system (SPSK): the employer is "
         "a company (syarikah), the recruiter an agency the government selected, and the worker pays nothing."),
        ("Tanyakan ke Disnaker apakah P3MI ini termasuk yang ditunjuk untuk SPSK.",
         "Ask the Disnaker whether this agency is one of those selected for SPSK."),
    ),
    (
        "RF7", 50, "high", True, "UU 18/2017 Pasal 5 huruf a dan Pasal 80", UU_18_2017,
        ("Umur di bawah 18 tahun atau data umur tidak cocok", "Under 18 or the age does not match"),
        ("Pekerja migran harus berumur paling sedikit 18 tahun. Menempatkan anak, atau memalsukan umur, "
         "adalah tindak pidana.",
         "A migrant worker must be at least 18. Placing a child, or falsifying the age, is a crime."),
        ("Jangan berangkat sebelum berumur 18 tahun. Pastikan tanggal lahir di KTP, KK dan paspor sama.",
         "Do not leave before 18. Make sure the birth date is the same on the KTP, the KK and the passport."),
    ),
    (
        "RF8", 51, "medium", True, "UU 18/2017 (pemalsuan dokumen)", UU_18_2017,
        ("NIK tidak sah: periksa dokumen", "The NIK is not valid: check the documents"),
        ("NIK yang diberikan tidak mungkin benar. Dokumen dengan data yang salah atau palsu membuat pekerja "
         "tidak terlindungi.",
         "The NIK given cannot be right. Documents with wrong or forged data leave the worker unprotected."),
        ("Periksa NIK di KTP dan KK. Jangan mau dibuatkan dokumen dengan data yang tidak benar.",
         "Check the NIK on the KTP and KK. Never accept documents made with false data."),
    ),
    (
        "RF9", 60, "high", True, "ILO Indicators of Forced Labour (penahanan dokumen identitas)", UU_18_2017,
        ("Paspor dipegang orang lain", "The passport is kept by someone else"),
        ("Paspor dan dokumen identitas adalah hak pekerja. Perusahaan atau majikan yang menahannya memakai "
         "cara kerja paksa.",
         "The passport and identity documents belong to the worker. A company or employer who keeps them uses a "
         "forced-labour method."),
        ("Minta paspor Anda kembali. Jika ditolak, laporkan ke Disnaker, BP3MI atau perwakilan RI.",
         "Ask for your passport back. If refused, report to the Disnaker, the BP3MI or the Indonesian embassy."),
    ),
    (
        "RF10", 61, "medium", True, "Perban BP2MI 27/2025 (E-KPMI); SISKOP2MI", UU_18_2017,
        ("Belum terdaftar di SISKOP2MI / E-KPMI", "Not registered in SISKOP2MI / E-KPMI"),
        ("Pekerja yang berangkat resmi terdaftar di sistem nasional (SISKOP2MI) dan punya E-KPMI. Tanpa itu "
         "negara sulit melindungi Anda.",
         "Workers who leave officially are registered in the national system (SISKOP2MI) and hold an E-KPMI "
         "card. Without them the state can hardly protect you."),
        ("Minta pendamping desa atau Disnaker memeriksa pendaftaran Anda sebelum berangkat.",
         "Ask the village facilitator or the Disnaker to check your registration before leaving."),
    ),
    (
        "RF11", 70, "medium", True, "Imigrasi Semarang 2024; Imigrasi Blitar", UU_18_2017,
        ("Gaji terlalu tinggi atau berangkat terlalu cepat", "Pay too high or departure too fast"),
        ("Janji gaji yang sangat tinggi dan keberangkatan yang sangat cepat sering dipakai untuk menipu.",
         "Promises of very high pay and a very fast departure are often used to deceive."),
        ("Bandingkan gaji dengan lowongan resmi dan jangan terburu-buru. Tanyakan ke pendamping desa.",
         "Compare the pay with official vacancies and do not rush. Ask the village facilitator."),
    ),
    (
        "RF12", 71, "high", True, "UU 18/2017; UU 21/2007 (TPPO)", UU_18_2017,
        ("Berangkat lewat jalur tidak resmi", "Departure through an unofficial route"),
        ("Berangkat lewat pelabuhan tikus atau lewat negara lain tanpa pemeriksaan resmi adalah tanda "
         "penempatan ilegal dan perdagangan orang.",
         "Leaving through unofficial ports or through another country without official checks is a sign of "
         "illegal placement and trafficking."),
        ("Jangan berangkat lewat jalur itu. Laporkan ke polisi, pendamping desa atau Disnaker.",
         "Do not leave that way. Report it to the police, the village facilitator or the Disnaker."),
    ),
    (
        "RF14", 80, "high", False, "Disnaker Sleman: Pasal 6 peraturan 2024 (belum dapat dipastikan)", SLEMAN_2024,
        ("Ibu dengan anak di bawah 12 bulan", "Mother of a child under 12 months"),
        ("Menurut Disnaker, perempuan yang punya anak kandung di bawah 12 bulan tidak boleh berangkat. Aturan "
         "ini belum dapat dipastikan, jadi hanya peringatan.",
         "According to the Disnaker, a woman whose own child is under 12 months may not leave. This rule is not "
         "confirmed, so it is only a warning."),
        ("Tanyakan ke Disnaker apakah aturan ini berlaku untuk Anda.",
         "Ask the Disnaker whether this rule applies to you."),
    ),
]


def forwards(apps, schema_editor):
    ScreeningRule = apps.get_model("screening", "ScreeningRule")
    for code, order, severity, confirmed, basis, valid_from, title, explanation, advice in RULES:
        ScreeningRule.objects.update_or_create(
            code=code,
            valid_from=valid_from,
            defaults={
                "order": order,
                "severity": severity,
                "confirmed": confirmed,
                "legal_basis": basis,
                "title_id": title[0],
                "title_en": title[1],
                "explanation_id": explanation[0],
                "explanation_en": explanation[1],
                "advice_id": advice[0],
                "advice_en": advice[1],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
