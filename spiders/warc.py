"""WARC in and out: backfill ``pages`` from web archives, archive stored pages.

``import_warc`` reads WARC response records (our own exports, or archives such as
Common Crawl's CC-NEWS) and yields page rows for the URLs of registry sources whose path
matches the source's article pattern; everything else is counted and skipped. The page's
time is the record's ``WARC-Date``, so importing a file twice gives the same ``page_id``s
and the warehouse's upsert stores each page once.

``export_warc`` writes stored pages as WARC/1.1 response records. pantau's own fields
travel in ``WARC-Pantau-*`` headers (URL as discovered, source, discovery, the response
headers as stored, spider version), so export followed by import gives back the same rows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urlparse

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from spiders import SPIDER_VERSION
from spiders.news import _is_html, page_row, parse_date
from spiders.registry import Source

# The body is stored decoded: headers that describe a transfer encoding no longer apply.
_ENCODING_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


class WarcError(ValueError):
    """A file is not a readable WARC; the message names it."""


def _iso_micro(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def export_warc(pages: Iterable[dict], path: str | Path, gzip: bool | None = None) -> Counter:
    """Write pages (rows of ``pages``) with a response as WARC response records
    (gzip per record when ``gzip``, by default when the name ends in .gz)."""
    counts: Counter = Counter()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz") if gzip is None else gzip, warc_version="WARC/1.1")
        for p in pages:
            if p["status"] is None or p["body"] is None:
                counts["skipped_no_response"] += 1  # a failed fetch has nothing to archive
                continue
            stored = json.loads(p["headers"] or "{}")
            http_headers = [(k, v) for k, v in stored.items() if k.lower() not in _ENCODING_HEADERS]
            http_headers.append(("Content-Length", str(len(p["body"]))))
            try:
                reason = HTTPStatus(p["status"]).phrase
            except ValueError:
                reason = "Unknown"
            http = StatusAndHeaders(f"{p['status']} {reason}", http_headers, protocol="HTTP/1.1")
            warc_headers = {
                "WARC-Date": _iso_micro(p["fetched_at"]),
                "WARC-Pantau-Source": p["source_id"],
                "WARC-Pantau-URL": p["url"],
                "WARC-Pantau-Discovered-Via": p["discovered_via"],
                "WARC-Pantau-Headers": p["headers"] or "{}",
                "WARC-Pantau-Content-Type": p["content_type"] or "",
                "WARC-Pantau-Spider-Version": p["spider_version"],
                "WARC-Pantau-Page-Id": p["page_id"],
            }
            record = writer.create_warc_record(p["final_url"], "response", payload=BytesIO(p["body"]),
                                               http_headers=http, warc_headers_dict=warc_headers)
            writer.write_record(record)
            counts["records"] += 1
    return counts


def check_warc(path: str | Path) -> None:
    """Raise WarcError (naming the file) unless its first record reads as WARC."""
    p = Path(path)
    if not p.is_file():
        raise WarcError(f"{p}: no such file")
    try:
        with p.open("rb") as fh:
            first = next(iter(ArchiveIterator(fh)), None)
            # warcio reads anything line-based as a headerless "ARC" record: ask for WARC
            if first is None or first.format != "warc" or not first.rec_headers.protocol.startswith("WARC/"):
                raise WarcError(f"{p}: not a readable WARC file: no WARC record at its start")
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        if isinstance(exc, WarcError):
            raise
        raise WarcError(f"{p}: not a readable WARC file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def import_warc(path: str | Path, sources: list[Source], counts: Counter) -> Iterator[dict]:
    """Page rows from a WARC file's response records for the registry's article URLs."""
    by_host: dict[str, Source] = {}
    for s in sources:
        for d in s.allowed_domains:
            by_host[d.lower()] = s
    import re

    patterns = {s.id: re.compile(s.article_pattern) for s in sources}
    p = Path(path)
    try:
        with p.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                counts["responses"] += 1
                target = rec.rec_headers.get_header("WARC-Target-URI") or ""
                parsed = urlparse(target)
                source = by_host.get((parsed.hostname or "").lower())
                if source is None:
                    counts["skipped_other_domain"] += 1
                    continue
                if not patterns[source.id].search(parsed.path):
                    counts["skipped_not_article"] += 1
                    continue
                body = rec.content_stream().read()
                status = int(rec.http_headers.get_statuscode() or 0) or None
                if own := rec.rec_headers.get_header("WARC-Pantau-Headers"):
                    headers = own
                else:
                    headers = json.dumps({k: v for k, v in rec.http_headers.headers
                                          if k.lower() not in _ENCODING_HEADERS}, sort_keys=True)
                ours = rec.rec_headers.get_header("WARC-Pantau-Source") is not None
                ctype = (rec.rec_headers.get_header("WARC-Pantau-Content-Type") if ours else None) \
                    or json.loads(headers).get("Content-Type") or rec.http_headers.get_header("Content-Type") or None
                # an archive's images and scripts are not article pages; our own exports and
                # error answers come back as they were stored
                if not ours and (status or 0) < 400 and not _is_html(ctype, body):
                    counts["skipped_not_html"] += 1
                    continue
                when = parse_date(rec.rec_headers.get_header("WARC-Date"))
                if when is None:
                    counts["skipped_no_date"] += 1
                    continue
                counts["pages"] += 1
                yield page_row(
                    source_id=source.id,
                    url=rec.rec_headers.get_header("WARC-Pantau-URL") or target,
                    final_url=target, status=status, content_type=ctype, headers=headers, body=body,
                    fetched_at=when.isoformat(),
                    discovered_via=rec.rec_headers.get_header("WARC-Pantau-Discovered-Via") or "warc",
                    error=None if status and status < 400 else f"HTTP {status}",
                    spider_version=rec.rec_headers.get_header("WARC-Pantau-Spider-Version")
                    or f"warc-import/{SPIDER_VERSION}",
                )
    except ArchiveLoadFailed as exc:
        raise WarcError(f"{p}: WARC unreadable after {counts['responses']} responses: {exc}") from None
