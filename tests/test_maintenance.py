"""reprocess through the real Prefect engine: exactly the stale rows are redone, on the
default runner and on a Dask cluster of two worker processes, with the same result."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest

from flows import stages
from nlp.extract import EXTRACTOR_VERSION
from nlp.pipeline import NLP_VERSION
from spiders.news import page_row
from warehouse import Warehouse
from warehouse.schemas import fetch_date

SITES = Path(__file__).parent.parent / "flows" / "sampleweb" / "sites"
KEEP = {"articles": ["article_id"], "mentions": ["article_id", "start", "end", "label"],
        "assessments": ["assessment_id"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A warehouse from ten sample-web pages, processed once."""
    root = tmp_path_factory.mktemp("maint") / "data"
    wh = Warehouse(root)
    files = sorted((SITES / "wartadewata").glob("20*/*/*/*/index.html"))[:10]
    assert len(files) == 10
    rows = []
    for i, f in enumerate(files):
        path = "/" + str(f.parent.relative_to(SITES / "wartadewata")) + "/"
        url = f"http://wartadewata.test{path}"
        fetched = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=i)
        body = f.read_bytes().replace(b"{{BASE}}", b"http://wartadewata.test")
        rows.append({**page_row(source_id="wartadewata", url=url, final_url=url, status=200,
                                content_type="text/html; charset=utf-8", headers="{}", body=body,
                                fetched_at=fetched.isoformat(), discovered_via="sitemap", error=None,
                                spider_version="test"), "fetched_at": fetched, "fetch_date": fetch_date(fetched),
                     "run_id": "r0"})
    wh.write("pages", rows)
    stages.process_new_pages(wh, "r0")
    return root


def stale_copy(built: Path, dest: Path) -> tuple[Warehouse, set[str], str]:
    """A copy where three articles are marked as made by an older NLP version and one of
    them by an older extractor too."""
    shutil.copytree(built, dest)
    wh = Warehouse(dest)
    arts = wh.read("articles").sort("article_id")
    originals = arts.filter(pl.col("duplicate_of").is_null())
    picked = originals["article_id"].to_list()[:3]
    old = arts.filter(pl.col("article_id").is_in(picked)).with_columns(
        nlp_version=pl.lit("0.0.1"),
        extractor_version=pl.when(pl.col("article_id") == picked[0]).then(pl.lit("0.0.1"))
        .otherwise(pl.col("extractor_version")))
    wh.write("articles", old)
    return wh, set(picked), picked[0]


def snapshot(wh: Warehouse) -> dict[str, pl.DataFrame]:
    return {name: wh.read(name).sort(key) for name, key in KEEP.items()}


def test_reprocess_redoes_exactly_the_stale_articles(built, tmp_path, prefect_harness):
    from flows.maintenance import reprocess

    wh, stale, reextract = stale_copy(built, tmp_path / "a")
    before = snapshot(wh)
    result = reprocess(data=str(tmp_path / "a"))
    assert result["status"] == "completed"
    assert result["totals"]["articles"] == 3 and result["totals"]["reextracted"] == 1
    after = snapshot(wh)
    run = result["run_id"]
    for name, key in KEEP.items():
        b, a = before[name], after[name]
        untouched_b = b.filter(~pl.col("article_id").is_in(stale))
        untouched_a = a.filter(~pl.col("article_id").is_in(stale))
        assert untouched_a.equals(untouched_b), f"{name}: rows of current articles changed"
        redone = a.filter(pl.col("article_id").is_in(stale))
        assert set(redone["run_id"]) == ({run} if redone.height else set()), name
        # same code, same text: the redone rows say what they said, under the new run
        versions = ["run_id", "nlp_version", "extractor_version"]
        assert redone.drop(versions, strict=False).equals(
            b.filter(pl.col("article_id").is_in(stale)).drop(versions, strict=False)), name
    versions = after["articles"].filter(pl.col("article_id").is_in(stale))
    assert set(versions["nlp_version"]) == {NLP_VERSION} and set(versions["extractor_version"]) == {EXTRACTOR_VERSION}
    runs = wh.read("runs").filter(pl.col("run_id") == run).to_dicts()
    assert runs[0]["flow"] == "reprocess" and runs[0]["articles"] == 3
    # nothing is stale any more: a second run does nothing
    again = reprocess(data=str(tmp_path / "a"))
    assert again["months"] == {} and snapshot(wh)["mentions"].equals(after["mentions"])
    for name in KEEP:
        assert wh.verify(name) == []


@pytest.mark.timeout(600)
def test_reprocess_on_a_dask_cluster_gives_the_rows_the_default_runner_gives(built, tmp_path, prefect_harness):
    from distributed import LocalCluster

    from flows.maintenance import reprocess
    from flows.runners import with_runner

    default_wh, _, _ = stale_copy(built, tmp_path / "default")
    dask_wh, _, _ = stale_copy(built, tmp_path / "dask")
    # several months, so the map has more than one task to spread
    assert len(stages.stale_months(dask_wh)) >= 1
    reprocess(data=str(tmp_path / "default"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = with_runner(reprocess, "dask", cluster.scheduler_address)(data=str(tmp_path / "dask"))
    assert result["status"] == "completed", result["errors"]
    for name, key in KEEP.items():
        a = default_wh.read(name).drop("run_id").sort(key)
        b = dask_wh.read(name).drop("run_id").sort(key)
        assert a.equals(b), name


def test_an_article_whose_page_is_gone_keeps_its_text_and_gets_the_new_nlp(built, tmp_path):
    wh, stale, reextract = stale_copy(built, tmp_path / "c")
    (page_id,) = wh.read("articles").filter(pl.col("article_id") == reextract)["page_id"].to_list()
    assert wh.delete("pages", "page_id", [page_id]) == 1
    before = wh.read("articles").filter(pl.col("article_id") == reextract).to_dicts()[0]
    counts = {}
    for month in stages.stale_months(wh):
        for k, v in stages.reprocess_month(wh, "r9", month).items():
            counts[k] = counts.get(k, 0) + v
    assert counts["missing_page"] == 1 and counts["articles"] == 3 and counts.get("reextracted", 0) == 0
    after = wh.read("articles").filter(pl.col("article_id") == reextract).to_dicts()[0]
    assert after["text"] == before["text"] and after["extractor_version"] == "0.0.1"
    assert after["nlp_version"] == NLP_VERSION and after["run_id"] == "r9"
    assert wh.read("assessments").filter(pl.col("article_id").is_in(stale))["run_id"].unique().to_list() in ([], ["r9"])
