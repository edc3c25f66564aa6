"""Mentions found by the rule pipeline, case by case (tests/fixtures/nlp_cases.jsonl).

Each case lists every span expected in its text with its normalized value; a span marked
``"skip": true`` is expected but its value is not under test here.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from nlp.analyze import analyze

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "fixtures" / "nlp_cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    published = (datetime.fromisoformat(case["published"]).replace(tzinfo=timezone.utc)
                 if case.get("published") else None)
    mentions, _ = analyze(case["text"], "a", published)
    got = [(m["label"], m["text"]) for m in mentions]
    assert got == [(s["label"], s["text"]) for s in case["spans"]]
    for m, s in zip(mentions, case["spans"], strict=True):
        if s.get("skip"):
            continue
        assert m["normalized"] == s["normalized"], (s["text"], m)
        if "note" in s:
            assert m["note"] == s["note"]
