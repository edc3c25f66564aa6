"""The real Scrapy crawler in a child process against the sample web on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from flows.cli import DEMO_SCRAPY_SETTINGS
from flows.sampleweb.server import SampleWeb
from spiders.crawl import read_pages


def crawl(registry: Path, source: str, out: Path, proxy: str, seen: Path | None = None) -> dict:
    cmd = [sys.executable, "-m", "spiders.crawl", "--registry", str(registry), "--source", source,
           "--out", str(out), "--proxy", proxy]
    if seen:
        cmd += ["--seen", str(seen)]
    for k, v in DEMO_SCRAPY_SETTINGS.items():
        cmd += ["--set", f"{k}={v}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_sitemap_and_feed_discovery_then_nothing_new(tmp_path):
    with SampleWeb() as web:
        registry = tmp_path / "sources.yaml"
        registry.write_text(web.sources_yaml(), encoding="utf-8")
        first = crawl(registry, "wartadewata", tmp_path / "a.jsonl", web.proxy)
        pages = read_pages(tmp_path / "a.jsonl")
        assert first["pages"] == len(pages) == 13
        assert {p["status"] for p in pages} == {200}
        assert all(p["url"].startswith("http://wartadewata.test/20") for p in pages)
        assert {p["discovered_via"] for p in pages} <= {"sitemap", "feed"}
        assert len({p["page_id"] for p in pages}) == 13
        assert b"<html" in pages[0]["body"][:300].lower() and b"{{BASE}}" not in pages[0]["body"]
        # second night: every article already stored -> only discovery documents fetched
        seen = tmp_path / "seen.txt"
        seen.write_text("\n".join(p["url"] for p in pages), encoding="utf-8")
        second = crawl(registry, "wartadewata", tmp_path / "b.jsonl", web.proxy, seen)
        assert second["pages"] == 0 and second["already_stored"] >= 13
        # robots.txt, the sitemap index, its post sitemap(s) and the feed
        assert second["requests"] <= 5


def test_listing_pagination_reaches_every_article(tmp_path):
    with SampleWeb() as web:
        registry = tmp_path / "sources.yaml"
        registry.write_text(web.sources_yaml(), encoding="utf-8")
        summary = crawl(registry, "ombudsman", tmp_path / "o.jsonl", web.proxy)
    assert summary["pages"] == 11 and summary["discovery_errors"] == 0


def test_robots_txt_is_obeyed(tmp_path):
    site = tmp_path / "sites" / "closed"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /news/\n", encoding="utf-8")
    (site / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><link>{{BASE}}/news/a.html</link>'
        "</item></channel></rss>", encoding="utf-8")
    (site / "news" / "a.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    registry = tmp_path / "reg.yaml"
    registry.write_text(yaml.safe_dump({"sources": [{
        "id": "closed", "base_url": "{closed}", "discovery": [{"type": "feed", "url": "/feed.xml"}],
        "article_pattern": "^/news/"}]}), encoding="utf-8")
    with SampleWeb(root=tmp_path / "sites") as web:
        reg2 = tmp_path / "reg2.yaml"
        reg2.write_text(web.sources_yaml(path=registry), encoding="utf-8")
        summary = crawl(reg2, "closed", tmp_path / "c.jsonl", web.proxy)
    assert summary["articles_discovered"] == 1 and summary["robots_forbidden"] == 1
    # the refusal is recorded (it becomes a `robots` discard), no body was fetched
    (page,) = read_pages(tmp_path / "c.jsonl")
    assert page["status"] is None and page["body"] is None and "robots.txt" in page["error"]
