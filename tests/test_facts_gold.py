"""Fact extraction on the dev gold set (tests/fixtures/facts_gold), held to the floors
in tests/fixtures/facts_gold_baseline.json; no fact at all on a negative article."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).parent.parent
BASELINE = json.loads((ROOT / "tests/fixtures/facts_gold_baseline.json").read_text(encoding="utf-8"))


def _evaluator():
    spec = importlib.util.spec_from_file_location("eval_facts", ROOT / "bench" / "eval_facts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_gold_floors_and_no_fact_on_negatives():
    ev = _evaluator()
    res = ev.evaluate()
    report = ev.report(res)
    print(report)
    assert res["articles"] >= 40
    assert res["negatives_with_facts"] == [], report
    overall = res["overall"]
    for metric in ("precision", "recall", "f1"):
        assert overall[metric] >= BASELINE[metric], f"{metric} below its floor\n{report}\n" + "\n".join(res["errors"])


def test_gold_is_consistent():
    spec = importlib.util.spec_from_file_location("check_gold", ROOT / "tests/fixtures/facts_gold/check_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main() == 0
