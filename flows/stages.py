"""Glue between the rooms: crawl output -> pages; pages -> articles, facts, discards.

No parsing and no Parquet here: each step calls ``nlp`` (pure functions) or
``warehouse`` (I/O). Tasks in ``flows.tasks`` wrap these functions; tests call them
directly too.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pyarrow.compute as pc

from nlp import dedup, extract
from nlp.analyze import analyze
from nlp.pipeline import NLP_VERSION
from spiders.crawl import read_pages
from warehouse import Warehouse


def store_crawl(wh: Warehouse, jsonl: Path, run_id: str):
    rows = read_pages(jsonl)
    for r in rows:
        r["fetched_at"] = datetime.fromisoformat(r["fetched_at"])
        r["run_id"] = run_id
    return wh.write("pages", rows)


def _discard(page: dict, stage: str, reason: str, detail: str | None, run_id: str) -> dict:
    return {
        "discard_id": extract.sha1(page["page_id"], stage),
        "page_id": page["page_id"], "url": page["url"], "source_id": page["source_id"],
        "stage": stage, "reason": reason, "detail": detail, "run_id": run_id,
    }


def process_new_pages(wh: Warehouse, run_id: str, batch_size: int = 200,
                      relevance: dict[str, tuple[str, ...]] | None = None) -> dict:
    """Extract, de-duplicate and analyse the pages no article or discard comes from yet.
    ``relevance`` maps a source id to the keywords its articles must mention."""
    todo = wh.unprocessed_pages()
    counts: dict[str, Counter] = {}
    for i in range(0, len(todo), batch_size):
        batch_ids = todo[i: i + batch_size]
        pages = wh.read_arrow("pages", filter=pc.field("page_id").isin(batch_ids)).to_pylist()
        _process_batch(wh, pages, run_id, counts, relevance or {})
    return {src: dict(c) for src, c in sorted(counts.items())}


def _process_batch(wh: Warehouse, pages: list[dict], run_id: str, counts: dict[str, Counter],
                   relevance: dict[str, tuple[str, ...]]) -> None:
    articles: list[dict] = []
    discards: list[dict] = []
    for page in pages:
        c = counts.setdefault(page["source_id"], Counter())
        c["pages"] += 1
        if page["error"] or page["status"] != 200 or page["body"] is None:
            detail = page["error"] or f"HTTP {page['status']}"
            reason = "robots" if "robots.txt" in detail else "fetch_error"
            discards.append(_discard(page, "crawl", reason, detail, run_id))
            c["discards"] += 1
            continue
        res = extract.extract_article(
            page["body"], url=page["url"], final_url=page["final_url"], source_id=page["source_id"],
            page_id=page["page_id"], fetched_at=page["fetched_at"], content_type=page["content_type"],
        )
        if res.article is None:
            discards.append(_discard(page, "extract", res.discard_reason, res.discard_detail, run_id))
            c["discards"] += 1
            continue
        keywords = relevance.get(page["source_id"], ())
        if not extract.is_relevant(res.article["text"], keywords):
            discards.append(_discard(page, "extract", "not_relevant",
                                     f"mentions none of the source's {len(keywords)} relevance keywords", run_id))
            c["discards"] += 1
            continue
        res.article["run_id"] = run_id
        articles.append(res.article)

    # Exact and near duplicates, across this batch and what is stored: the stored
    # articles that share a content hash or are similar by MinHash take part.
    new_ids = {a["article_id"] for a in articles}
    candidates = wh.read_arrow("articles", ["article_id", "content_sha1", "text_minhash"]).to_pylist()
    hashes = {a["content_sha1"] for a in articles}
    probe = [(c["article_id"], c["text_minhash"]) for c in candidates if c["text_minhash"] and c["article_id"] not in new_ids]
    probe += [(a["article_id"], a["text_minhash"]) for a in articles]
    near = {k for g in dedup.near_duplicate_groups(probe) if g & new_ids for k in g}
    wanted = [c["article_id"] for c in candidates if c["article_id"] not in new_ids
              and (c["content_sha1"] in hashes or c["article_id"] in near)]
    stored = wh.read_arrow("articles", filter=pc.field("article_id").isin(wanted)).to_pylist() if wanted else []
    before = {s["article_id"]: s["duplicate_of"] for s in stored}
    extract.mark_duplicates(articles + stored)
    changed = [s for s in stored if s["duplicate_of"] != before[s["article_id"]]]
    for s in changed:
        s["run_id"] = run_id

    mentions: list[dict] = []
    facts: list[dict] = []
    for a in articles:
        c = counts[a["source_id"]]
        c["articles"] += 1
        if a["duplicate_of"]:
            c["duplicates"] += 1
            continue  # facts are extracted once, from the original
        m, f = analyze(a["text"], a["article_id"], a["published"])
        for row in m + f:
            row["run_id"] = run_id
            row["nlp_version"] = NLP_VERSION
        mentions.extend(m)
        facts.extend(f)
        c["facts"] += len(f)
    # A stored article that turned out to be a later copy keeps no facts of its own.
    demoted = [s["article_id"] for s in changed if s["duplicate_of"]]
    wh.delete("assessments", "article_id", demoted)
    wh.delete("mentions", "article_id", demoted)
    # Articles and discards last: they mark a page as processed, so a crash before them
    # leaves the pages to the next run instead of losing their facts.
    wh.write("mentions", mentions)
    wh.write("assessments", facts)
    wh.write("discards", discards)
    wh.write("articles", articles + changed)

