"""The standard chart of accounts every new cooperative starts with.

A simplified savings-and-loan cooperative chart in the spirit of SAK ETAP/SAK EP (DOMAIN-RULES
B1, B4, B11): members' principal and mandatory savings are equity (B2, B3), voluntary and time
savings are liabilities (B4). Codes and names are a Desmigratif template, not an official chart;
a cooperative may add accounts. Services post by ``role``, never by code.
"""

from django.db import migrations

ACCOUNTS = [
    # code, role, type, contra, name_id, name_en
    ("1-101", "cash", "asset", False, "Kas", "Cash"),
    ("1-102", "bank", "asset", False, "Bank", "Bank"),
    ("1-201", "loans_receivable", "asset", False, "Piutang pinjaman anggota", "Loans to members"),
    ("1-202", "loan_loss_allowance", "asset", True, "Cadangan kerugian piutang", "Allowance for loan losses"),
    ("1-203", "interest_receivable", "asset", False, "Pendapatan jasa yang masih harus diterima", "Interest receivable"),
    ("1-301", "inventory", "asset", False, "Persediaan", "Inventory"),
    ("1-401", "fixed_assets", "asset", False, "Aset tetap", "Fixed assets"),
    ("1-402", "accumulated_depreciation", "asset", True, "Akumulasi penyusutan", "Accumulated depreciation"),
    ("2-101", "savings_voluntary", "liability", False, "Simpanan sukarela anggota", "Members' voluntary savings"),
    ("2-102", "savings_time", "liability", False, "Simpanan berjangka", "Time deposits"),
    ("2-201", "other_payables", "liability", False, "Utang lain-lain", "Other payables"),
    ("2-301", "shu_members_payable", "liability", False, "SHU bagian anggota yang belum dibayar",
     "Members' SHU payable"),
    ("2-302", "shu_management_fund", "liability", False, "Dana pengurus", "Management fund"),
    ("2-303", "shu_employees_fund", "liability", False, "Dana karyawan", "Employees' fund"),
    ("2-304", "shu_education_fund", "liability", False, "Dana pendidikan", "Education fund"),
    ("2-305", "shu_social_fund", "liability", False, "Dana sosial", "Social fund"),
    ("2-306", "shu_regional_fund", "liability", False, "Dana pembangunan daerah kerja", "Regional development fund"),
    ("3-101", "savings_principal", "equity", False, "Simpanan pokok", "Principal savings (simpanan pokok)"),
    ("3-102", "savings_mandatory", "equity", False, "Simpanan wajib", "Mandatory savings (simpanan wajib)"),
    ("3-201", "reserve", "equity", False, "Dana cadangan", "Reserve fund"),
    ("3-301", "grants", "equity", False, "Hibah", "Grants"),
    ("3-401", "retained_surplus", "equity", False, "SHU belum dibagi", "Undistributed surplus (SHU)"),
    ("4-101", "interest_income", "income", False, "Pendapatan jasa pinjaman", "Interest income on loans"),
    ("4-102", "fee_income", "income", False, "Pendapatan provisi dan administrasi", "Loan fees"),
    ("4-103", "penalty_income", "income", False, "Pendapatan denda", "Penalty income"),
    ("4-201", "other_income", "income", False, "Pendapatan lain-lain", "Other income"),
    ("5-101", "salaries_expense", "expense", False, "Beban honor pengurus dan karyawan", "Salaries and honoraria"),
    ("5-102", "admin_expense", "expense", False, "Beban administrasi dan umum", "General and administrative"),
    ("5-103", "depreciation_expense", "expense", False, "Beban penyusutan", "Depreciation"),
    ("5-104", "savings_interest_expense", "expense", False, "Beban jasa simpanan", "Interest on savings"),
    ("5-105", "loan_loss_expense", "expense", False, "Beban penyisihan piutang", "Loan loss provision"),
    ("5-201", "other_expense", "expense", False, "Beban lain-lain", "Other expenses"),
]


def forwards(apps, schema_editor):
    AccountTemplate = apps.get_model("cooperatives", "AccountTemplate")
    for code, role, kind, contra, name_id, name_en in ACCOUNTS:
        AccountTemplate.objects.update_or_create(
            role=role, defaults={"code": code, "type": kind, "contra": contra, "name_id": name_id, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
