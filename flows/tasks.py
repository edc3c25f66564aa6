"""Prefect tasks: each wraps functions from spiders/, nlp/ and warehouse/.

Tasks pass paths and counts, never page bodies or DataFrames.
"""

from __future__ import annotations

import contextlib
import logging
import json
import subprocess
import sys
from datetime import datetime, timedelta

from prefect import task
from prefect.tasks import exponential_backoff

from flows import settings
from warehouse import Warehouse


class _KnownTimeoutNote(logging.Filter):
    """Prefect warns on every task run that a thread cannot be interrupted by its timeout.
    We know (the hard limits are the child processes' own); say it once, here, not per task."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Timeouts in worker threads cannot" not in str(record.msg)


logging.getLogger("prefect.task_runs").addFilter(_KnownTimeoutNote())

CRAWL_TIMEOUT_S = 3600
SINCE_MARGIN = timedelta(days=2)
PROCESS_TIMEOUT_S = 4 * 3600
SMALL_TIMEOUT_S = 300


class DiscoveryEmpty(RuntimeError):
    """The source's discovery documents answered but list no article: its configuration
    or the site's layout changed. Trying again minutes later would find the same."""


def _worth_retrying(task, task_run, state) -> bool:
    try:
        state.result()
    except DiscoveryEmpty:
        return False
    except Exception:  # network errors, a site down, a killed child: try again later
        return True
    return True


# The hard time limit is the child process's (CRAWL_TIMEOUT_S): a Prefect task timeout
# cannot interrupt a blocking call in a worker thread, it marks the task failed. A crawl
# that fails (network, site down) is tried twice more, 60 s then 120 s later; pages stored
# by a failed try are kept and not fetched again. A source whose discovery documents
# answered but listed nothing is not retried.
@task(name="crawl-source", retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=60),
      retry_condition_fn=_worth_retrying, timeout_seconds=CRAWL_TIMEOUT_S + 600)
def crawl_source(registry: str, source_id: str, data: str, run_id: str,
                 proxy: str | None = None, scrapy_settings: dict | None = None,
                 since: str | None = None) -> dict:
    """Crawl one source in a child process and store its pages. Returns counts.

    ``since`` opens the crawl window (ISO date); by default it is two days before the
    source's last successful fetch, and unbounded for a source never crawled."""
    from flows import stages
    from spiders.news import format_seen

    wh = Warehouse(data)
    staging = settings.staging_dir(data) / run_id
    staging.mkdir(parents=True, exist_ok=True)
    out = staging / f"{source_id}.jsonl"
    seen = staging / f"{source_id}.seen.tsv"
    seen.write_text(format_seen(wh.stored_fetches(source_id)), encoding="utf-8")
    cmd = [sys.executable, "-m", "spiders.crawl", "--registry", registry, "--source", source_id,
           "--out", str(out), "--seen", str(seen)]
    if since is None:
        last = wh.last_fetch(source_id)
        # the window opens a little before the last fetch: stories listed late are still found
        since = (last - SINCE_MARGIN).isoformat() if last else None
    if since:
        cmd += ["--since", since]
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
    if summary["articles_discovered"] == 0 and not summary.get("sitemaps_outside_window"):
        # A source whose discovery finds nothing is broken (moved feed, changed markup),
        # not quiet: say so, naming the source (pages fetched so far are stored).
        error = RuntimeError if summary["discovery_errors"] else DiscoveryEmpty
        raise error(f"source '{source_id}': discovery found no article links "
                           f"({summary['discovery_errors']} discovery document(s) failed)")
    return summary


@task(name="process-pages", timeout_seconds=PROCESS_TIMEOUT_S)
def process_pages(data: str, run_id: str, registry: str | None = None) -> dict:
    """Extract, de-duplicate and analyse every stored page not processed yet."""
    from flows import stages
    from spiders.registry import load

    relevance = {s.id: s.relevance for s in load(registry)} if registry else {}
    return stages.process_new_pages(Warehouse(data), run_id, relevance=relevance)


@task(name="store-regions", timeout_seconds=SMALL_TIMEOUT_S)
def store_regions(data: str, run_id: str) -> int:
    """Write the regions dimension when the gazetteer changed."""
    from flows import stages

    return stages.store_regions(Warehouse(data), run_id)


@task(name="record-run", timeout_seconds=SMALL_TIMEOUT_S)
def record_run(data: str, run_id: str, flow: str, started_at: datetime, status: str,
               counts: dict, errors: list[str]) -> None:
    from flows import stages

    stages.record_run(Warehouse(data), run_id, flow, started_at, status, counts, errors)


@task(name="plan-reprocess", timeout_seconds=SMALL_TIMEOUT_S)
def plan_reprocess(data: str, since: str | None = None) -> list[str]:
    """The article months holding articles made by other code versions."""
    from flows import stages

    return stages.stale_months(Warehouse(data), since)


@task(name="reprocess-month", timeout_seconds=PROCESS_TIMEOUT_S)
def reprocess_month(data: str, run_id: str, month: str, registry: str | None = None) -> dict:
    """Redo one month's stale articles from stored pages and text (no network)."""
    from flows import stages
    from spiders.registry import load

    relevance = {s.id: s.relevance for s in load(registry)} if registry else {}
    return stages.reprocess_month(Warehouse(data), run_id, month, relevance)


@task(name="import-warc", timeout_seconds=PROCESS_TIMEOUT_S)
def import_warc_file(path: str, data: str, run_id: str, registry: str) -> dict:
    """Import one WARC file's registry article pages into ``pages``. Returns counts."""
    from collections import Counter

    from flows import stages
    from spiders.registry import load
    from spiders.warc import import_warc

    counts: Counter = Counter()
    stored = stages.import_pages(Warehouse(data), import_warc(path, load(registry), counts), run_id)
    return {"file": path, "stored": stored, "warc": dict(counts)}
