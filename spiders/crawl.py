"""Crawl one source in this process and append its raw pages to a JSON-lines file.

Run in a child process (Twisted's reactor cannot be restarted within one process):

    python -m spiders.crawl --registry sources.yaml --source ombudsman --out pages.jsonl \\
        [--seen seen.tsv] [--since 2026-11-20] [--proxy http://127.0.0.1:8080] \\
        [--set DOWNLOAD_DELAY=0]

Each page is written and flushed as soon as it arrives, so a crawl killed half-way
keeps what it fetched. The last line of stdout is a JSON summary.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from pathlib import Path

from spiders import SPIDER_VERSION
from spiders.registry import SourceError, load

# Who to contact about the crawler: put your project page or e-mail in PANTAU_CONTACT
# (or --set PANTAU_CONTACT=...); it goes into the User-Agent of every request.
DEFAULT_CONTACT = "https://github.com/pantau-id/pantau"


def user_agent(contact: str) -> str:
    return f"pantau/{SPIDER_VERSION} (+{contact}; public-service news research)"


DEFAULT_SETTINGS = {
    "BOT_NAME": "pantau",
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 2.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 1.0,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    # 429/503 with Retry-After: wait as told (up to PANTAU_MAX_RETRY_AFTER s), then retry.
    "DOWNLOADER_MIDDLEWARES": {"spiders.middleware.RetryAfterMiddleware": 560},
    "PANTAU_MAX_RETRY_AFTER": 300,
    "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "ITEM_PIPELINES": {"spiders.crawl.JsonLinesPipeline": 100},
}


class JsonLinesPipeline:
    """Append each page to the output file as one JSON line (body base64), flushed."""

    def __init__(self, path: str):
        self.path = path
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("PANTAU_OUT"))

    def open_spider(self, spider=None):
        self.fh = open(self.path, "a", encoding="utf-8")

    def close_spider(self, spider=None):
        self.fh.close()

    def process_item(self, item, spider=None):
        row = dict(item)
        if row.get("body") is not None:
            row["body"] = base64.b64encode(row["body"]).decode("ascii")
        self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.fh.flush()
        self.count += 1
        return item


def read_pages(path: str | Path) -> list[dict]:
    """Pages written by a crawl, body decoded; a torn last line (killed crawl) is skipped."""
    rows = []
    p = Path(path)
    if not p.exists():
        return rows
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("body") is not None:
                row["body"] = base64.b64decode(row["body"])
            rows.append(row)
    return rows


def _coerce(value: str):
    for conv in (int, float):
        try:
            return conv(value)
        except ValueError:
            pass
    if value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m spiders.crawl", description=__doc__.split("\n")[0])
    ap.add_argument("--registry", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seen", help="already-stored URLs, one per line: url<TAB>fetched_at<TAB>headers JSON")
    ap.add_argument("--since", help="crawl window start (ISO date or time): older sitemap and feed "
                    "entries are skipped, listings stop paginating before it")
    ap.add_argument("--proxy", help="HTTP proxy for every request (the demo's sample web)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="Scrapy setting")
    args = ap.parse_args(argv)
    try:
        sources = {s.id: s for s in load(args.registry)}
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.source not in sources:
        print(f"error: {args.registry}: no source '{args.source}'", file=sys.stderr)
        return 2
    if args.proxy:
        # HttpProxyMiddleware reads the environment, so robots.txt requests use it too.
        os.environ["http_proxy"] = args.proxy
        os.environ.pop("no_proxy", None)
        os.environ.pop("NO_PROXY", None)
    from scrapy.crawler import CrawlerProcess

    from spiders.news import NewsSpider, parse_date, read_seen

    seen = {}
    if args.seen and Path(args.seen).exists():
        seen = read_seen(Path(args.seen).read_text(encoding="utf-8"))
    since = None
    if args.since:
        since = parse_date(args.since)
        if since is None:
            print(f"error: --since: not a date: {args.since!r}", file=sys.stderr)
            return 2

    settings = dict(DEFAULT_SETTINGS)
    for kv in args.set:
        key, _, value = kv.partition("=")
        settings[key] = _coerce(value)
    settings.setdefault("PANTAU_CONTACT", os.environ.get("PANTAU_CONTACT") or DEFAULT_CONTACT)
    settings.setdefault("USER_AGENT", user_agent(settings["PANTAU_CONTACT"]))
    settings["PANTAU_OUT"] = args.out
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, source=sources[args.source], seen=seen, since=since)
    process.start()
    stats = crawler.stats.get_stats()
    requests = stats.get("downloader/request_count", 0)
    new_pages = stats.get("pantau/new_pages", 0)
    summary = {
        "source_id": args.source,
        "requests": requests,
        "pages": stats.get("item_scraped_count", 0),
        "new_pages": new_pages,
        "requests_per_new_article": round(requests / new_pages, 2) if new_pages else None,
        "articles_discovered": stats.get("pantau/articles_discovered", 0),
        "already_stored": stats.get("pantau/articles_already_stored", 0),
        "revisits": stats.get("pantau/revisits", 0),
        "not_modified": stats.get("pantau/not_modified", 0),
        "outside_window": stats.get("pantau/articles_outside_window", 0),
        "sitemaps_outside_window": stats.get("pantau/sitemaps_outside_window", 0),
        "not_html": stats.get("pantau/not_html", 0),
        "retry_after_waits": stats.get("pantau/retry_after_waits", 0),
        "discovery_errors": stats.get("pantau/discovery_errors", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "since": since.isoformat() if since else None,
        "finish_reason": stats.get("finish_reason"),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
