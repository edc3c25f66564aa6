"""Flows that work on what is stored: reprocess (a rule change reaches old articles) and
backfill (WARC archives into pages, then the same processing as every night).

No network in either. Both map their tasks (over article months, over WARC files), so
with ``--runner dask`` a cluster takes them in parallel (``flows/runners.py``).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from prefect import flow, get_run_logger, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows.runners import make_runner
from flows.tasks import import_warc_file, plan_reprocess, process_pages, record_run, reprocess_month, store_regions


def _run_id(prefix: str) -> str:
    return str(flow_run.get_id() or f"{prefix}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}")


def _table(rows: dict[str, dict], columns: list[str], first: str) -> str:
    lines = [f"| {first} | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for key, c in sorted(rows.items()):
        lines.append(f"| {key} | " + " | ".join(str(c.get(col, 0)) for col in columns) + " |")
    return "\n".join(lines)


@flow(name="reprocess", log_prints=True, task_runner=make_runner())
def reprocess(data: str, registry: str | None = None, since: str | None = None) -> dict:
    """Re-run extraction and NLP over stored pages and texts where the stored versions
    differ from the code's: how a rule change reaches old articles. No network.

    ``since`` (YYYY-MM or a date) limits the work to articles of that month and later.
    """
    logger = get_run_logger()
    run_id = _run_id("reprocess")
    started = datetime.now(timezone.utc)
    months = plan_reprocess(data, since)
    logger.info("%d month(s) hold articles made by other versions", len(months))
    futures = reprocess_month.map(unmapped(data), unmapped(run_id), months, unmapped(registry))
    per_month, errors = {}, []
    for month, fut in zip(months, futures, strict=True):
        try:
            per_month[month] = fut.result()
        except Exception as exc:  # one month failing does not stop the others
            errors.append(f"{month}: {exc}")
            logger.error("month %s failed: %s", month, exc)
    totals = Counter()
    for c in per_month.values():
        totals.update(c)
    status = "completed" if not errors else ("failed" if not per_month else "partial")
    counts = {"process": {"all": dict(totals)}, "months": per_month}
    record_run(data, run_id, "reprocess", started, status, counts, errors)
    create_markdown_artifact(key="reprocess-summary", description="articles redone per month",
                             markdown=_table(per_month, ["articles", "reextracted", "discards", "facts", "mentions"],
                                             "month") + ("\n\n**Errors**\n\n" + "\n".join(f"- {e}" for e in errors)
                                                         if errors else ""))
    return {"run_id": run_id, "status": status, "months": per_month, "totals": dict(totals), "errors": errors}


@flow(name="backfill", log_prints=True, task_runner=make_runner())
def backfill(warc_paths: list[str], data: str, registry: str, process: bool = True) -> dict:
    """Import WARC files (CC-NEWS or our exports) into pages, then extract and analyse
    every page not processed yet, as the nightly run does. No network."""
    logger = get_run_logger()
    run_id = _run_id("backfill")
    started = datetime.now(timezone.utc)
    store_regions(data, run_id)
    futures = import_warc_file.map(warc_paths, unmapped(data), unmapped(run_id), unmapped(registry))
    imported, errors = {}, []
    stored: Counter = Counter()
    for path, fut in zip(warc_paths, futures, strict=True):
        try:
            res = fut.result()
            imported[path] = {"pages": sum(res["stored"].values()), **res["warc"]}
            stored.update(res["stored"])
        except Exception as exc:  # a damaged file does not stop the others
            errors.append(f"{path}: {exc}")
            logger.error("%s failed: %s", path, exc)
    processed = process_pages(data, run_id, registry) if process else {}
    status = "completed" if not errors else ("failed" if not imported else "partial")
    counts = {"crawl": {sid: {"pages_stored": n} for sid, n in stored.items()}, "process": processed,
              "warc": imported}
    record_run(data, run_id, "backfill", started, status, counts, errors)
    create_markdown_artifact(key="backfill-summary", description="pages imported per WARC file",
                             markdown=_table(imported, ["pages", "responses", "skipped_other_domain",
                                                        "skipped_not_article", "skipped_not_html"], "file"))
    return {"run_id": run_id, "status": status, "imported": imported, "process": processed, "errors": errors}
