"""WARC export and backfill: a round trip gives back the same pages; foreign archives
(CC-NEWS style) give only the registry's article pages; bad files are one-line errors."""

from __future__ import annotations

import gzip
import json
from io import BytesIO

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows import stages
from flows.cli import app
from flows.sampleweb.server import SampleWeb
from warehouse import Warehouse

runner = CliRunner()
COLUMNS = ["page_id", "source_id", "url", "final_url", "status", "content_type", "headers", "body",
           "fetched_at", "fetch_date", "discovered_via", "error", "spider_version"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample web's WordPress site crawled for real, stored in a warehouse."""
    from fixture_web import run_crawl

    tmp = tmp_path_factory.mktemp("warc")
    with SampleWeb() as web:
        registry = tmp / "sources.yaml"
        registry.write_text(web.sources_yaml(), encoding="utf-8")
        out = tmp / "pages.jsonl"
        run_crawl(registry, "wartadewata", out, web.proxy)
    wh = Warehouse(tmp / "data")
    stages.store_crawl(wh, out, "crawl-run")
    return {"tmp": tmp, "registry": registry, "data": tmp / "data"}


def test_export_then_backfill_gives_the_same_pages(crawled, tmp_path, prefect_harness):
    before = Warehouse(crawled["data"]).read("pages", COLUMNS).sort("page_id")
    assert before.height == 13
    warc = tmp_path / "pages.warc.gz"
    res = runner.invoke(app, ["export-warc", "--out", str(warc), "--data", str(crawled["data"])])
    assert res.exit_code == 0, res.stderr
    assert "wrote 13 response records" in res.stdout
    with gzip.open(warc, "rb") as fh:
        assert fh.read(9) == b"WARC/1.1\r"
    fresh = tmp_path / "fresh"
    res = runner.invoke(app, ["backfill", str(warc), "--registry", str(crawled["registry"]),
                              "--data", str(fresh), "--no-process"])
    assert res.exit_code == 0, res.stderr
    after = Warehouse(fresh).read("pages", COLUMNS).sort("page_id")
    assert after.equals(before)
    # importing the same archive again stores nothing twice
    runner.invoke(app, ["backfill", str(warc), "--registry", str(crawled["registry"]), "--data", str(fresh),
                        "--no-process"])
    assert Warehouse(fresh).count("pages") == 13 and Warehouse(fresh).verify("pages") == []
    runs = Warehouse(fresh).read("runs")
    assert runs.height == 2 and set(runs["flow"]) == {"backfill"} and runs["pages"].to_list() == [13, 13]
    assert set(runs["status"]) == {"completed"}


def _record(writer: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK",
            encoding: str | None = None) -> None:
    payload = gzip.compress(body) if encoding == "gzip" else body
    headers = [("Content-Type", ctype), ("Content-Length", str(len(payload)))]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": "2024-06-03T08:15:00Z"}))


def test_a_foreign_archive_gives_only_registry_article_pages(tmp_path, prefect_harness):
    """A CC-NEWS-like file: other sites, images, home pages and a gzip-encoded article."""
    article = ("<html><head><title>Ombudsman</title></head><body><p>" + "Kepatuhan pelayanan publik. " * 40
               + "</p></body></html>").encode()
    warc = tmp_path / "CC-NEWS-20240603.warc.gz"
    with warc.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        _record(w, "https://www.balipost.com/news/2024/06/03/123456/Ombudsman-Bali.html", article,
                "text/html; charset=UTF-8", encoding="gzip")
        _record(w, "https://www.balipost.com/", b"<html><body>home</body></html>", "text/html")
        _record(w, "https://www.balipost.com/news/2024/06/03/123457/Foto.html", b"\x89PNG....", "image/png")
        _record(w, "https://www.example.com/news/1", article, "text/html")
        _record(w, "https://bali.antaranews.com/berita/999/tidak-ada", b"<html>404</html>", "text/html",
                status="404 Not Found")
    data = tmp_path / "data"
    res = runner.invoke(app, ["backfill", str(warc), "--data", str(data), "--no-process"])
    assert res.exit_code == 0, res.stderr
    pages = Warehouse(data).read("pages").sort("url").to_dicts()
    assert [(p["source_id"], p["url"], p["status"], p["discovered_via"]) for p in pages] == [
        ("antara-bali", "https://bali.antaranews.com/berita/999/tidak-ada", 404, "warc"),
        ("balipost", "https://www.balipost.com/news/2024/06/03/123456/Ombudsman-Bali.html", 200, "warc")]
    good = pages[1]
    assert good["body"] == article  # content encoding undone
    assert "Content-Encoding" not in json.loads(good["headers"])
    assert good["fetched_at"].isoformat() == "2024-06-03T08:15:00+00:00"
    (run,) = Warehouse(data).read("runs").to_dicts()
    counts = json.loads(run["counts"])["warc"][str(warc)]
    assert (counts["responses"], counts["pages"], counts["skipped_other_domain"], counts["skipped_not_article"],
            counts["skipped_not_html"]) == (5, 2, 1, 1, 1)


def test_a_file_that_is_not_a_warc_is_refused_before_anything_is_written(tmp_path, crawled):
    bad = tmp_path / "notes.warc.gz"
    bad.write_bytes(b"this is not an archive\n")
    good = tmp_path / "good.warc.gz"
    runner.invoke(app, ["export-warc", "--out", str(good), "--data", str(crawled["data"])])
    data = tmp_path / "data"
    res = runner.invoke(app, ["backfill", str(good), str(bad), "--registry", str(crawled["registry"]),
                              "--data", str(data)])
    assert res.exit_code == 2
    assert str(bad) in res.stderr and "not a readable WARC" in res.stderr
    assert res.stderr.strip().count("\n") == 0
    assert not data.exists() or Warehouse(data).count("pages") == 0
    res = runner.invoke(app, ["backfill", str(tmp_path / "missing.warc"), "--data", str(data)])
    assert res.exit_code == 2 and "missing.warc: no such file" in res.stderr
