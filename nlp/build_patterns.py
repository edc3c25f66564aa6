"""Build ``patterns/regions.jsonl``: every surface form of every region, as data.

    python -m nlp.build_patterns          # rewrite nlp/patterns/regions.jsonl

Inputs (all under ``nlp/gazetteer/``): ``regions.csv`` (codes, names, types),
``aliases.csv`` (province short forms, short names, former names, spellings) and
``bare_name_stoplist.txt`` (kab/kota names that are ordinary words). A test fails when
the committed JSONL differs from what this script builds.

Pattern ids say what form matched, so that later components can decide what a mention
may be used for:

``51.03``           prefixed: "Kabupaten Badung", "Pemkab Badung", "Kab. Badung"
``51.03|typefix``   prefixed with the wrong type: "Pemkab Bukittinggi" (only a kota exists)
``51.03|bare``      the bare name of exactly one region: "Badung"
``53|short``        a province short form or alias: "NTT", "Sultra"
``53.15|alias``     a short name or former name of a kab/kota: "Mabar"
``amb:53.01,53.71`` a bare name shared by several regions: "Kupang" (resolved from context)
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from nlp import regions

HERE = Path(__file__).parent
OUT = HERE / "patterns" / "regions.jsonl"
# Case-sensitive phrases (bare names, short forms): a second ruler matches them on ORTH,
# so "Batang" is a region and "batang" a stem. Phrase matching on ORTH instead of
# token patterns keeps the ruler fast (token patterns are checked at every token).
OUT_CASED = HERE / "patterns" / "regions_cased.jsonl"
GAZ = HERE / "gazetteer"


def _read_csv(name: str) -> list[dict[str, str]]:
    p = GAZ / name
    if not p.exists():
        return []
    with p.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _stoplist() -> set[str]:
    p = GAZ / "bare_name_stoplist.txt"
    if not p.exists():
        return set()
    out = set()
    for line in p.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            out.add(name.lower())
    return out


def _bare(name: str) -> str:
    """A bare name, matched as written (case-sensitive) by the cased ruler."""
    return name


def build() -> tuple[list[dict], list[dict]]:
    """(patterns matched case-insensitively, patterns matched as written)."""
    regs = regions.load()
    by_name: dict[str, list[regions.Region]] = defaultdict(list)
    for r in regs.values():
        by_name[r.name.lower()].append(r)
    stop = _stoplist()
    out: list[dict] = []
    cased: list[dict] = []
    for r in sorted(regs.values(), key=lambda r: r.code):
        for form in regions.surface_forms(r):
            out.append({"label": "REGION", "pattern": form, "id": r.code})
        # Wrong-type prefix for a name that exists only as the other type:
        # "Pemkab Bukittinggi" is Kota Bukittinggi.
        if r.type in ("kabupaten", "kota"):
            other = "kota" if r.type == "kabupaten" else "kabupaten"
            if not any(x.type == other for x in by_name[r.name.lower()]):
                for p in regions.PREFIXES[other]:
                    out.append({"label": "REGION", "pattern": f"{p} {r.name}", "id": f"{r.code}|typefix"})
    for name, group in sorted(by_name.items()):
        written = group[0].name
        if len(group) == 1:
            r = group[0]
            if r.type != "provinsi" and name in stop:
                continue
            cased.append({"label": "REGION", "pattern": _bare(written), "id": f"{r.code}|bare"})
        else:
            codes = ",".join(sorted(x.code for x in group))
            cased.append({"label": "REGION", "pattern": _bare(written), "id": f"amb:{codes}"})
    for row in _read_csv("aliases.csv"):
        code, alias, kind = row["code"], row["alias"], row["kind"]
        if code not in regs:
            raise ValueError(f"aliases.csv: alias {alias!r} points to unknown code {code!r}")
        r = regs[code]
        tag = "short" if kind == "province_short" else "alias"
        cased.append({"label": "REGION", "pattern": _bare(alias), "id": f"{code}|{tag}"})
        for p in regions.PREFIXES[r.type]:
            out.append({"label": "REGION", "pattern": f"{p} {alias}", "id": code})
    return out, cased


def render(patterns: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in patterns)


def main() -> int:
    patterns, cased = build()
    OUT.write_text(render(patterns), encoding="utf-8")
    OUT_CASED.write_text(render(cased), encoding="utf-8")
    print(f"wrote {OUT} ({len(patterns)} patterns) and {OUT_CASED} ({len(cased)} patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
