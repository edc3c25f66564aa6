"""Every source of the registry against its saved fixtures, through the real crawler.

For each source in ``spiders/sources.yaml`` there must be ``tests/fixtures/sites/<id>/``
with the site's discovery documents and article pages under ``web/`` and
``expected.json``::

    {"articles": [URLs a first crawl fetches as article pages],
     "relevant": [those of them that pass the source's relevance filter]}

The crawl runs in a child process (``python -m spiders.crawl``) through the fixture
proxy on 127.0.0.1. A second crawl, told what the first stored, must fetch no article.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fixture_web import SITES, FixtureWeb
from fixture_web import run_crawl as crawl

from spiders.crawl import read_pages
from spiders.news import format_seen
from spiders.registry import load

SOURCES = load(Path(__file__).parent.parent / "spiders" / "sources.yaml")
def https(url: str, base: str) -> str:
    """The registry's scheme back on a URL the fixture proxy served over http."""
    return url.replace("http://", "https://", 1) if base.startswith("https://") else url


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Every source crawled twice (second time with the first crawl's pages as stored)."""
    tmp = tmp_path_factory.mktemp("sources")
    with FixtureWeb() as web:
        registry = web.registry_yaml(tmp / "sources.yaml")
        ready = [s for s in SOURCES if (SITES / s.id / "expected.json").is_file()]

        def both(s):
            first = crawl(registry, s.id, tmp / f"{s.id}.1.jsonl", web.proxy)
            pages = read_pages(tmp / f"{s.id}.1.jsonl")
            seen = tmp / f"{s.id}.seen.tsv"
            seen.write_text(format_seen(pages), encoding="utf-8")
            second = crawl(registry, s.id, tmp / f"{s.id}.2.jsonl", web.proxy, seen)
            return s.id, {"first": first, "pages": pages, "second": second,
                          "second_pages": read_pages(tmp / f"{s.id}.2.jsonl")}

        with ThreadPoolExecutor(max_workers=4) as pool:
            return dict(pool.map(both, ready))


def test_the_registry_has_at_least_twelve_sources_of_each_kind():
    assert len(SOURCES) >= 12
    ids = {s.id for s in SOURCES}
    assert "ombudsman" in ids
    assert sum(1 for s in SOURCES if s.cms in ("wordpress", "antara")) >= 8
    assert sum(1 for s in SOURCES if ".go.id" in s.base_url and s.id != "ombudsman") >= 3


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_source_discovers_exactly_its_articles(source, crawled):
    assert (SITES / source.id / "expected.json").is_file(), (
        f"source '{source.id}' has no fixtures: add tests/fixtures/sites/{source.id}/ (web/ and expected.json)")
    expected = json.loads((SITES / source.id / "expected.json").read_text(encoding="utf-8"))
    got = crawled[source.id]
    fetched = sorted(https(p["url"], source.base_url) for p in got["pages"])
    assert fetched == sorted(expected["articles"])
    assert {p["status"] for p in got["pages"]} == {200}
    assert got["first"]["discovery_errors"] == 0


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_source_pages_extract_to_dated_articles_and_relevance_holds(source, crawled):
    from nlp.extract import extract_article, is_relevant

    expected = json.loads((SITES / source.id / "expected.json").read_text(encoding="utf-8"))
    relevant = []
    for p in crawled[source.id]["pages"]:
        res = extract_article(p["body"], url=p["url"], final_url=p["final_url"], source_id=source.id,
                              page_id=p["page_id"], fetched_at=p["fetched_at"], content_type=p["content_type"])
        assert res.article is not None, f"{p['url']}: {res.discard_reason} {res.discard_detail}"
        assert res.article["published"] is not None, f"{p['url']}: no publication date found"
        if is_relevant(res.article["text"], source.relevance):
            relevant.append(https(p["url"], source.base_url))
    assert sorted(relevant) == sorted(expected["relevant"])


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.id)
def test_second_run_over_unchanged_site_fetches_no_article(source, crawled):
    got = crawled[source.id]
    assert got["second"]["pages"] == 0 and got["second_pages"] == []
    # only discovery documents (and robots.txt) were requested again; a listing stops
    # at its first page when that page brings nothing new
    assert got["second"]["requests"] <= got["first"]["requests"] - len(got["pages"])
    assert got["second"]["already_stored"] >= 1
