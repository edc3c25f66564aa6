"""Parse throughput on the sample web: HTML article pages through extraction and NLP.

    python bench/bench_parse.py [--rounds 5]

Every article page of flows/sampleweb/sites (the pages the demo crawls) goes through
``nlp.analyze.parse_document``, exactly what ``pantau parse`` does per file. Prints
articles/s and words/s (best round), and the share of time spent in extraction.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from nlp import extract
from nlp.analyze import parse_document

SITES = Path(__file__).parent.parent / "flows" / "sampleweb" / "sites"
GOLD = Path(__file__).parent.parent / "tests" / "fixtures" / "sampleweb_gold.json"


def pages() -> list[tuple[str, bytes]]:
    out = []
    for a in json.loads(GOLD.read_text(encoding="utf-8"))["articles"]:
        base = SITES / a["site"] / a["path"].strip("/")
        f = next(p for p in (base, Path(str(base) + ".html"), base / "index.html") if p.is_file())
        body = f.read_bytes().replace(b"{{BASE}}", f"http://{a['site']}.test".encode())
        out.append((f"http://{a['site']}.test{a['path']}", body))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    docs = pages()
    parse_document(docs[0][1], path=docs[0][0], url=docs[0][0], is_html=True)  # warm-up: build the pipeline
    words = 0
    best = best_extract = float("inf")
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for url, body in docs:
            parse_document(body, path=url, url=url, is_html=True)
        best = min(best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        words = 0
        for url, body in docs:
            res = extract.extract_article(body, url=url, final_url=url, source_id="b", page_id="p",
                                          fetched_at=datetime.now(timezone.utc), content_type="text/html")
            words += len(res.article["text"].split()) if res.article else 0
        best_extract = min(best_extract, time.perf_counter() - t0)
    print(f"{len(docs)} article pages, {words} words of main text, best of {args.rounds} rounds")
    print(f"parse (extraction + NLP): {len(docs) / best:8.1f} articles/s {words / best:10,.0f} words/s")
    print(f"extraction alone:         {len(docs) / best_extract:8.1f} articles/s ({best_extract / best:.0%} of parse time)")


if __name__ == "__main__":
    main()
