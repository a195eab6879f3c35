"""Writes to the region tables: loading an edition of the Kemendagri list and programme villages."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from desmigratif.regions.models import District, ProgramVillage, Province, Regency, Village

DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_DIR = DATA_DIR / "wilayah"
PROGRAM_VILLAGES_CSV = DATA_DIR / "desmigratif-villages" / "desmigratif_villages.csv"

BATCH_SIZE = 2000

# Fourth segment's first digit (see data/wilayah/README.md).
_VILLAGE_KIND = {"1": Village.Kind.KELURAHAN, "2": Village.Kind.DESA, "3": Village.Kind.DESA_ADAT}


@dataclass
class LoadResult:
    edition: str
    counts: dict[str, int] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)


def _open_csv(directory: Path, stem: str) -> Iterator[dict[str, str]]:
    gz = directory / f"{stem}.csv.gz"
    plain = directory / f"{stem}.csv"
    if gz.exists():
        with gzip.open(gz, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    elif plain.exists():
        with open(plain, encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    else:
        raise FileNotFoundError(f"{stem}.csv(.gz) not found in {directory}")


def _coord(raw: str) -> Decimal | None:
    raw = raw.strip()
    return Decimal(raw) if raw else None


def _upsert(model: Any, rows: Iterator[models.Model], update_fields: list[str]) -> int:
    count = 0
    batch: list[models.Model] = []
    for obj in rows:
        batch.append(obj)
        if len(batch) >= BATCH_SIZE:
            model.objects.bulk_create(batch, update_conflicts=True, unique_fields=["code"], update_fields=update_fields)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch, update_conflicts=True, unique_fields=["code"], update_fields=update_fields)
        count += len(batch)
    return count


def _common(row: dict[str, str], edition: str) -> dict[str, Any]:
    return {
        "code": row["code"],
        "name": row["name"].strip(),
        "lat": _coord(row["lat"]),
        "lng": _coord(row["lng"]),
        "is_active": True,
        "edition": edition,
    }


@transaction.atomic
def regions_load(*, directory: Path = WILAYAH_DIR, edition: str | None = None) -> LoadResult:
    """Load (or reload) every province, regency, district and village of one edition.

    Idempotent: rows are upserted by code in batches inside one transaction. Codes that the
    edition no longer lists stay in the table, marked inactive, so nothing that refers to them
    breaks; a code that comes back is marked active again.
    """
    if edition is None:
        edition = (directory / "EDITION").read_text(encoding="utf-8").strip()
    result = LoadResult(edition=edition)
    common = ["name", "lat", "lng", "is_active", "edition"]
    result.counts["provinces"] = _upsert(
        Province,
        (Province(**_common(r, edition)) for r in _open_csv(directory, "provinces")),
        common,
    )
    result.counts["regencies"] = _upsert(
        Regency,
        (Regency(province_id=r["province_code"], **_common(r, edition)) for r in _open_csv(directory, "regencies")),
        [*common, "province"],
    )
    result.counts["districts"] = _upsert(
        District,
        (District(regency_id=r["regency_code"], **_common(r, edition)) for r in _open_csv(directory, "districts")),
        [*common, "regency"],
    )
    result.counts["villages"] = _upsert(
        Village,
        (
            Village(
                district_id=r["district_code"],
                kind=_VILLAGE_KIND[r["code"][9]],
                **_common(r, edition),
            )
            for r in _open_csv(directory, "villages")
        ),
        [*common, "district", "kind"],
    )
    for label, model in (
        ("provinces", Province),
        ("regencies", Regency),
        ("districts", District),
        ("villages", Village),
    ):
        result.retired[label] = model.objects.filter(is_active=True).exclude(edition=edition).update(is_active=False)
    return result


@transaction.atomic
def program_villages_load(*, path: Path = PROGRAM_VILLAGES_CSV) -> int:
    """Load the programme villages named in public sources, with their status and source.

    Idempotent: updates by village code. Rows created by the demo keep their demo mark; a real
    row replaces a demo designation of the same village.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        cohort = row["cohort_year"].strip()
        ProgramVillage.objects.update_or_create(
            village_id=row["code"],
            defaults={
                "cohort_year": int(cohort) if cohort else None,
                "status": row["status"],
                "source": row["source"][:500],
                "note": row["note"][:500],
                "is_demo": False,
            },
        )
    return len(rows)
