"""The real Scrapy crawler in a child process against the sample web on loopback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from flows.sampleweb.server import SampleWeb
from spiders.crawl import read_pages
from spiders.news import format_seen


def crawl(registry: Path, source: str, out: Path, proxy: str, seen: Path | None = None) -> dict:
    from fixture_web import run_crawl

    return run_crawl(registry, source, out, proxy, seen)


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


# -- politeness and incremental crawling, against a small fixture site on loopback --------

SMALL_REGISTRY = """
sources:
  - id: kecil
    name: Situs Kecil
    base_url: "http://kecil.example"
    allowed_domains: ["kecil.example"]
    discovery:
      - {type: sitemap, url: "/sitemap.xml"}
      - {type: feed, url: "/feed/"}
    article_pattern: '^/berita/'
"""

ARTICLE = "<html><head><title>{t}</title></head><body><h1>{t}</h1><p>" + "Isi berita. " * 40 + "</p></body></html>"


def small_site(tmp_path: Path, feed_dates: dict[str, str] | None = None) -> tuple[Path, Path]:
    """A registry and a site: a sitemap with lastmods, a feed with pubDates, three pages."""
    web = tmp_path / "sites" / "kecil" / "web"
    (web / "berita").mkdir(parents=True)
    (web / "feed").mkdir()
    lastmods = {"a": "2026-11-01T00:00:00+00:00", "b": "2026-11-20T00:00:00+00:00"}
    (web / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{{{{BASE}}}}/berita/{k}</loc><lastmod>{v}</lastmod></url>" for k, v in lastmods.items())
        + "</urlset>", encoding="utf-8")
    items = feed_dates or {"c": "Mon, 02 Nov 2026 08:00:00 +0700", "laporan.pdf": "Tue, 03 Nov 2026 08:00:00 +0700"}
    (web / "feed" / "index.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        + "".join(f"<item><link>{{{{BASE}}}}/berita/{k}</link><pubDate>{v}</pubDate></item>" for k, v in items.items())
        + "</channel></rss>", encoding="utf-8")
    for k in ("a", "b", "c"):
        (web / "berita" / f"{k}.html").write_text(ARTICLE.format(t=f"Berita {k}"), encoding="utf-8")
    (web / "berita" / "laporan.pdf").write_bytes(b"%PDF-1.4 laporan")
    registry = tmp_path / "kecil.yaml"
    registry.write_text(SMALL_REGISTRY, encoding="utf-8")
    return registry, tmp_path / "sites"


def crawl_small(web, registry: Path, out: Path, seen: str | None = None, extra: list[str] | None = None) -> dict:
    from fixture_web import run_crawl

    seen_file = None
    if seen is not None:
        seen_file = out.parent / "seen.tsv"
        seen_file.write_text(seen, encoding="utf-8")
    return run_crawl(registry, "kecil", out, web.proxy, seen_file, extra, env={"PANTAU_CONTACT": "mailto:tim@pantau.example"})


def test_429_with_retry_after_is_waited_out_and_the_user_agent_names_a_contact(tmp_path):
    from fixture_web import FixtureWeb

    registry, sites = small_site(tmp_path)
    with FixtureWeb(registry, sites) as web:
        web.fault("kecil.example", "/berita/a", [(429, {"Retry-After": "2"})])
        summary = crawl_small(web, registry, tmp_path / "p.jsonl")
        log = [r for r in web.requests() if r["path"] == "/berita/a"]
    assert [r["status"] for r in log] == [429, 200]
    assert log[1]["t"] - log[0]["t"] >= 1.9  # waited as told
    assert summary["retry_after_waits"] == 1
    assert "mailto:tim@pantau.example" in log[0]["user_agent"] and log[0]["user_agent"].startswith("pantau/")
    pages = {p["url"].rsplit("/", 1)[1]: p for p in read_pages(tmp_path / "p.jsonl")}
    assert sorted(pages) == ["a", "b", "c", "laporan.pdf"]
    # only HTML is kept as an article page: the PDF is on record, without its bytes
    pdf = pages["laporan.pdf"]
    assert pdf["body"] is None and pdf["error"] == "not HTML: application/pdf" and pdf["status"] == 200
    assert summary["new_pages"] == 3 and summary["not_html"] == 1


def test_a_page_whose_lastmod_is_newer_is_asked_for_conditionally(tmp_path):
    from fixture_web import FixtureWeb

    registry, sites = small_site(tmp_path)
    with FixtureWeb(registry, sites) as web:
        crawl_small(web, registry, tmp_path / "1.jsonl")
        pages = read_pages(tmp_path / "1.jsonl")
        # stored on 10 November: "a" (lastmod 1 Nov) is current, "b" (lastmod 20 Nov) may have changed
        seen = format_seen({**p, "fetched_at": "2026-11-10T00:00:00+00:00"} for p in pages)
        n = len(web.requests())
        summary = crawl_small(web, registry, tmp_path / "2.jsonl", seen=seen)
        again = web.requests()[n:]
    revisit = [r for r in again if r["path"].startswith("/berita/")]
    assert [r["path"] for r in revisit] == ["/berita/b"]
    assert revisit[0]["status"] == 304 and revisit[0]["if_none_match"]
    assert summary["revisits"] == 1 and summary["not_modified"] == 1 and summary["pages"] == 0
    assert read_pages(tmp_path / "2.jsonl") == []


def test_the_crawl_window_skips_older_entries(tmp_path):
    from fixture_web import FixtureWeb

    registry, sites = small_site(tmp_path)
    with FixtureWeb(registry, sites) as web:
        summary = crawl_small(web, registry, tmp_path / "w.jsonl", extra=["--since", "2026-11-15"])
    fetched = sorted(p["url"].rsplit("/", 1)[1] for p in read_pages(tmp_path / "w.jsonl"))
    assert fetched == ["b"]  # a (lastmod 1 Nov), c (2 Nov) and the PDF (3 Nov) are older
    assert summary["outside_window"] == 3 and summary["since"] == "2026-11-15T00:00:00+00:00"


def test_a_bad_since_is_a_one_line_error(tmp_path):
    registry, _ = small_site(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "spiders.crawl", "--registry", str(registry), "--source", "kecil",
                           "--out", str(tmp_path / "x.jsonl"), "--since", "kemarin"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.strip() == "error: --since: not a date: 'kemarin'"


def test_a_listing_page_whose_links_were_queued_elsewhere_still_leads_to_the_next_page(tmp_path):
    """Only stored articles stop a listing: a sidebar or feed repeating a listing's links
    must not cut its older pages off."""
    from fixture_web import FixtureWeb

    web_dir = tmp_path / "sites" / "kecil" / "web"
    (web_dir / "berita").mkdir(parents=True)
    (web_dir / "feed").mkdir()
    (web_dir / "feed" / "index.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><link>{{BASE}}/berita/x</link></item></channel></rss>',
        encoding="utf-8")
    (web_dir / "daftar.html").write_text(
        '<html><body><a class="j" href="/berita/x">x</a><a class="next" href="/daftar?page=2">2</a></body></html>',
        encoding="utf-8")
    (web_dir / "daftar@page=2.html").write_text('<html><body><a class="j" href="/berita/y">y</a></body></html>',
                                                  encoding="utf-8")
    for k in ("x", "y"):
        (web_dir / "berita" / f"{k}.html").write_text(ARTICLE.format(t=k), encoding="utf-8")
    registry = tmp_path / "kecil.yaml"
    registry.write_text(SMALL_REGISTRY.replace(
        '      - {type: sitemap, url: "/sitemap.xml"}\n',
        '      - {type: listing, url: "/daftar", items: "a.j", next: "a.next"}\n'), encoding="utf-8")
    with FixtureWeb(registry, tmp_path / "sites") as web:
        crawl_small(web, registry, tmp_path / "l.jsonl")
    assert sorted(p["url"].rsplit("/", 1)[1] for p in read_pages(tmp_path / "l.jsonl")) == ["x", "y"]
