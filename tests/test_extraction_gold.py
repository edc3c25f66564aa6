"""The extraction stage on its gold set (tests/fixtures/extraction_gold), held to the
floors in tests/fixtures/extraction_baseline.json (raise them with
``python bench/eval_extraction.py --write-baseline``; lowering needs --allow-lower)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_extraction_floors():
    ev = _load("eval_extraction", ROOT / "bench" / "eval_extraction.py")
    res = ev.evaluate()
    baseline = json.loads((ROOT / "tests/fixtures/extraction_baseline.json").read_text(encoding="utf-8"))
    assert res["pages"] >= 30
    for metric in ev.METRICS:
        assert res[metric] >= baseline[metric], f"{metric} {res[metric]:.3f} < {baseline[metric]}\n" + "\n".join(res["problems"])


def test_extraction_gold_is_consistent():
    checker = ROOT / "tests/fixtures/extraction_gold/check_gold.py"
    mod = _load("check_extraction_gold", checker)
    assert mod.main() == 0
