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
from warehouse.schemas import article_month, fetch_date

# A republished copy appears within weeks of the original: new articles are compared with
# the stored articles of their own month and this many months either side, so the check
# reads a few partitions, not the whole dataset.
DEDUP_WINDOW_MONTHS = 2


def store_crawl(wh: Warehouse, jsonl: Path, run_id: str):
    rows = read_pages(jsonl)
    for r in rows:
        r["fetched_at"] = datetime.fromisoformat(r["fetched_at"])
        r["fetch_date"] = fetch_date(r["fetched_at"])
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
    if not todo:
        return {}
    ids = wh.read_arrow("pages", ["page_id", "fetch_date"])
    day_of = dict(zip(ids.column(0).to_pylist(), ids.column(1).to_pylist(), strict=True))
    for i in range(0, len(todo), batch_size):
        batch_ids = todo[i: i + batch_size]
        # only the days these pages were fetched on: raw HTML of other days is not read
        pages = wh.read_arrow("pages", filter=pc.field("page_id").isin(batch_ids),
                              where={"fetch_date": {day_of[p] for p in batch_ids}}).to_pylist()
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
        res.article["month"] = article_month(res.article["published"], res.article["published_tz"],
                                             res.article["fetched_at"])
        res.article["nlp_version"] = NLP_VERSION
        articles.append(res.article)

    # One article per canonical URL: within the batch the newest fetch wins; a canonical
    # URL already stored from another source keeps its source (this page is a copy).
    newest: dict[str, dict] = {}
    for a in sorted(articles, key=lambda a: a["fetched_at"]):
        if a["article_id"] in newest:
            old = newest[a["article_id"]]
            discards.append(_discard(old, "dedup", "duplicate", f"same canonical URL as page {a['page_id']}", run_id))
            counts[old["source_id"]]["discards"] += 1
        newest[a["article_id"]] = a
    articles = list(newest.values())
    located = wh.locate("articles", "article_id", sorted(newest)) if articles else {}
    for a in list(articles):
        loc = located.get(a["article_id"])
        if loc and loc["source_id"] != a["source_id"]:
            discards.append(_discard(a, "dedup", "duplicate",
                                     f"canonical URL {a['canonical_url']} already stored from source {loc['source_id']}",
                                     run_id))
            counts[a["source_id"]]["discards"] += 1
            articles.remove(a)

    # Exact and near duplicates, across this batch and what is stored: the stored
    # articles that share a content hash or are similar by MinHash take part.
    new_ids = {a["article_id"] for a in articles}
    window = {"month": months_around({a["month"] for a in articles}, DEDUP_WINDOW_MONTHS)}
    candidates = wh.read_arrow("articles", ["article_id", "content_sha1", "text_minhash", "month"],
                               where=window).to_pylist() if articles else []
    # An article extracted again (a new page with the same canonical URL, same source)
    # replaces the stored one, wherever it is stored: its old mentions and facts go, and so
    # does the old row when its month (its partition) changed.
    again = {i: loc["month"] for i, loc in located.items() if i in new_ids}
    hashes = {a["content_sha1"] for a in articles}
    probe_by_id = {c["article_id"]: c["text_minhash"] for c in candidates
                   if c["text_minhash"] and c["article_id"] not in new_ids}
    probe_by_id.update((a["article_id"], a["text_minhash"]) for a in articles)
    probe = list(probe_by_id.items())
    near = {k for g in dedup.near_duplicate_groups(probe) if g & new_ids for k in g}
    wanted = [c["article_id"] for c in candidates if c["article_id"] not in new_ids
              and (c["content_sha1"] in hashes or c["article_id"] in near)]
    stored = wh.read_arrow("articles", filter=pc.field("article_id").isin(wanted),
                           where=window).to_pylist() if wanted else []
    before = {s["article_id"]: s["duplicate_of"] for s in stored}
    extract.mark_duplicates(articles + stored)
    # A stored copy whose original lies outside the window stays a copy of that original,
    # and a new copy of it points at the same original.
    kept = {}
    for st in stored:
        if before[st["article_id"]] and st["duplicate_of"] is None:
            st["duplicate_of"] = before[st["article_id"]]
        if st["duplicate_of"]:
            kept[st["article_id"]] = st["duplicate_of"]
    for a in articles:
        if a["duplicate_of"] in kept:
            a["duplicate_of"] = kept[a["duplicate_of"]]
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
        for row in m:
            row["month"] = a["month"]
        for row in f:
            row["source_id"] = a["source_id"]
        mentions.extend(m)
        facts.extend(f)
        c["facts"] += len(f)
        c["mentions"] += len(m)
    # A stored article that turned out to be a later copy keeps no facts of its own.
    demoted = [s for s in changed if s["duplicate_of"]]
    if demoted:
        ids = [s["article_id"] for s in demoted]
        wh.delete("mentions", "article_id", ids, where={"month": {s["month"] for s in demoted}})
        wh.delete("assessments", "article_id", ids)

    if again:
        wh.delete("mentions", "article_id", sorted(again), where={"month": set(again.values())})
        wh.delete("assessments", "article_id", sorted(again))
        month_of = {a["article_id"]: a["month"] for a in articles}
        moved = {i: m for i, m in again.items() if month_of[i] != m}
        if moved:
            wh.delete("articles", "article_id", sorted(moved), where={"month": set(moved.values())})

    # Articles and discards last: they mark a page as processed, so a crash before them
    # leaves the pages to the next run instead of losing their facts.
    wh.write("mentions", mentions)
    wh.write("assessments", facts)
    wh.write("discards", discards)
    wh.write("articles", articles + changed)


def months_around(months: set[str], n: int) -> set[str]:
    """The 'YYYY-MM' months within ``n`` months of any of ``months``."""
    out = set()
    for m in months:
        y, mo = int(m[:4]), int(m[5:7])
        for d in range(-n, n + 1):
            k = y * 12 + (mo - 1) + d
            out.add(f"{k // 12:04d}-{k % 12 + 1:02d}")
    return out


def store_regions(wh: Warehouse, run_id: str) -> int:
    """Write the ``regions`` dimension from the gazetteer when it differs from what is stored."""
    from nlp.regions import load

    rows = [{"code": r.code, "name": r.name, "canonical": r.canonical, "type": r.type,
             "province_code": r.province_code, "province": r.province,
             "former_code": r.former_code or None, "law": r.law or None, "run_id": run_id}
            for r in load().values()]
    fields = [k for k in rows[0] if k != "run_id"]
    stored = wh.read_arrow("regions", fields).to_pylist()
    key = lambda r: tuple(r[k] for k in fields)  # noqa: E731
    if sorted(map(key, stored)) == sorted(map(key, rows)):
        return 0
    if stored:
        gone = {r["code"] for r in stored} - {r["code"] for r in rows}
        wh.delete("regions", "code", sorted(gone))
    return wh.write("regions", rows).rows_written


def record_run(wh: Warehouse, run_id: str, flow: str, started_at: datetime, status: str,
               counts: dict, errors: list[str]) -> None:
    """One ``runs`` row: status, totals per stage, per-source counts as JSON, versions."""
    import json
    from datetime import timezone

    from nlp.extract import EXTRACTOR_VERSION
    from spiders import SPIDER_VERSION

    processed = counts.get("process", {})

    def total(key: str) -> int:
        return sum(int(c.get(key, 0)) for c in processed.values())

    wh.write("runs", [{
        "run_id": run_id, "flow": flow, "started_at": started_at,
        "finished_at": datetime.now(timezone.utc), "status": status,
        "pages": sum(int(c.get("pages_stored", 0)) for c in counts.get("crawl", {}).values()),
        "articles": total("articles"), "duplicates": total("duplicates"),
        "assessments": total("facts"), "mentions": total("mentions"), "discards": total("discards"),
        "counts": json.dumps(counts, sort_keys=True, default=str), "spider_version": SPIDER_VERSION,
        "extractor_version": EXTRACTOR_VERSION, "nlp_version": NLP_VERSION,
        "error": "\n".join(errors) or None,
    }])


def import_pages(wh: Warehouse, rows, run_id: str, batch_size: int = 500) -> dict[str, int]:
    """Store page rows (from a WARC import) in batches; returns pages stored per source."""
    stored: Counter = Counter()
    batch: list[dict] = []

    def flush() -> None:
        for r in batch:
            r["fetched_at"] = datetime.fromisoformat(r["fetched_at"])
            r["fetch_date"] = fetch_date(r["fetched_at"])
            r["run_id"] = run_id
            stored[r["source_id"]] += 1
        wh.write("pages", batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return dict(stored)


def stale_months(wh: Warehouse, since: str | None = None) -> list[str]:
    """Months (article partitions) holding an article made by other code versions."""
    months = [m for m in wh.partition_values("articles", "month") if since is None or m >= since[:7]]
    out = []
    for m in months:
        t = wh.read_arrow("articles", ["extractor_version", "nlp_version"], where={"month": [m]})
        if t.num_rows and (
            pc.any(pc.not_equal(t.column("extractor_version"), extract.EXTRACTOR_VERSION)).as_py()
            or pc.any(pc.not_equal(t.column("nlp_version"), NLP_VERSION)).as_py()
        ):
            out.append(m)
    return out


def reprocess_month(wh: Warehouse, run_id: str, month: str,
                    relevance: dict[str, tuple[str, ...]] | None = None) -> dict:
    """Redo the articles of one month whose stored versions differ from the code's.

    An article made by another extractor version is extracted again from its stored page
    (no network); one made by another NLP version is analysed again from its stored
    text. Its old mentions and facts are replaced; articles already current are not
    touched. Duplicate marks are kept as they are.
    """
    stored = wh.read_arrow("articles", where={"month": [month]}).to_pylist()
    todo = [a for a in stored if a["extractor_version"] != extract.EXTRACTOR_VERSION
            or a["nlp_version"] != NLP_VERSION]
    counts: Counter = Counter()
    if not todo:
        return {}
    again = [a for a in todo if a["extractor_version"] != extract.EXTRACTOR_VERSION]
    pages = {}
    if again:
        ids = [a["page_id"] for a in again]
        days = {fetch_date(a["fetched_at"]) for a in again}
        pages = {p["page_id"]: p for p in wh.read_arrow("pages", filter=pc.field("page_id").isin(ids),
                                                          where={"fetch_date": days}).to_pylist()}
    articles, discards, mentions, facts = [], [], [], []
    for a in todo:
        c = counts
        page = pages.get(a["page_id"]) if a["extractor_version"] != extract.EXTRACTOR_VERSION else None
        if a["extractor_version"] != extract.EXTRACTOR_VERSION and (page is None or page["body"] is None):
            # nothing to extract from: keep the stored text (and its extractor version, so a
            # later run tries again) and only redo the NLP
            c["missing_page"] += 1
            new = dict(a)
        elif page is not None:
            res = extract.extract_article(
                page["body"], url=page["url"], final_url=page["final_url"], source_id=page["source_id"],
                page_id=page["page_id"], fetched_at=page["fetched_at"], content_type=page["content_type"])
            keywords = (relevance or {}).get(page["source_id"], ())
            if res.article is None or not extract.is_relevant(res.article["text"], keywords):
                reason = res.discard_reason if res.article is None else "not_relevant"
                detail = res.discard_detail if res.article is None else "no relevance keyword"
                discards.append(_discard(page, "extract", reason, detail, run_id))
                c["discards"] += 1
                continue
            new = res.article
            new["duplicate_of"] = a["duplicate_of"]
            new["month"] = article_month(new["published"], new["published_tz"], new["fetched_at"])
            c["reextracted"] += 1
        else:
            new = dict(a)
        new["run_id"] = run_id
        new["nlp_version"] = NLP_VERSION
        articles.append(new)
        c["articles"] += 1
        if new["duplicate_of"]:
            continue
        m, f = analyze(new["text"], new["article_id"], new["published"])
        for row in m + f:
            row["run_id"] = run_id
            row["nlp_version"] = NLP_VERSION
        for row in m:
            row["month"] = new["month"]
        for row in f:
            row["source_id"] = new["source_id"]
        mentions.extend(m)
        facts.extend(f)
        c["facts"] += len(f)
        c["mentions"] += len(m)
    ids = sorted({a["article_id"] for a in todo})
    gone = [a["article_id"] for a in todo if a["article_id"] not in {n["article_id"] for n in articles}]
    moved = [n["article_id"] for n in articles if n["month"] != month]
    # old mentions and facts of every redone article go; its new ones come in
    wh.delete("mentions", "article_id", ids, where={"month": [month]})
    wh.delete("assessments", "article_id", ids)
    if gone or moved:
        wh.delete("articles", "article_id", gone + moved, where={"month": [month]})
    wh.write("mentions", mentions)
    wh.write("assessments", facts)
    wh.write("discards", discards)
    wh.write("articles", articles)
    return dict(counts)
