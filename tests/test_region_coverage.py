"""Every province and kab/kota is found, with its code, in each of its alias forms.

Generated from the gazetteer: one sentence per (region, form), run through the real
pipeline. Also: the committed region patterns are what the builder makes of the data.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from nlp import build_patterns, pipeline, regions

GAZ = Path(__file__).parent.parent / "nlp" / "gazetteer"


def _cases() -> list[tuple[str, str, str]]:
    """(form, expected code, expected form kind)."""
    regs = regions.load()
    names: dict[str, list[str]] = defaultdict(list)
    for r in regs.values():
        names[r.name.lower()].append(r.code)
    stop = build_patterns._stoplist()
    cases = []
    for r in regs.values():
        for form in regions.surface_forms(r):
            cases.append((form, r.code, "prefixed"))
        if len(names[r.name.lower()]) == 1 and (r.type == "provinsi" or r.name.lower() not in stop):
            cases.append((r.name, r.code, "bare"))
    aliases = GAZ / "aliases.csv"
    if aliases.exists():
        with aliases.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                kind = "short" if row["kind"] == "province_short" else "alias"
                cases.append((row["alias"], row["code"], kind))
                cases.append((f"{regions.PREFIXES[regs[row['code']].type][0]} {row['alias']}", row["code"], "prefixed"))
    return cases


def test_every_region_in_every_form():
    nlp = pipeline.build()
    cases = _cases()
    texts = [f"Pelayanan publik di {form} terus dibenahi, kata petugas." for form, _, _ in cases]
    missing = []
    for (form, code, kind), doc in zip(cases, nlp.pipe(texts, batch_size=256), strict=True):
        hits = [e for e in doc.ents if e.label_ == "REGION" and e.text == form]
        if not hits or hits[0].kb_id_ != code or pipeline.region_form(hits[0]) != kind:
            missing.append((form, code, kind, [(e.text, e.kb_id_, e.ent_id_) for e in doc.ents]))
    assert not missing, f"{len(missing)} of {len(cases)} forms not found: {missing[:10]}"
    assert len(cases) > 4000  # 7-8 prefixed forms per region, plus bare names and aliases


def test_region_patterns_are_built_from_the_gazetteer():
    patterns, cased = build_patterns.build()
    assert Path(build_patterns.OUT).read_text(encoding="utf-8") == build_patterns.render(patterns), \
        "run python -m nlp.build_patterns"
    assert Path(build_patterns.OUT_CASED).read_text(encoding="utf-8") == build_patterns.render(cased)
