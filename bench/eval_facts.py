"""Precision, recall and F1 of the fact extraction on the dev gold set.

    python bench/eval_facts.py [tests/fixtures/facts_gold | tests/fixtures/facts_shapes]

Each ``NNN-slug.txt`` (first line: title) has a ``NNN-slug.json`` with the expected
assessments. A fact is right when its entity (region code, or institution name when the
region is null), instrument, year, score and zone all match the gold. Prints the scores
overall, per instrument and (where the gold names them) per statement shape of
docs/phrasing.md, the facts found on negative articles, and every miss. An article
whose ``published`` is null is parsed without a publication date.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from nlp.analyze import parse_document

GOLD = Path(__file__).parent.parent / "tests" / "fixtures" / "facts_gold"


def _key(a: dict) -> tuple:
    return (a["region_code"] or a["institution"], a["instrument"], a["year"])


def _same(g: dict, f: dict) -> bool:
    gs, fs = g["score"], f["score"]
    score_ok = (gs is None and fs is None) or (gs is not None and fs is not None and abs(gs - fs) < 1e-6)
    return score_ok and g["zone"] == f["zone"]


def evaluate(gold_dir: Path = GOLD) -> dict:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    negatives_with_facts: list[str] = []
    shape_tp: dict[str, int] = defaultdict(int)
    shape_fn: dict[str, int] = defaultdict(int)
    shape_fp: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    articles = 0
    for txt in sorted(gold_dir.glob("*.txt")):
        spec = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        published = (datetime.fromisoformat(spec["published"]).replace(tzinfo=timezone.utc)
                     if spec["published"] else None)
        out = parse_document(txt.read_bytes(), path=txt.name, published=published, is_html=False)
        articles += 1
        gold = {_key(a): a for a in spec["assessments"]}
        found = {_key(a): a for a in out["assessments"]}
        if not gold and found:
            negatives_with_facts.append(txt.name)
        for k, f in found.items():
            g = gold.get(k)
            if g is not None and _same(g, f):
                tp[f["instrument"]] += 1
                for shape in g.get("shapes", ()):
                    shape_tp[shape] += 1
            else:
                fp[f["instrument"]] += 1
                for shape in spec.get("shapes", ()):
                    shape_fp[shape] += 1
                errors.append(f"{txt.name}: wrong {k} score={f['score']} zone={f['zone']}"
                              + (f" (gold score={g['score']} zone={g['zone']})" if g else " (not in gold)"))
        for k, g in gold.items():
            f = found.get(k)
            if f is None or not _same(g, f):
                fn[g["instrument"]] += 1
                for shape in g.get("shapes", ()):
                    shape_fn[shape] += 1
                if f is None:
                    errors.append(f"{txt.name}: missed {k} score={g['score']} zone={g['zone']}")

    def prf(t: int, p: int, n: int) -> dict:
        prec = t / (t + p) if t + p else 1.0
        rec = t / (t + n) if t + n else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"tp": t, "fp": p, "fn": n, "precision": prec, "recall": rec, "f1": f1}

    instruments = sorted(set(tp) | set(fp) | set(fn))
    return {
        "articles": articles,
        "overall": prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_instrument": {i: prf(tp[i], fp[i], fn[i]) for i in instruments},
        "negatives_with_facts": negatives_with_facts,
        "per_shape": {sh: {"facts": shape_tp[sh] + shape_fn[sh], "found": shape_tp[sh],
                           "recall": shape_tp[sh] / (shape_tp[sh] + shape_fn[sh]) if shape_tp[sh] + shape_fn[sh] else None,
                           "wrong_in_articles": shape_fp[sh]}
                      for sh in sorted(set(shape_tp) | set(shape_fn) | set(shape_fp))},
        "errors": errors,
    }


def report(res: dict) -> str:
    lines = [f"{res['articles']} articles", f"{'instrument':22} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, r in [("overall", res["overall"]), *res["per_instrument"].items()]:
        lines.append(f"{name:22} {r['tp']:4} {r['fp']:4} {r['fn']:4} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}")
    lines.append(f"negative articles with a fact: {res['negatives_with_facts'] or 'none'}")
    if res["per_shape"]:
        lines.append(f"{'shape':6} {'facts':>5} {'found':>5} {'recall':>6} {'wrong facts in its articles':>28}")
        for sh, r in res["per_shape"].items():
            recall = f"{r['recall']:6.3f}" if r["recall"] is not None else "     -"
            lines.append(f"{sh:6} {r['facts']:5} {r['found']:5} {recall} {r['wrong_in_articles']:28}")
    return "\n".join(lines)


if __name__ == "__main__":
    result = evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD)
    print(report(result))
    print("\n".join(result["errors"]))
