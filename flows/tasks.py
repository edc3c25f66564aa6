"""Prefect tasks: each wraps functions from spiders/, nlp/ and warehouse/.

Tasks pass paths and counts, never page bodies or DataFrames.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from prefect import task

from flows import settings
from warehouse import Warehouse


CRAWL_TIMEOUT_S = 3600


# The time limit is the child process's: a Prefect task timeout cannot interrupt a
# blocking call in a worker thread.
@task(name="crawl-source", retries=1, retry_delay_seconds=10)
def crawl_source(registry: str, source_id: str, data: str, run_id: str,
                 proxy: str | None = None, scrapy_settings: dict | None = None) -> dict:
    """Crawl one source in a child process and store its pages. Returns counts."""
    from flows import stages

    wh = Warehouse(data)
    staging = settings.staging_dir(data) / run_id
    staging.mkdir(parents=True, exist_ok=True)
    out = staging / f"{source_id}.jsonl"
    seen = staging / f"{source_id}.seen.txt"
    seen.write_text("\n".join(wh.stored_urls(source_id)), encoding="utf-8")
    cmd = [sys.executable, "-m", "spiders.crawl", "--registry", registry, "--source", source_id,
           "--out", str(out), "--seen", str(seen)]
    if proxy:
        cmd += ["--proxy", proxy]
    for k, v in (scrapy_settings or {}).items():
        cmd += ["--set", f"{k}={v}"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CRAWL_TIMEOUT_S)
    finally:
        # Whatever the child fetched before it ended (or was killed) is stored.
        result = stages.store_crawl(wh, out, run_id)
        out.unlink(missing_ok=True)
        seen.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            staging.rmdir()  # the last source of the run removes the run's folder
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"crawl of source '{source_id}' failed (exit {proc.returncode}, "
                           f"{result.rows_written} pages kept): {tail}")
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    summary["pages_stored"] = result.rows_written
    if summary["articles_discovered"] == 0:
        # A source whose discovery finds nothing is broken (moved feed, changed markup),
        # not quiet: say so, naming the source (pages fetched so far are stored).
        raise RuntimeError(f"source '{source_id}': discovery found no article links "
                           f"({summary['discovery_errors']} discovery document(s) failed)")
    return summary


@task(name="process-pages")
def process_pages(data: str, run_id: str, registry: str | None = None) -> dict:
    """Extract, de-duplicate and analyse every stored page not processed yet."""
    from flows import stages
    from spiders.registry import load

    relevance = {s.id: s.relevance for s in load(registry)} if registry else {}
    return stages.process_new_pages(Warehouse(data), run_id, relevance=relevance)


@task(name="store-regions")
def store_regions(data: str, run_id: str) -> int:
    """Write the regions dimension when the gazetteer changed."""
    from flows import stages

    return stages.store_regions(Warehouse(data), run_id)


@task(name="record-run")
def record_run(data: str, run_id: str, flow: str, started_at: datetime, status: str,
               counts: dict, errors: list[str]) -> None:
    from nlp.extract import EXTRACTOR_VERSION
    from nlp.pipeline import NLP_VERSION
    from spiders import SPIDER_VERSION

    processed = counts.get("process", {})

    def total(key: str) -> int:
        return sum(int(c.get(key, 0)) for c in processed.values())

    Warehouse(data).write("runs", [{
        "run_id": run_id, "flow": flow, "started_at": started_at,
        "finished_at": datetime.now(timezone.utc), "status": status,
        "pages": sum(int(c.get("pages_stored", 0)) for c in counts.get("crawl", {}).values()),
        "articles": total("articles"), "duplicates": total("duplicates"),
        "assessments": total("facts"), "mentions": total("mentions"), "discards": total("discards"),
        "counts": json.dumps(counts, sort_keys=True), "spider_version": SPIDER_VERSION,
        "extractor_version": EXTRACTOR_VERSION, "nlp_version": NLP_VERSION,
        "error": "\n".join(errors) or None,
    }])
