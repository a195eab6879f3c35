import csv
import gzip
import shutil

import pytest
from django.core.management import call_command

from conftest import make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.people.models import Person
from desmigratif.regions.models import District, ProgramVillage, Province, Regency, Village
from desmigratif.regions.services import PROGRAM_VILLAGES_CSV, WILAYAH_DIR

pytestmark = pytest.mark.slow


def _rows(stem):
    with gzip.open(WILAYAH_DIR / f"{stem}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _counts():
    return (Province.objects.count(), Regency.objects.count(), District.objects.count(), Village.objects.count())


@pytest.mark.django_db
def test_the_full_load_matches_the_csv_files_and_a_reload_changes_nothing(capsys):
    expected = tuple(len(_rows(s)) for s in ("provinces", "regencies", "districts", "villages"))
    assert expected == (38, 514, 7285, 83762)
    call_command("load_regions")
    assert _counts() == expected
    brongkal = Village.objects.select_related("district__regency__province").get(code="35.07.33.2006")
    assert (brongkal.name, brongkal.kind, brongkal.district.name) == ("Brongkal", "desa", "Pagelaran")
    assert brongkal.district.regency.province.name == "Jawa Timur"
    assert Village.objects.filter(code__startswith="91.03.", kind="desa_adat").count() == 14
    assert Village.objects.filter(lat__isnull=True).count() == 359
    call_command("load_regions")
    assert _counts() == expected
    assert not Village.objects.filter(is_active=False).exists()
    assert "83762 villages" in capsys.readouterr().out

    call_command("load_program_villages")
    call_command("load_program_villages")
    assert ProgramVillage.objects.count() == 79
    kuripan = ProgramVillage.objects.get(village_id="33.07.10.2004")
    assert (kuripan.cohort_year, kuripan.status, kuripan.is_demo) == (2016, "designated", False)


def _small_edition(tmp_path, regency="35.07"):
    """An edition with one regency: drop one village, rename another."""
    folder = tmp_path / "edition"
    folder.mkdir()
    shutil.copy(WILAYAH_DIR / "provinces.csv.gz", folder / "provinces.csv.gz")
    for stem, key in (("regencies", "code"), ("districts", "regency_code"), ("villages", "district_code")):
        rows = [r for r in _rows(stem) if r[key].startswith(regency)]
        if stem == "villages":
            rows = [r for r in rows if r["code"] != "35.07.11.2008"]  # Arjowilangun disappears
            for row in rows:
                if row["code"] == "35.07.33.2006":
                    row["name"] = "Brongkal Baru"
        with open(folder / f"{stem}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    (folder / "EDITION").write_text("test edition\n")
    return folder


@pytest.mark.django_db
def test_a_newer_edition_retires_missing_codes_without_breaking_references(tmp_path):
    call_command("load_regions")
    officer = make_user("officer", Role.REGENCY_OFFICER, "35.07")
    resident = make_person(officer, "35.07.11.2008", full_name="Warga Arjowilangun")
    # A newer (here: smaller) edition in which Arjowilangun no longer exists.
    call_command("load_regions", "--data-dir", str(_small_edition(tmp_path)), "--edition", "newer")
    arjowilangun = Village.objects.get(code="35.07.11.2008")
    assert arjowilangun.is_active is False
    assert Village.objects.get(code="35.07.33.2006").name == "Brongkal Baru"
    assert Person.objects.get(pk=resident.pk).domicile_village_id == "35.07.11.2008"
    # Codes of other regencies are not in the small edition either: retired, not deleted.
    assert Village.objects.filter(code__startswith="33.", is_active=True).count() == 0
    assert Village.objects.count() == len(_rows("villages"))
    call_command("load_regions")
    assert Village.objects.get(code="35.07.11.2008").is_active is True
    assert not Village.objects.filter(is_active=False).exists()


def test_the_programme_village_list_is_the_shared_one_copied_unchanged():
    with open(PROGRAM_VILLAGES_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 79
    assert {r["status"] for r in rows} <= {"designated", "candidate", "proposed"}
