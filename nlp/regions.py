"""The region gazetteer (``gazetteer/regions.csv``) and the surface forms news uses."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GAZETTEER = Path(__file__).parent / "gazetteer" / "regions.csv"

# Prefixes that name a region (or its government) of a given type, as news writes them.
# "Pembkab" is a frequent, safe misspelling of "Pemkab".
PREFIXES: dict[str, tuple[str, ...]] = {
    "kabupaten": ("Kabupaten", "Kab.", "Kab", "Pemkab", "Pemkab.", "Pembkab",
                  "Pemerintah Kabupaten", "Pemerintahan Kabupaten"),
    "kota": ("Kota", "Pemkot", "Pemkot.", "Pemerintah Kota", "Pemerintahan Kota"),
    "provinsi": ("Provinsi", "Prov.", "Prov", "Pemprov", "Pemprov.", "Pemerintah Provinsi",
                 "Pemerintahan Provinsi"),
}


@dataclass(frozen=True)
class Region:
    code: str
    type: str  # provinsi | kabupaten | kota
    name: str
    canonical: str
    province_code: str
    province: str
    former_code: str = ""  # code before the 2022 Papua split, for the kab/kota that moved
    law: str = ""  # the law that moved it or formed the province ("UU 14/2022")
    note: str = ""


@lru_cache(maxsize=1)
def load() -> dict[str, Region]:
    with GAZETTEER.open(encoding="utf-8") as fh:
        return {row["code"]: Region(**row) for row in csv.DictReader(fh)}


def surface_forms(region: Region) -> list[str]:
    """Prefixed forms only: a bare kab/kota name is ambiguous (Kupang, Malang)."""
    forms = [f"{p} {region.name}" for p in PREFIXES[region.type]]
    if region.type == "kota" and region.name.lower().startswith("kota "):
        forms.append(region.name)
    return forms
