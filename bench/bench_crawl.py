"""Crawler throughput and incremental cost on loopback.

    python bench/bench_crawl.py [--articles 1000]

1. Every source of ``spiders/sources.yaml`` against its fixtures (tests/fixtures/sites),
   twice: pages, requests and requests per new article on the first night; requests and
   new articles on the second night (unchanged sites).
2. A synthetic WordPress-style site with ``--articles`` pages (sitemap index, post
   sitemaps of 200 URLs, feed): pages/s of one crawl, child-process start included.

Politeness is off here (no delay, no AutoThrottle, 8 requests per domain): the figures
are the crawler's own cost. With the registry's defaults a real site gets about one
request a second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fixture_web import SITES, FixtureWeb, run_crawl  # noqa: E402

from spiders.crawl import read_pages  # noqa: E402
from spiders.news import format_seen  # noqa: E402
from spiders.registry import load  # noqa: E402

def crawl(registry: Path, source: str, out: Path, proxy: str, seen: Path | None = None) -> tuple[dict, float]:
    t0 = time.perf_counter()
    summary = run_crawl(registry, source, out, proxy, seen)
    return summary, time.perf_counter() - t0


def seen_file(pages: list[dict], path: Path) -> Path:
    path.write_text(format_seen(pages), encoding="utf-8")
    return path


def registry_fixtures(tmp: Path) -> None:
    print("registry sources against their fixtures (two nights)")
    print(f"  {'source':<18} {'pages':>5} {'requests':>8} {'req/new':>7} {'s':>5} | {'night 2 req':>11} {'new':>3}")
    totals = {"pages": 0, "requests": 0, "seconds": 0.0, "req2": 0, "new2": 0}
    with FixtureWeb() as web:
        registry = web.registry_yaml(tmp / "sources.yaml")
        for s in load(ROOT / "spiders" / "sources.yaml"):
            if not (SITES / s.id / "expected.json").is_file():
                print(f"  {s.id:<18} no fixtures")
                continue
            first, dt = crawl(registry, s.id, tmp / f"{s.id}.1.jsonl", web.proxy)
            pages = read_pages(tmp / f"{s.id}.1.jsonl")
            second, _ = crawl(registry, s.id, tmp / f"{s.id}.2.jsonl", web.proxy,
                              seen_file(pages, tmp / f"{s.id}.seen"))
            print(f"  {s.id:<18} {first['new_pages']:>5} {first['requests']:>8} "
                  f"{first['requests_per_new_article'] or '-':>7} {dt:>5.1f} | {second['requests']:>11} {second['new_pages']:>3}")
            totals["pages"] += first["new_pages"]
            totals["requests"] += first["requests"]
            totals["seconds"] += dt
            totals["req2"] += second["requests"]
            totals["new2"] += second["new_pages"]
    print(f"  total: {totals['pages']} pages, {totals['requests']} requests "
          f"({totals['requests'] / max(totals['pages'], 1):.2f} per new article), "
          f"{totals['pages'] / max(totals['seconds'], 1e-9):.1f} pages/s with a child-process start per source; "
          f"second night {totals['req2']} requests for {totals['new2']} new articles")


def synthetic_site(tmp: Path, n: int) -> Path:
    web = tmp / "sites" / "besar" / "web"
    (web / "feed").mkdir(parents=True)
    body = "<html><head><title>Berita {i}</title></head><body><h1>Berita {i}</h1>" + "<p>" + "Isi berita pelayanan publik. " * 60 + "</p></body></html>"
    for i in range(n):
        d = web / "berita" / f"{i}"
        d.mkdir(parents=True)
        (d / "index.html").write_text(body.format(i=i), encoding="utf-8")
    chunks = [list(range(i, min(n, i + 200))) for i in range(0, n, 200)]
    (web / "wp-sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>{{{{BASE}}}}/wp-sitemap-posts-post-{k + 1}.xml</loc></sitemap>" for k in range(len(chunks)))
        + "</sitemapindex>", encoding="utf-8")
    for k, chunk in enumerate(chunks):
        (web / f"wp-sitemap-posts-post-{k + 1}.xml").write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{{{{BASE}}}}/berita/{i}/</loc></url>" for i in chunk) + "</urlset>", encoding="utf-8")
    (web / "feed" / "index.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        + "".join(f"<item><link>{{{{BASE}}}}/berita/{i}/</link></item>" for i in range(min(n, 20)))
        + "</channel></rss>", encoding="utf-8")
    registry = tmp / "besar.yaml"
    registry.write_text("""sources:
  - id: besar
    base_url: "http://besar.example"
    allowed_domains: ["besar.example"]
    discovery:
      - {type: sitemap, url: "/wp-sitemap.xml", follow: "wp-sitemap-posts-post-"}
      - {type: feed, url: "/feed/"}
    article_pattern: '^/berita/\\d+/$'
""", encoding="utf-8")
    return registry


def synthetic(tmp: Path, n: int) -> None:
    registry = synthetic_site(tmp, n)
    with FixtureWeb(registry, tmp / "sites") as web:
        first, dt = crawl(registry, "besar", tmp / "besar.jsonl", web.proxy)
        pages = read_pages(tmp / "besar.jsonl")
        second, dt2 = crawl(registry, "besar", tmp / "besar2.jsonl", web.proxy, seen_file(pages, tmp / "besar.seen"))
    print(f"synthetic site, {n} articles: {first['new_pages']} pages in {dt:.1f} s = {first['new_pages'] / dt:.0f} pages/s "
          f"({first['requests']} requests, {first['requests_per_new_article']} per new article); "
          f"second night {second['requests']} requests, {second['new_pages']} new, {dt2:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-crawl-") as d:
        registry_fixtures(Path(d))
        synthetic(Path(d), args.articles)


if __name__ == "__main__":
    main()
