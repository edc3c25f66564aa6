"""Main-text precision/recall/F1 and date accuracy of the extraction stage on the gold set.

    python bench/eval_extraction.py                  # report
    python bench/eval_extraction.py --write-baseline # raise the floors to what is measured
    python bench/eval_extraction.py --write-baseline --allow-lower   # lowering needs this flag

Gold: tests/fixtures/extraction_gold/gold.json (pages, expected text paragraphs, date,
discard reason, near-duplicate pairs). Text scores are over word tokens (multisets),
micro-averaged over the pages that are not to be discarded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from nlp import dedup
from nlp.extract import extract_article

ROOT = Path(__file__).parent.parent
GOLD_DIR = ROOT / "tests" / "fixtures" / "extraction_gold"
BASELINE = ROOT / "tests" / "fixtures" / "extraction_baseline.json"
METRICS = ("f1", "date_accuracy", "discard_accuracy")


def _tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def evaluate(gold_dir: Path = GOLD_DIR) -> dict:
    spec = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    dates_ok = dates_n = discards_ok = 0
    problems: list[str] = []
    sigs: dict[str, bytes] = {}
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for page in spec["pages"]:
        body = (gold_dir / page["file"]).read_bytes()
        res = extract_article(body, url=page["url"], final_url=page["url"], source_id="gold", page_id=page["file"],
                              fetched_at=now, content_type="text/html")
        expected_discard = page.get("discard")
        got_discard = res.discard_reason
        if expected_discard == got_discard:
            discards_ok += 1
        else:
            problems.append(f"{page['file']}: discard {got_discard!r} ({res.discard_detail}), expected {expected_discard!r}")
        if expected_discard or res.article is None:
            continue
        art = res.article
        sigs[page["file"]] = art["text_minhash"]
        gold_tokens = _tokens("\n".join(page["text"]))
        got_tokens = _tokens(art["text"])
        overlap = sum((gold_tokens & got_tokens).values())
        tp += overlap
        fp += sum(got_tokens.values()) - overlap
        fn += sum(gold_tokens.values()) - overlap
        for s in page.get("must_contain", []):
            if " ".join(s.split()) not in " ".join(art["text"].split()):
                problems.append(f"{page['file']}: missing {s[:60]!r}")
        for s in page.get("must_not_contain", []):
            if s in art["text"]:
                problems.append(f"{page['file']}: contains noise {s[:60]!r}")
        dates_n += 1
        got_date = None
        if art["published"] is not None:
            local = art["published"]
            if art["published_tz"]:
                sign = 1 if art["published_tz"][0] == "+" else -1
                hh, mm = map(int, art["published_tz"][1:].split(":"))
                local = local + sign * timedelta(hours=hh, minutes=mm)
            got_date = local.date().isoformat()
        if got_date == page["published"]:
            dates_ok += 1
        else:
            problems.append(f"{page['file']}: published {got_date} ({art['published_source']}), expected {page['published']}")
    near_ok = near_n = 0
    for page in spec["pages"]:
        other = page.get("near_duplicate_of")
        if other:
            near_n += 1
            if page["file"] in sigs and other in sigs:
                sim = dedup.similarity(sigs[page["file"]], sigs[other])
                if sim >= dedup.THRESHOLD:
                    near_ok += 1
                else:
                    problems.append(f"{page['file']}: similarity {sim:.2f} to {other} below {dedup.THRESHOLD}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pages": len(spec["pages"]),
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "date_accuracy": dates_ok / dates_n if dates_n else 1.0,
        "discard_accuracy": discards_ok / len(spec["pages"]),
        "near_duplicates_found": f"{near_ok}/{near_n}",
        "problems": problems,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-baseline", action="store_true")
    ap.add_argument("--allow-lower", action="store_true")
    args = ap.parse_args()
    res = evaluate()
    print(f"{res['pages']} pages: text P {res['precision']:.3f} R {res['recall']:.3f} F1 {res['f1']:.3f}; "
          f"dates {res['date_accuracy']:.3f}; discards {res['discard_accuracy']:.3f}; "
          f"near duplicates {res['near_duplicates_found']}")
    print("\n".join(res["problems"]))
    if args.write_baseline:
        old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
        new = {m: round(res[m] - 0.005, 3) for m in METRICS}
        lower = [m for m in METRICS if m in old and new[m] < old[m]]
        if lower and not args.allow_lower:
            print(f"error: {BASELINE}: would lower {', '.join(lower)}; pass --allow-lower", file=sys.stderr)
            return 2
        BASELINE.write_text(json.dumps({**old, **new}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
