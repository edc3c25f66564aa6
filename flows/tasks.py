"""Prefect tasks: each wraps functions from spiders/, nlp/ and warehouse/.

Tasks pass paths and counts, never page bodies or DataFrames.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from prefect import task

from warehouse import Warehouse


@task(name="crawl-source", retries=1, retry_delay_seconds=10, timeout_seconds=3600)
def crawl_source(registry: str, source_id: str, data: str, run_id: str,
                 proxy: str | None = None, scrapy_settings: dict | None = None) -> dict:
    """Crawl one source in a child process and store its pages. Returns counts."""
    from flows import stages

    wh = Warehouse(data)
    staging = Path(data) / ".staging" / run_id
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
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"crawl of source '{source_id}' failed (exit {proc.returncode}): {tail}")
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    result = stages.store_crawl(wh, out, run_id)
    out.unlink()  # stored: the staging copy is no longer needed
    seen.unlink()
    summary["pages_stored"] = result.rows_written
    return summary


@task(name="process-pages", timeout_seconds=3600)
def process_pages(data: str, run_id: str) -> dict:
    """Extract, de-duplicate and analyse every stored page not processed yet."""
    from flows import stages

    return stages.process_new_pages(Warehouse(data), run_id)


@task(name="record-run")
def record_run(data: str, run_id: str, flow: str, started_at: datetime, status: str,
               counts: dict, errors: list[str]) -> None:
    from nlp.extract import EXTRACTOR_VERSION
    from nlp.pipeline import NLP_VERSION
    from spiders import SPIDER_VERSION

    Warehouse(data).write("runs", [{
        "run_id": run_id, "flow": flow, "started_at": started_at,
        "finished_at": datetime.now(timezone.utc), "status": status,
        "counts": json.dumps(counts, sort_keys=True), "spider_version": SPIDER_VERSION,
        "extractor_version": EXTRACTOR_VERSION, "nlp_version": NLP_VERSION,
        "error": "\n".join(errors) or None,
    }])
