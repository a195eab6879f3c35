"""The indicator catalogue (issue 6): pillars 1 and 4. Each row says what is counted and how it adds up."""

from django.db import migrations

# code, pillar, name_id, name_en, definition_id, definition_en, formula, unit, kind, aggregate, suppress_small
CATALOGUE = [
    (
        "prospective_served", "migration",
        "Calon PMI dilayani", "Prospective workers served",
        "Orang yang kasus migrasinya dibuka pada periode ini.",
        "People whose migration case was opened in the period.",
        "count(distinct case.person) where case.opened_at in period",
        "people", "flow", "sum", True,
    ),
    (
        "cases_active", "migration",
        "Kasus berjalan menurut tahap", "Cases in progress by step",
        "Kasus yang masih berjalan pada akhir bulan, menurut tahapnya (potret saat bulan itu berjalan).",
        "Cases still in progress at the end of the month, by step (a snapshot taken while the month runs).",
        "count(case) where status = active, by step",
        "count", "stock", "sum", True,
    ),
    (
        "days_to_departure", "migration",
        "Median hari dari pendaftaran sampai berangkat", "Median days from registration to departure",
        "Untuk kasus yang berangkat pada periode ini: median jumlah hari sejak kasus dibuka.",
        "For cases that departed in the period: the median number of days since the case was opened.",
        "median(departed_at − opened_at) over departures in period",
        "days", "flow", "median", False,
    ),
    (
        "cases_overdue", "migration",
        "Kasus terlambat", "Overdue cases",
        "Kasus berjalan yang melewati target hari tahapnya (potret saat bulan itu berjalan).",
        "Cases in progress past their step's target (a snapshot taken while the month runs).",
        "count(case) where status = active and step_due_at < now",
        "count", "stock", "sum", True,
    ),
    (
        "offers_high_risk", "migration",
        "Tawaran kerja dengan temuan berat", "Screened offers with high-severity findings",
        "Pemeriksaan tawaran kerja pada kasus yang menemukan sedikitnya satu tanda bahaya berat.",
        "Job-offer screenings of cases with at least one high-severity red flag.",
        "count(case_screening) where high_count > 0 and at in period",
        "count", "flow", "sum", True,
    ),
    (
        "complaints_received", "migration",
        "Pengaduan diterima", "Complaints received",
        "Pengaduan yang diterima pada periode ini.",
        "Complaints received in the period.",
        "count(complaint) where received_at in period",
        "count", "flow", "sum", True,
    ),
    (
        "complaints_open", "migration",
        "Pengaduan terbuka", "Complaints open",
        "Pengaduan yang diterima dan belum diselesaikan atau ditutup pada akhir periode.",
        "Complaints received and not yet resolved or closed at the end of the period.",
        "count(complaint) where received_at < end and no resolved/closed event before end",
        "count", "stock", "sum", True,
    ),
    (
        "complaints_resolved", "migration",
        "Pengaduan diselesaikan", "Complaints resolved",
        "Pengaduan yang pertama kali diselesaikan pada periode ini.",
        "Complaints first resolved in the period.",
        "count(first resolved event in period)",
        "count", "flow", "sum", True,
    ),
    (
        "complaint_resolution_days", "migration",
        "Median hari penyelesaian pengaduan", "Median days to resolve a complaint",
        "Untuk pengaduan yang diselesaikan pada periode ini: median hari sejak diterima.",
        "For complaints resolved in the period: the median number of days since they were received.",
        "median(resolved_at − received_at)",
        "days", "flow", "median", False,
    ),
    (
        "broker_reports", "migration",
        "Laporan calo", "Broker reports",
        "Laporan calo (perekrut tidak resmi) yang diterima pada periode ini.",
        "Reports of illegal brokers received in the period.",
        "count(broker_report) where received_at in period",
        "count", "flow", "sum", True,
    ),
    (
        "coop_members", "cooperative",
        "Anggota koperasi", "Cooperative members",
        "Anggota koperasi pada akhir periode.",
        "Members of the cooperatives at the end of the period.",
        "count(member) where joined_on <= end and (left_on is null or left_on > end)",
        "people", "stock", "sum", True,
    ),
    (
        "savings_balance", "cooperative",
        "Saldo simpanan", "Savings balance",
        "Jumlah simpanan pokok, wajib, dan sukarela anggota pada akhir periode.",
        "Members' principal, mandatory and voluntary savings at the end of the period.",
        "sum(deposits − withdrawals) where date <= end",
        "rupiah", "stock", "sum", False,
    ),
    (
        "loans_outstanding", "cooperative",
        "Pinjaman beredar", "Loans outstanding",
        "Sisa pokok pinjaman anggota pada akhir periode.",
        "Principal of members' loans still owed at the end of the period.",
        "sum(principal − principal repaid by end) over loans disbursed by end",
        "rupiah", "stock", "sum", False,
    ),
    (
        "par30", "cooperative",
        "PAR30", "PAR30",
        "Bagian sisa pokok pinjaman yang angsurannya terlambat lebih dari 30 hari (DOMAIN-RULES B15).",
        "Share of outstanding principal on loans with an instalment more than 30 days late (DOMAIN-RULES B15).",
        "sum(outstanding of loans > 30 days late) / sum(outstanding) × 100",
        "percent", "stock", "ratio", False,
    ),
    (
        "remittance_volume", "cooperative",
        "Remitansi diterima", "Remittances received",
        "Rupiah yang diterima keluarga dari pekerja migran pada periode ini.",
        "Rupiah received by families from migrant workers in the period.",
        "sum(amount_received) where received_on in period",
        "rupiah", "flow", "sum", False,
    ),
    (
        "remittance_cost", "cooperative",
        "Rata-rata biaya remitansi", "Average remittance cost",
        "Rata-rata biaya total (biaya kirim + selisih kurs) sebagai persen dari jumlah kiriman (DOMAIN-RULES C1, C7).",
        "Mean total cost (fee + exchange-rate margin) as a percent of the amount sent (DOMAIN-RULES C1, C7).",
        "sum(total_cost_percent) / count(remittance)",
        "percent", "flow", "mean", False,
    ),
    (
        "remittance_above_5", "cooperative",
        "Remitansi di atas 5%", "Remittances above 5%",
        "Bagian remitansi yang biayanya di atas batas SDG 10.c sebesar 5% (DOMAIN-RULES C2).",
        "Share of remittances costing more than the SDG 10.c ceiling of 5% (DOMAIN-RULES C2).",
        "count(total_cost_percent > 5) / count(remittance) × 100",
        "percent", "flow", "ratio", False,
    ),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for order, row in enumerate(CATALOGUE, start=1):
        code, pillar, name_id, name_en, def_id, def_en, formula, unit, kind, aggregate, suppress = row
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "pillar": pillar,
                "order": order * 10,
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
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
