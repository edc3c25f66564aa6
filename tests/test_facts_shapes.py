"""Fact extraction on the statement-shapes dev set (tests/fixtures/facts_shapes): articles
written for this project in the style of real news, each realising catalogued shapes
(docs/phrasing.md). Held to the floors in tests/fixtures/facts_shapes_baseline.json; no fact
at all on a negative article."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).parent.parent
SHAPES = ROOT / "tests" / "fixtures" / "facts_shapes"
BASELINE = json.loads((ROOT / "tests/fixtures/facts_shapes_baseline.json").read_text(encoding="utf-8"))


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shape_floors_and_no_fact_on_negatives():
    ev = _load("eval_facts", ROOT / "bench" / "eval_facts.py")
    res = ev.evaluate(SHAPES)
    report = ev.report(res)
    print(report)
    assert res["negatives_with_facts"] == [], report
    for metric in ("precision", "recall", "f1"):
        assert res["overall"][metric] >= BASELINE[metric], f"{metric} below its floor\n{report}"


def test_shapes_gold_is_consistent():
    assert _load("check_shapes", SHAPES / "check_shapes.py").main() == 0


def test_every_shape_is_exercised():
    """At least 120 articles, 20 negatives, and every shape S01-S45 in three articles."""
    specs = [json.loads(p.read_text(encoding="utf-8")) for p in SHAPES.glob("*.json")]
    per_shape = Counter(s for spec in specs for s in set(spec["shapes"]))
    assert len(specs) >= 120
    assert sum(1 for spec in specs if not spec["assessments"]) >= 20
    missing = {f"S{i:02d}": per_shape[f"S{i:02d}"] for i in range(1, 46) if per_shape[f"S{i:02d}"] < 3}
    assert not missing, f"shapes in fewer than 3 articles: {missing}"


def test_catalogue_lists_every_shape():
    text = (ROOT / "docs" / "phrasing.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"^### (S\d\d)\b", text, flags=re.M))
    assert ids == {f"S{i:02d}" for i in range(1, 46)}
    status = _load("phrasing_status", ROOT / "bench" / "phrasing_status.py")
    assert status.render(text) == text, "docs/phrasing.md is stale: run python bench/phrasing_status.py"
