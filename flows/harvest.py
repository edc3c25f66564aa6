"""The nightly harvest flow: crawl every source, store pages, extract, analyse, write."""

from __future__ import annotations

from datetime import datetime, timezone

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows.tasks import crawl_source, process_pages, record_run, store_regions
from spiders.registry import load


def summary_markdown(crawls: dict[str, dict], processed: dict[str, dict], errors: list[str]) -> str:
    lines = ["| source | requests | pages | req/new article | 304 | articles | duplicates | facts | discards |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for sid in sorted(set(crawls) | set(processed)):
        c, p = crawls.get(sid, {}), processed.get(sid, {})
        lines.append(f"| {sid} | {c.get('requests', '-')} | {c.get('pages_stored', '-')} | "
                     f"{c.get('requests_per_new_article') or '-'} | {c.get('not_modified', '-')} | "
                     f"{p.get('articles', 0)} | {p.get('duplicates', 0)} | {p.get('facts', 0)} | "
                     f"{p.get('discards', 0)} |")
    if errors:
        lines += ["", "**Errors**", ""] + [f"- {e}" for e in errors]
    return "\n".join(lines)


@flow(name="nightly-harvest", log_prints=True)
def nightly_harvest(registry: str, data: str, sources: list[str] | None = None,
                    proxy: str | None = None, scrapy_settings: dict | None = None,
                    since: str | None = None, max_parallel_crawls: int = 4, crawl_retries: int = 2) -> dict:
    """Crawl the registry's sources (each in a child process), then process new pages.

    One source failing does not stop the others: its error is recorded in ``runs`` and
    the run ends as ``partial``. ``since`` (ISO date) opens every source's crawl window;
    by default each source's window opens two days before its last successful fetch.
    At most ``max_parallel_crawls`` sources are crawled at once (each a child process); a
    crawl that fails on the network is tried ``crawl_retries`` more times (60 s, 120 s, ...).
    """
    logger = get_run_logger()
    run_id = str(flow_run.get_id() or f"local-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}")
    started = datetime.now(timezone.utc)
    chosen = [s.id for s in load(registry) if not sources or s.id in sources]
    store_regions(data, run_id)
    crawls: dict[str, dict] = {}
    errors: list[str] = []
    width = max(1, max_parallel_crawls)
    for start in range(0, len(chosen), width):  # a wave of crawls at a time
        crawl = crawl_source.with_options(retries=crawl_retries)
        futures = {sid: crawl.submit(registry, sid, data, run_id, proxy, scrapy_settings, since)
                   for sid in chosen[start: start + width]}
        for sid, fut in futures.items():
            try:
                crawls[sid] = fut.result()
            except Exception as exc:  # one failed source must not stop the others
                errors.append(f"{sid}: {exc}")
                logger.error("source %s failed: %s", sid, exc)
    processed = process_pages(data, run_id, registry)
    status = "completed" if not errors else ("failed" if not crawls else "partial")
    counts = {"crawl": crawls, "process": processed}
    record_run(data, run_id, "nightly-harvest", started, status, counts, errors)
    create_markdown_artifact(key="harvest-summary", markdown=summary_markdown(crawls, processed, errors),
                             description="pages, articles, facts and discards per source")
    return {"run_id": run_id, "status": status, "crawl": crawls, "process": processed, "errors": errors}
