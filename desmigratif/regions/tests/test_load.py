import csv
import gzip

import pytest
from django.core.management import call_command

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, make_person, make_user
from desmigratif.accounts.roles import Role
from desmigratif.people.models import Person
from desmigratif.people.selectors import people_for_user, villages_for_registration
from desmigratif.regions.models import District, ProgramVillage, Province, Regency, Village
from desmigratif.regions.services import PROGRAM_VILLAGES_CSV, WILAYAH_DIR

STEMS = ("provinces", "regencies", "districts", "villages")
MODELS = (Province, Regency, District, Village)


def _rows(stem):
    with gzip.open(WILAYAH_DIR / f"{stem}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _program_rows():
    with open(PROGRAM_VILLAGES_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _counts():
    return tuple(model.objects.count() for model in MODELS)


def _inactive():
    return tuple(model.objects.filter(is_active=False).count() for model in MODELS)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_full_load_matches_the_csv_files_and_a_reload_changes_nothing(capsys):
    expected = tuple(len(_rows(stem)) for stem in STEMS)
    # The edition shipped (Kepmendagri 2025): a change here means the data files changed.
    assert expected == (38, 514, 7285, 83762)
    edition = (WILAYAH_DIR / "EDITION").read_text(encoding="utf-8").strip()

    call_command("load_regions")
    assert _counts() == expected
    assert _inactive() == (0, 0, 0, 0)
    for model in MODELS:
        assert set(model.objects.values_list("edition", flat=True).distinct()) == {edition}
    brongkal = Village.objects.select_related("district__regency__province").get(code=VILLAGE_A)
    assert (brongkal.name, brongkal.kind, brongkal.district.name) == ("Brongkal", "desa", "Pagelaran")
    assert brongkal.district.regency.province.name == "Jawa Timur"
    kinds = {row["code"][9] for row in _rows("villages")}
    assert set(Village.objects.values_list("kind", flat=True).distinct()) == {
        {"1": "kelurahan", "2": "desa", "3": "desa_adat"}[k] for k in kinds
    }
    missing_coordinates = sum(1 for row in _rows("villages") if not row["lat"].strip())
    assert Village.objects.filter(lat__isnull=True).count() == missing_coordinates
    output = capsys.readouterr().out
    assert f"{expected[3]} villages" in output and "Marked inactive" not in output

    call_command("load_regions")
    assert _counts() == expected
    assert _inactive() == (0, 0, 0, 0)
    assert "Marked inactive" not in capsys.readouterr().out

    rows = _program_rows()
    assert len(rows) == 79
    call_command("load_program_villages")
    call_command("load_program_villages")
    assert ProgramVillage.objects.count() == len(rows) == 79
    assert set(ProgramVillage.objects.values_list("village_id", flat=True)) == {r["code"] for r in rows}
    assert not ProgramVillage.objects.filter(is_demo=True).exists()
    assert not ProgramVillage.objects.filter(village__is_active=False).exists()
    kuripan = ProgramVillage.objects.get(village_id=VILLAGE_C)
    assert (kuripan.cohort_year, kuripan.status, kuripan.is_demo) == (2016, "designated", False)
    assert "Loaded 79 programme villages" in capsys.readouterr().out


def _write_edition(folder, label, *, drop=(), rename=None, gz=False):
    """A small edition: the real rows of Kab. Malang and Kab. Wonosobo, with changes."""
    rename = rename or {}
    regencies = ("35.07", "33.07")
    folder.mkdir()
    for stem in STEMS:
        # The province of a row is its code's first two digits, the regency its first five.
        width = 2 if stem == "provinces" else 5
        rows = [
            dict(r, name=rename.get(r["code"], r["name"]))
            for r in _rows(stem)
            if any(p.startswith(r["code"][:width]) for p in regencies) and r["code"] not in drop
        ]
        path = folder / f"{stem}.csv{'.gz' if gz else ''}"
        with (
            gzip.open(path, "wt", encoding="utf-8", newline="")
            if gz
            else open(path, "w", encoding="utf-8", newline="") as handle
        ):
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    (folder / "EDITION").write_text(f"{label}\n", encoding="utf-8")
    return folder


@pytest.mark.django_db
def test_a_newer_edition_retires_a_dropped_village_and_renames_another_without_deleting(tmp_path, capsys):
    older = _write_edition(tmp_path / "older", "Edition 2024", gz=True)
    call_command("load_regions", "--data-dir", str(older))
    counts = _counts()
    assert counts[0:2] == (2, 2) and counts[3] > 500
    officer = make_user("officer", Role.REGENCY_OFFICER, "35.07")
    facilitator_b = make_user("facilitator_b", Role.FACILITATOR, VILLAGE_B)
    resident = make_person(officer, VILLAGE_B, full_name="Warga Arjowilangun")
    capsys.readouterr()

    newer = _write_edition(tmp_path / "newer", "Edition 2025", drop={VILLAGE_B}, rename={VILLAGE_A: "Brongkal Baru"})
    call_command("load_regions", "--data-dir", str(newer))

    assert _counts() == counts  # nothing deleted
    assert _inactive() == (0, 0, 0, 1)
    arjowilangun = Village.objects.get(code=VILLAGE_B)
    assert (arjowilangun.is_active, arjowilangun.name, arjowilangun.edition) == (False, "Arjowilangun", "Edition 2024")
    brongkal = Village.objects.get(code=VILLAGE_A)
    assert (brongkal.is_active, brongkal.name, brongkal.edition) == (True, "Brongkal Baru", "Edition 2025")
    assert "Marked inactive (not in this edition): {'villages': 1}" in capsys.readouterr().out

    # The person still lives in the retired village and is still found there.
    assert Person.objects.get(pk=resident.pk).domicile_village_id == VILLAGE_B
    assert list(people_for_user(facilitator_b)) == [resident]
    assert list(people_for_user(officer)) == [resident]
    # New registrations are no longer offered the retired village.
    offered = set(villages_for_registration(officer).values_list("code", flat=True))
    assert VILLAGE_A in offered and VILLAGE_B not in offered

    # The code comes back in a later edition: active again.
    call_command("load_regions", "--data-dir", str(older), "--edition", "Edition 2026")
    assert Village.objects.get(code=VILLAGE_B).is_active is True
    assert Village.objects.get(code=VILLAGE_A).name == "Brongkal"
    assert _inactive() == (0, 0, 0, 0)
    assert _counts() == counts


def test_the_programme_village_list_names_known_statuses_and_unique_villages():
    rows = _program_rows()
    assert len(rows) == 79
    assert len({r["code"] for r in rows}) == len(rows)
    assert {r["status"] for r in rows} <= set(ProgramVillage.Status.values)
    assert all(not r["cohort_year"] or int(r["cohort_year"]) >= 2016 for r in rows)
