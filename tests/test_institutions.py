"""Institutions found by the rule pipeline (tests/fixtures/institution_cases.jsonl).

Every INSTITUTION span expected in a text, with its id: ministries and agencies by
their abbreviations, regional units, Ombudsman offices with their province
(``ombudsman-ri:73``); negative cases expect none. A unit's link to the region that
follows it (``unit:rsud@51.03``) is checked in test_unit_linked_to_region.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from nlp import pipeline

ROOT = Path(__file__).parent.parent
CASES = [json.loads(line) for line in (ROOT / "tests/fixtures/institution_cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.fixture(scope="module")
def nlp():
    return pipeline.build()


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_case(nlp, case):
    doc = nlp(case["text"])
    got = {(e.text, e.kb_id_.split("@")[0]) for e in doc.ents if e.label_ == "INSTITUTION"}
    assert got == {(s["text"], s["id"]) for s in case["spans"]}


def test_unit_linked_to_region(nlp):
    doc = nlp("Antrean di Disdukcapil Kota Kupang dan RSUD Kabupaten Badung masih panjang.")
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "INSTITUTION"] == [
        ("Disdukcapil", "unit:disdukcapil@53.71"), ("RSUD", "unit:rsud@51.03")]


def test_every_pattern_id_is_declared():
    with (ROOT / "nlp/gazetteer/institutions.csv").open(encoding="utf-8") as fh:
        ids = {row["id"] for row in csv.DictReader(fh)}
    for line in (ROOT / "nlp/patterns/institutions.jsonl").read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["id"] in ids
    for line in (ROOT / "nlp/patterns/units.jsonl").read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["id"].startswith("unit:")


def test_institution_data_is_built_from_its_tables():
    from nlp import build_institutions

    for path, text in build_institutions.render().items():
        assert path.read_text(encoding="utf-8") == text, f"run python -m nlp.build_institutions ({path.name})"
