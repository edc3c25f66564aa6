"""The extraction stage against bare ``trafilatura.extract`` on the same pages.

    python bench/bench_extract.py [--rounds 3]

Pages: the sample web's article pages and, when present, the extraction gold set
(tests/fixtures/extraction_gold). Prints docs/s of each and the ratio (goal >= 0.8x).
"""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

import trafilatura

from nlp.extract import extract_article

ROOT = Path(__file__).parent.parent


def pages() -> list[tuple[str, bytes]]:
    from bench_parse import pages as sample_pages  # same folder (on sys.path as the script's own)

    out = sample_pages()
    gold = ROOT / "tests" / "fixtures" / "extraction_gold"
    out += [(f"https://gold.test/{p.name}", p.read_bytes()) for p in sorted(gold.glob("*.html"))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    docs = pages()
    now = datetime.now(timezone.utc)

    def ours():
        for url, body in docs:
            extract_article(body, url=url, final_url=url, source_id="b", page_id="p", fetched_at=now,
                            content_type="text/html")

    def bare():
        for url, body in docs:
            trafilatura.extract(body.decode("utf-8", errors="replace"), url=url)

    ours()  # warm-up (language models, caches)
    from bench_nlp import best_of

    t_ours, t_bare = best_of(ours, args.rounds), best_of(bare, args.rounds)
    print(f"{len(docs)} pages, best of {args.rounds}")
    print(f"trafilatura.extract (bare):   {len(docs) / t_bare:7.1f} docs/s")
    print(f"pantau extraction stage:      {len(docs) / t_ours:7.1f} docs/s  ratio {t_bare / t_ours:.2f}x (goal >= 0.8x)")


if __name__ == "__main__":
    main()
