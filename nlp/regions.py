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


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    path = GAZETTEER.parent / "aliases.csv"
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["alias"].lower(): r["code"] for r in rows}


_CODE = __import__("re").compile(r"^\d{2}(\.\d{2})?$")


def resolve(text: str) -> list[Region]:
    """Regions a user means by ``text``: a code ("51.03"), a name with or without a type
    prefix ("Badung", "Kab. Badung", "Pemkab Badung", "Kota Denpasar"), or an alias
    ("Kukar"). Several regions come back when a bare name is shared ("Kupang")."""
    regs = load()
    q = " ".join(text.split())
    if _CODE.match(q):
        return [regs[q]] if q in regs else []
    low = q.lower()
    want_type = None
    for typ, prefixes in PREFIXES.items():
        for p in sorted(prefixes, key=len, reverse=True):
            if low.startswith(p.lower() + " "):
                want_type, low = typ, low[len(p) + 1:].strip()
                break
        if want_type:
            break
    found = [r for r in regs.values() if r.name.lower() == low or r.canonical.lower() == q.lower()]
    if not found and low in _aliases():
        found = [regs[_aliases()[low]]]
    if want_type:
        typed = [r for r in found if r.type == want_type]
        # "Kota Kupang" is a name in its own right for the kota ("Kota Batu" is written so)
        found = typed or [r for r in regs.values() if r.canonical.lower() == q.lower()]
    return sorted(found, key=lambda r: r.code)
