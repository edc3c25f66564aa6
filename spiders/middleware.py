"""Downloader middleware: honour ``Retry-After`` on 429 and 503.

Scrapy's RetryMiddleware retries at once; a server that says "come back in 30 seconds"
means it. This middleware (ordered before RetryMiddleware in ``process_response``) waits
the time the server asked for, up to ``PANTAU_MAX_RETRY_AFTER`` seconds, and then sends the
request again, at most ``RETRY_TIMES`` times. A longer wait, or no Retry-After at all, is
left to RetryMiddleware (which retries with its own policy and then records the failure).
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.utils.defer import maybe_deferred_to_future


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("PANTAU_MAX_RETRY_AFTER", 300)
        self.max_times = crawler.settings.getint("RETRY_TIMES", 2)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response, spider=None):
        if response.status not in (429, 503):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After", b"").decode("latin-1"))
        times = request.meta.get("pantau_retry_after", 0)
        if wait is None or wait > self.max_wait or times >= self.max_times:
            return response
        self.crawler.stats.inc_value("pantau/retry_after_waits")
        from twisted.internet import reactor  # the one Scrapy installed, imported late
        from twisted.internet.task import deferLater

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta["pantau_retry_after"] = times + 1
        return retry
