"""One generic news spider, configured by a registry entry.

Spiders route, they do not parse article text: discovery documents (sitemaps, feeds,
listings) are read for links, and every article page is yielded as a raw page.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from spiders import SPIDER_VERSION
from spiders.registry import Source


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def page_id(final_url: str, fetched_at: str) -> str:
    """ARCHITECTURE.md: page_id = sha1(final_url + fetched_at)."""
    return hashlib.sha1((final_url + fetched_at).encode("utf-8")).hexdigest()


def page_row(**fields) -> dict:
    fields["page_id"] = page_id(fields["final_url"], fields["fetched_at"])
    return fields


class NewsSpider(scrapy.Spider):
    name = "news"
    # Error pages are pages too: record them instead of dropping them.
    custom_settings = {"HTTPERROR_ALLOW_ALL": True}

    def __init__(self, source: Source, seen_urls: set[str] | None = None, max_pages: int = 50, **kw):
        super().__init__(name=f"news:{source.id}", **kw)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.seen_urls = seen_urls or set()
        self.article_re = re.compile(source.article_pattern)
        self.max_listing_pages = max_pages
        self.stats_discovered = 0

    # -- discovery -------------------------------------------------------------------
    async def start(self):
        for d in self.source.discovery:
            yield scrapy.Request(self.source.absolute(d.url), callback=self.parse_discovery,
                                 cb_kwargs={"discovery": d, "depth": 1}, dont_filter=True,
                                 errback=self.discovery_failed)

    def discovery_failed(self, failure):
        self.logger.error("discovery failed for %s: %s", failure.request.url, failure.value)
        self.crawler.stats.inc_value("pantau/discovery_errors")

    def parse_discovery(self, response: Response, discovery, depth: int):
        if response.status >= 400:
            self.logger.error("discovery %s returned HTTP %s", response.url, response.status)
            self.crawler.stats.inc_value("pantau/discovery_errors")
            return
        if discovery.type == "sitemap":
            yield from self._from_sitemap(response, discovery, depth)
        elif discovery.type == "feed":
            links = response.xpath("//*[local-name()='item']/*[local-name()='link']/text()").getall()
            links += response.xpath("//*[local-name()='entry']/*[local-name()='link']/@href").getall()
            for url in links:
                yield from self._article(response.urljoin(url.strip()), "feed")
        else:  # listing
            for href in response.css(discovery.items).xpath("@href").getall():
                yield from self._article(response.urljoin(href), "listing")
            if discovery.next and depth < self.max_listing_pages:
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
            return
        if sm.type == "sitemapindex":
            follow = re.compile(discovery.follow) if discovery.follow else None
            for entry in sm:
                if follow and not follow.search(entry["loc"]):
                    continue  # e.g. WordPress taxonomy and user sitemaps list no articles
                if depth < 3:
                    yield scrapy.Request(response.urljoin(entry["loc"]), callback=self.parse_discovery,
                                         cb_kwargs={"discovery": discovery, "depth": depth + 1},
                                         errback=self.discovery_failed)
        else:
            for entry in sm:
                yield from self._article(response.urljoin(entry["loc"]), "sitemap")

    def _article(self, url: str, via: str):
        path = urlparse(url).path
        if not self.article_re.search(path):
            return
        self.stats_discovered += 1
        self.crawler.stats.inc_value("pantau/articles_discovered")
        if url in self.seen_urls:
            self.crawler.stats.inc_value("pantau/articles_already_stored")
            return
        self.seen_urls.add(url)  # a URL found by sitemap and feed is fetched once
        yield scrapy.Request(url, callback=self.parse_article, cb_kwargs={"via": via},
                             errback=self.article_failed, meta={"via": via})

    # -- pages -------------------------------------------------------------------------
    def parse_article(self, response: Response, via: str):
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        yield page_row(**{
            "source_id": self.source.id,
            "url": response.request.meta.get("redirect_urls", [response.url])[0],
            "final_url": response.url,
            "status": response.status,
            "content_type": headers.get("Content-Type"),
            "headers": json.dumps(headers, sort_keys=True),
            "body": response.body,
            "fetched_at": _now(),
            "discovered_via": via,
            "error": None if response.status < 400 else f"HTTP {response.status}",
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
