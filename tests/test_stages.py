"""Processing stored pages without Prefect or network: the glue between the rooms."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
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


def test_the_write_path_works_on_an_fsspec_root():
    import os

    import fsspec

    url = f"memory://stages-{os.getpid()}"
    wh = Warehouse(url)
    try:
        store(wh, *ORIGINAL, datetime(2022, 1, 2, tzinfo=timezone.utc), "r1")
        counts = stages.process_new_pages(wh, "r1")
        assert counts["wartadewata"]["articles"] == 1 and counts["wartadewata"]["facts"] >= 1
        assert stages.process_new_pages(wh, "r2") == {}
        con = wh.duckdb()
        assert con.execute("SELECT count(*) FROM assessments").fetchall()[0][0] == counts["wartadewata"]["facts"]
        assert con.execute("SELECT month FROM articles").fetchall() == [("2021-12",)]
        assert stages.store_regions(wh, "r1") == 552 and stages.store_regions(wh, "r2") == 0
    finally:
        fsspec.filesystem("memory").rm(f"/stages-{os.getpid()}", recursive=True)


@pytest.mark.parametrize("new_date", ["2022-01-03T09:00:00+08:00", "2022-06-15T09:00:00+08:00"])
def test_an_article_extracted_again_with_a_new_month_moves_without_leaving_copies(tmp_path, new_date):
    wh = Warehouse(tmp_path)
    store(wh, *ORIGINAL, datetime(2022, 1, 2, tzinfo=timezone.utc), "r1")
    first = stages.process_new_pages(wh, "r1")["wartadewata"]
    # the same story (same canonical URL) found again under another URL, its date corrected
    site, path, file = ORIGINAL
    url = f"http://{site}.test{path}?amp=1"
    body = file.read_bytes().replace(b"{{BASE}}", f"http://{site}.test".encode())
    body = body.replace(b"2021-12-29T19:05:00+08:00", new_date.encode())
    fetched = datetime(2022, 1, 5, tzinfo=timezone.utc)
    wh.write("pages", [{**page_row(source_id=site, url=url, final_url=url, status=200,
                                   content_type="text/html; charset=utf-8", headers="{}", body=body,
                                   fetched_at=fetched.isoformat(), discovered_via="feed", error=None,
                                   spider_version="test"), "fetched_at": fetched,
                        "fetch_date": fetch_date(fetched), "run_id": "r2"}])
    again = stages.process_new_pages(wh, "r2")["wartadewata"]
    assert again["articles"] == 1 and again["facts"] == first["facts"]
    con = wh.duckdb()
    assert con.execute("SELECT month, url FROM articles").fetchall() == [(new_date[:7], url)]
    assert con.execute("SELECT DISTINCT month FROM mentions").fetchall() == [(new_date[:7],)]
    assert con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] == again["mentions"]
    assert con.execute("SELECT count(*) FROM assessments").fetchall()[0][0] == first["facts"]
    assert con.execute("SELECT DISTINCT run_id FROM assessments").fetchall() == [("r2",)]
    for name in ("articles", "mentions", "assessments"):
        assert wh.verify(name) == [], name


def test_the_run_summary_table_shows_crawl_cost_and_outcome():
    from flows.harvest import summary_markdown

    md = summary_markdown({"a": {"requests": 9, "pages_stored": 4, "requests_per_new_article": 2.25, "not_modified": 1}},
                          {"a": {"articles": 4, "facts": 3}, "b": {"articles": 1, "discards": 2}}, ["b: boom"])
    rows = md.splitlines()
    assert rows[2] == "| a | 9 | 4 | 2.25 | 1 | 4 | 0 | 3 | 0 |"
    assert rows[3] == "| b | - | - | - | - | 1 | 0 | 0 | 2 |"
    assert md.endswith("- b: boom")


def variant(site: str, path: str, date: str, canonical: str | None = None, url_path: str | None = None) -> dict:
    """The ORIGINAL article's HTML as another page: its own URL, canonical URL and date."""
    src = ORIGINAL[2].read_bytes().replace(b"{{BASE}}", b"http://wartadewata.test")
    canon = (canonical or f"http://{site}.test{path}").encode()
    old = f"http://wartadewata.test{ORIGINAL[1]}".encode()
    body = src.replace(old, canon).replace(b"2021-12-29T19:05:00+08:00", date.encode())
    url = f"http://{site}.test{url_path or path}"
    fetched = datetime.fromisoformat(date).astimezone(timezone.utc)
    return {**page_row(source_id=site, url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
                       headers="{}", body=body, fetched_at=fetched.isoformat(), discovered_via="feed", error=None,
                       spider_version="test"), "fetched_at": fetched, "fetch_date": fetch_date(fetched), "run_id": "r"}


def test_a_copy_whose_canonical_points_at_another_source_keeps_the_original_source(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("pages", [variant("wartadewata", "/2024/01/10/asli/", "2024-01-10T09:00:00+08:00")])
    first = stages.process_new_pages(wh, "r1")["wartadewata"]
    # a mirror republishes it with rel=canonical pointing at the original
    wh.write("pages", [variant("cermin", "/x/salinan", "2024-01-11T09:00:00+08:00",
                               canonical="http://wartadewata.test/2024/01/10/asli/")])
    second = stages.process_new_pages(wh, "r2")
    assert second == {"cermin": {"pages": 1, "discards": 1}}
    con = wh.duckdb()
    assert con.execute("SELECT source_id FROM articles").fetchall() == [("wartadewata",)]
    assert con.execute("SELECT DISTINCT source_id FROM assessments").fetchall() == [("wartadewata",)]
    assert con.execute("SELECT count(*) FROM assessments").fetchall()[0][0] == first["facts"]
    (reason, detail) = con.execute("SELECT reason, detail FROM discards").fetchall()[0]
    assert reason == "duplicate" and "already stored from source wartadewata" in detail
    assert wh.verify("articles") == []


def test_two_pages_of_one_canonical_url_in_one_batch_give_one_article(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("pages", [variant("wartadewata", "/2024/01/10/asli/", "2024-01-10T09:00:00+08:00"),
                       variant("wartadewata", "/2024/01/10/asli/", "2024-01-10T10:00:00+08:00",
                               url_path="/2024/01/10/asli/?amp=1")])
    counts = stages.process_new_pages(wh, "r1")["wartadewata"]
    assert counts["pages"] == 2 and counts["articles"] == 1 and counts["discards"] == 1
    con = wh.duckdb()
    assert con.execute("SELECT url FROM articles").fetchall() == [("http://wartadewata.test/2024/01/10/asli/?amp=1",)]
    assert con.execute("SELECT reason FROM discards").fetchall() == [("duplicate",)]
    assert stages.process_new_pages(wh, "r2") == {}


def test_a_stored_copy_stays_a_copy_when_its_original_is_outside_the_window(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("pages", [variant("wartadewata", "/o/", "2024-01-10T09:00:00+08:00"),
                       variant("wartadewata", "/c/", "2024-02-10T09:00:00+08:00")])
    stages.process_new_pages(wh, "r1")
    ids = dict(wh.duckdb().execute("SELECT url, article_id FROM articles").fetchall())
    o, c = ids["http://wartadewata.test/o/"], ids["http://wartadewata.test/c/"]
    # a third copy in April: the copy (February) is inside its window, the original (January) is not
    wh.write("pages", [variant("wartadewata", "/n/", "2024-04-10T09:00:00+08:00")])
    stages.process_new_pages(wh, "r2")
    dup = dict(wh.duckdb().execute("SELECT url, duplicate_of FROM articles").fetchall())
    assert dup == {"http://wartadewata.test/o/": None, "http://wartadewata.test/c/": o,
                   "http://wartadewata.test/n/": o}
    assert c != o
