"""Processing stored pages without Prefect or network: the glue between the rooms."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from flows import stages
from spiders.news import page_row
from warehouse import Warehouse
from warehouse.schemas import fetch_date

SITES = Path(__file__).parent.parent / "flows" / "sampleweb" / "sites"
SLUG = "ombudsman-bali-umumkan-hasil-penilaian-kepatuhan-2021-denpasar-pertahankan-zona-hijau"
ORIGINAL = ("wartadewata", f"/2021/12/29/{SLUG}/", SITES / "wartadewata/2021/12/29" / SLUG / "index.html")
COPY = ("ombudsman", f"/perwakilan/news/r/pwkmedia--{SLUG}",
        SITES / "ombudsman/perwakilan/news/r" / f"pwkmedia--{SLUG}.html")


def store(wh: Warehouse, site: str, path: str, file: Path, fetched: datetime, run_id: str) -> None:
    url = f"http://{site}.test{path}"
    body = file.read_bytes().replace(b"{{BASE}}", f"http://{site}.test".encode())
    wh.write("pages", [{**page_row(source_id=site, url=url, final_url=url, status=200,
                                   content_type="text/html; charset=utf-8", headers="{}", body=body,
                                   fetched_at=fetched.isoformat(), discovered_via="listing", error=None,
                                   spider_version="test"), "fetched_at": fetched,
                        "fetch_date": fetch_date(fetched), "run_id": run_id}])


def test_copy_seen_first_is_demoted_when_the_original_arrives(tmp_path):
    wh = Warehouse(tmp_path)
    store(wh, *COPY, datetime(2022, 1, 1, tzinfo=timezone.utc), "r1")
    first = stages.process_new_pages(wh, "r1")
    assert first["ombudsman"]["facts"] >= 1
    store(wh, *ORIGINAL, datetime(2022, 1, 2, tzinfo=timezone.utc), "r2")
    second = stages.process_new_pages(wh, "r2")
    assert list(second) == ["wartadewata"] and second["wartadewata"].pop("mentions") > 0
    assert second == {"wartadewata": {"pages": 1, "articles": 1, "facts": first["ombudsman"]["facts"]}}
    con = wh.duckdb()
    rows = dict(con.execute("SELECT source_id, duplicate_of FROM articles").fetchall())
    original_id = con.execute("SELECT article_id FROM articles WHERE source_id = 'wartadewata'").fetchall()[0][0]
    assert rows == {"wartadewata": None, "ombudsman": original_id}
    facts_by_article = dict(con.execute(
        "SELECT article_id, count(*) FROM assessments GROUP BY article_id").fetchall())
    assert facts_by_article == {original_id: first["ombudsman"]["facts"]}
    assert con.execute("SELECT count(DISTINCT article_id) FROM mentions").fetchall()[0][0] == 1
    # nothing left to do, and running again changes nothing
    assert stages.process_new_pages(wh, "r3") == {}


def test_failed_fetch_becomes_a_discard_once(tmp_path):
    wh = Warehouse(tmp_path)
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    wh.write("pages", [{**page_row(source_id="s", url="http://s.test/x", final_url="http://s.test/x",
                                   status=503, content_type=None, headers=None, body=None,
                                   fetched_at=now.isoformat(), discovered_via="feed", error="HTTP 503",
                                   spider_version="test"), "fetched_at": now, "fetch_date": now.date(),
                        "run_id": "r1"}])
    assert stages.process_new_pages(wh, "r1") == {"s": {"pages": 1, "discards": 1}}
    assert stages.process_new_pages(wh, "r2") == {}
    (row,) = wh.read("discards").iter_rows(named=True)
    assert (row["reason"], row["detail"], row["stage"]) == ("fetch_error", "HTTP 503", "crawl")


def test_relevance_filter_discards_articles_off_topic(tmp_path):
    wh = Warehouse(tmp_path)
    store(wh, *ORIGINAL, datetime(2022, 1, 2, tzinfo=timezone.utc), "r1")
    counts = stages.process_new_pages(wh, "r1", relevance={"wartadewata": ("banjir", "gempa bumi")})
    assert counts == {"wartadewata": {"pages": 1, "discards": 1}}
    (row,) = wh.read("discards").iter_rows(named=True)
    assert (row["reason"], row["stage"]) == ("not_relevant", "extract")
    assert wh.count("articles") == 0
