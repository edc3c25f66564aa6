"""One generic news spider, configured by a registry entry.

Spiders route, they do not parse article text: discovery documents (sitemaps, feeds,
listings) are read for links, and every article page is yielded as a raw page.

Incremental by default: a URL already stored is not fetched again, unless its sitemap
``lastmod`` is newer than the stored fetch; then it is fetched with a conditional GET
(``If-None-Match`` / ``If-Modified-Since``) and a 304 stores nothing. With a crawl window
(``since``), sitemap entries and feed items older than the window are skipped, child
sitemaps whose ``lastmod`` is older are not read, and a paginated listing stops at the
first page that brings no new article or whose dates all fall before the window.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from spiders import SPIDER_VERSION
from spiders.registry import Source

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def page_id(final_url: str, fetched_at: str) -> str:
    """ARCHITECTURE.md: page_id = sha1(final_url + fetched_at)."""
    return hashlib.sha1((final_url + fetched_at).encode("utf-8")).hexdigest()


def page_row(**fields) -> dict:
    fields["page_id"] = page_id(fields["final_url"], fields["fetched_at"])
    return fields


def parse_date(text: str | None) -> datetime | None:
    """An ISO 8601 or RFC 822 date (sitemaps, feeds, <time datetime>) as aware UTC, else None."""
    if not text:
        return None
    text = text.strip()
    dt = None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


@dataclass(frozen=True)
class Stored:
    """What the warehouse knows of a URL's last successful fetch."""

    fetched_at: datetime | None  # None: stored, time unknown (never revisited)
    etag: str | None = None
    last_modified: str | None = None


def read_seen(text: str) -> dict[str, Stored]:
    """The ``--seen`` file: ``url<TAB>fetched_at<TAB>headers JSON`` per line (a bare URL
    line is accepted too: stored, time unknown)."""
    out: dict[str, Stored] = {}
    for line in text.splitlines():
        parts = line.rstrip("\n").split("\t")
        url = parts[0].strip()
        if not url:
            continue
        fetched = parse_date(parts[1]) if len(parts) > 1 else None
        headers: dict = {}
        if len(parts) > 2 and parts[2]:
            try:
                headers = {k.lower(): v for k, v in json.loads(parts[2]).items()}
            except ValueError:
                headers = {}
        out[url] = Stored(fetched, headers.get("etag"), headers.get("last-modified"))
    return out


def format_seen(rows) -> str:
    """The ``--seen`` file for rows with url, fetched_at (datetime or ISO string), headers."""
    out = []
    for r in rows:
        when = r["fetched_at"].isoformat() if isinstance(r["fetched_at"], datetime) else r["fetched_at"]
        out.append(f"{r['url']}\t{when}\t{r['headers'] or ''}\n")
    return "".join(out)


class NewsSpider(scrapy.Spider):
    name = "news"
    # Error pages are pages too: record them instead of dropping them.
    custom_settings = {"HTTPERROR_ALLOW_ALL": True}

    def __init__(self, source: Source, seen: dict[str, Stored] | None = None, since: datetime | None = None,
                 max_pages: int = 50, **kw):
        super().__init__(name=f"news:{source.id}", **kw)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.seen = seen or {}
        self.since = since
        self.queued: set[str] = set()
        self.article_re = re.compile(source.article_pattern)
        self.max_listing_pages = max_pages

    def _stat(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"pantau/{key}", n)

    # -- discovery -------------------------------------------------------------------
    async def start(self):
        for d in self.source.discovery:
            yield scrapy.Request(self.source.absolute(d.url), callback=self.parse_discovery,
                                 cb_kwargs={"discovery": d, "depth": 1}, dont_filter=True,
                                 errback=self.discovery_failed)

    def discovery_failed(self, failure):
        self.logger.error("discovery failed for %s: %s", failure.request.url, failure.value)
        self._stat("discovery_errors")

    def parse_discovery(self, response: Response, discovery, depth: int):
        if response.status >= 400:
            self.logger.error("discovery %s returned HTTP %s", response.url, response.status)
            self._stat("discovery_errors")
            return
        if discovery.type == "sitemap":
            yield from self._from_sitemap(response, discovery, depth)
        elif discovery.type == "feed":
            yield from self._from_feed(response)
        else:
            yield from self._from_listing(response, discovery, depth)

    def _from_feed(self, response: Response):
        items = response.xpath("//*[local-name()='item']")
        for item in items:
            link = item.xpath("./*[local-name()='link']/text()").get()
            date = item.xpath("./*[local-name()='pubDate' or local-name()='date']/text()").get()
            if link:
                yield from self._article(response.urljoin(link.strip()), "feed", published=parse_date(date))
        for entry in response.xpath("//*[local-name()='entry']"):
            link = (entry.xpath("./*[local-name()='link'][@rel='alternate']/@href").get()
                    or entry.xpath("./*[local-name()='link']/@href").get())
            date = entry.xpath("./*[local-name()='published' or local-name()='updated']/text()").get()
            if link:
                yield from self._article(response.urljoin(link.strip()), "feed", published=parse_date(date))

    def _from_listing(self, response: Response, discovery, depth: int):
        new = 0  # links on this page to articles not stored yet (queued in this crawl or not)
        for href in response.css(discovery.items).xpath("@href").getall():
            url = response.urljoin(href)
            new += self._not_stored(url)
            yield from self._article(url, "listing")
        if not discovery.next or depth >= self.max_listing_pages:
            return
        if new == 0:
            self._stat("listing_stopped_nothing_new")
            return  # everything on this page is stored: older pages are too
        dates = [d for d in map(parse_date, response.css("time::attr(datetime)").getall()) if d]
        if self.since and dates and max(dates) < self.since:
            self._stat("listing_stopped_window")
            return
        nxt = response.css(discovery.next).xpath("@href").get()
        if nxt:
            yield response.follow(nxt, callback=self.parse_discovery,
                                  cb_kwargs={"discovery": discovery, "depth": depth + 1},
                                  errback=self.discovery_failed)

    def _from_sitemap(self, response: Response, discovery, depth: int):
        try:
            sm = Sitemap(response.body)
        except Exception as exc:  # lxml raises several types on broken XML
            self.logger.error("sitemap %s unreadable: %s", response.url, exc)
            self._stat("discovery_errors")
            return
        if sm.type == "sitemapindex":
            follow = re.compile(discovery.follow) if discovery.follow else None
            for entry in sm:
                if follow and not follow.search(entry["loc"]):
                    continue  # e.g. WordPress taxonomy and user sitemaps list no articles
                lastmod = parse_date(entry.get("lastmod"))
                if self.since and lastmod and lastmod < self.since:
                    self._stat("sitemaps_outside_window")
                    continue  # nothing in it changed since the window opened
                if depth < 3:
                    yield scrapy.Request(response.urljoin(entry["loc"]), callback=self.parse_discovery,
                                         cb_kwargs={"discovery": discovery, "depth": depth + 1},
                                         errback=self.discovery_failed)
        else:
            for entry in sm:
                yield from self._article(response.urljoin(entry["loc"]), "sitemap",
                                         lastmod=parse_date(entry.get("lastmod")))

    # -- articles ----------------------------------------------------------------------
    def _not_stored(self, url: str) -> bool:
        # Not "not queued": a link another listing (or a sidebar) already queued in this
        # crawl is still new, so the pages after this one are still worth reading.
        return bool(self.article_re.search(urlparse(url).path)) and url not in self.seen

    def _article(self, url: str, via: str, lastmod: datetime | None = None, published: datetime | None = None):
        if not self.article_re.search(urlparse(url).path):
            return
        if url in self.queued:
            return  # found by sitemap and feed: fetched once
        self._stat("articles_discovered")
        headers = {}
        stored = self.seen.get(url)
        if stored is not None:
            if lastmod is None or stored.fetched_at is None or lastmod <= stored.fetched_at:
                self._stat("articles_already_stored")
                return
            # changed since we fetched it: ask the server whether it really did
            self._stat("revisits")
            if stored.etag:
                headers["If-None-Match"] = stored.etag
            headers["If-Modified-Since"] = stored.last_modified or format_datetime(stored.fetched_at, usegmt=True)
        else:
            when = lastmod or published
            if self.since and when and when < self.since:
                self._stat("articles_outside_window")
                return
        self.queued.add(url)
        yield scrapy.Request(url, callback=self.parse_article, cb_kwargs={"via": via}, headers=headers,
                             errback=self.article_failed, meta={"via": via})

    # -- pages -------------------------------------------------------------------------
    def parse_article(self, response: Response, via: str):
        if response.status == 304:
            self._stat("not_modified")
            return
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        ctype = headers.get("Content-Type")
        body = response.body
        error = None if response.status < 400 else f"HTTP {response.status}"
        if error is None and not _is_html(ctype, body):
            # only HTML is an article page: keep the fetch on record, not the bytes
            error, body = f"not HTML: {ctype or 'no Content-Type'}", None
            self._stat("not_html")
        elif error is None:
            self._stat("new_pages")
        yield page_row(**{
            "source_id": self.source.id,
            "url": response.request.meta.get("redirect_urls", [response.url])[0],
            "final_url": response.url,
            "status": response.status,
            "content_type": ctype,
            "headers": json.dumps(headers, sort_keys=True),
            "body": body,
            "fetched_at": _now(),
            "discovered_via": via,
            "error": error,
            "spider_version": SPIDER_VERSION,
        })

    def article_failed(self, failure):
        request = failure.request
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
        yield page_row(**{
            "source_id": self.source.id,
            "url": request.url,
            "final_url": request.url,
            "status": status,
            "content_type": None,
            "headers": None,
            "body": None,
            "fetched_at": _now(),
            "discovered_via": request.meta.get("via", "link"),
            "error": f"{failure.type.__name__}: {failure.getErrorMessage()}",
            "spider_version": SPIDER_VERSION,
        })


def _is_html(ctype: str | None, body: bytes) -> bool:
    if ctype:
        return ctype.split(";")[0].strip().lower() in HTML_TYPES
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))
