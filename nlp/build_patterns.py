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


_TOKENIZER = None


def _bare(name: str) -> list[dict]:
    """A bare name matches only as written with capitals ("Batang", not "batang"),
    token by token as the pipeline's own tokenizer splits it ("Tojo Una-Una")."""
    global _TOKENIZER
    if _TOKENIZER is None:
        from nlp.pipeline import blank

        _TOKENIZER = blank().tokenizer
    return [{"ORTH": t.text} for t in _TOKENIZER(name)]


def build() -> list[dict]:
    regs = regions.load()
    by_name: dict[str, list[regions.Region]] = defaultdict(list)
    for r in regs.values():
        by_name[r.name.lower()].append(r)
    stop = _stoplist()
    out: list[dict] = []
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
            out.append({"label": "REGION", "pattern": _bare(written), "id": f"{r.code}|bare"})
        else:
            codes = ",".join(sorted(x.code for x in group))
            out.append({"label": "REGION", "pattern": _bare(written), "id": f"amb:{codes}"})
    for row in _read_csv("aliases.csv"):
        code, alias, kind = row["code"], row["alias"], row["kind"]
        if code not in regs:
            raise ValueError(f"aliases.csv: alias {alias!r} points to unknown code {code!r}")
        r = regs[code]
        tag = "short" if kind == "province_short" else "alias"
        out.append({"label": "REGION", "pattern": _bare(alias), "id": f"{code}|{tag}"})
        for p in regions.PREFIXES[r.type]:
            out.append({"label": "REGION", "pattern": f"{p} {alias}", "id": code})
    return out


def render(patterns: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in patterns)


def main() -> int:
    patterns = build()
    OUT.write_text(render(patterns), encoding="utf-8")
    print(f"wrote {OUT}: {len(patterns)} region patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
