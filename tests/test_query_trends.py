"""`pantau query` and `pantau trends` over a small warehouse with known facts."""

from __future__ import annotations

import io
import json

import polars as pl
import pyarrow.parquet as pq
import pytest
from synthetic import synthetic_rows
from typer.testing import CliRunner

from flows.cli import app
from warehouse import Warehouse

runner = CliRunner()


def fact(i: int, article: str, code: str, region: str, year: int, score: float, **kw) -> dict:
    row = synthetic_rows("assessments", 1)[0]
    row.update(assessment_id=f"f{i}", article_id=article, source_id=f"src-{article[1:]}", region=region, region_code=code,
               province="Bali" if code.startswith("51") else "Nusa Tenggara Timur",
               instrument="ombudsman_kepatuhan", year=year, score=score, grade=None,
               zone="hijau" if score >= 78 else "kuning", zone_derived=None, flags=[])
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("trends")
    wh = Warehouse(root)
    arts = synthetic_rows("articles", 4)
    for i, a in enumerate(arts):
        a.update(article_id=f"a{i}", source_id=f"src-{i}", duplicate_of=None)
    wh.write("articles", arts)
    wh.write("assessments", [
        # Badung 2022: two sources say 80.1, one says 75.0 -> conflict, 80.1 shown
        fact(0, "a0", "51.03", "Kabupaten Badung", 2022, 80.1),
        fact(1, "a1", "51.03", "Kabupaten Badung", 2022, 80.1),
        fact(2, "a2", "51.03", "Kabupaten Badung", 2022, 75.0),
        fact(3, "a0", "51.03", "Kabupaten Badung", 2023, 85.5),
        fact(4, "a3", "53.71", "Kota Kupang", 2023, 70.25),
        fact(5, "a3", "53.01", "Kabupaten Kupang", 2023, 50.1),
        fact(6, "a1", "51.03", "Kabupaten Badung", 2023, 90.0, instrument="ikm"),
    ])
    return str(root)


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.mark.parametrize("name", ["Badung", "Kab. Badung", "Pemkab Badung", "51.03", "kabupaten badung"])
def test_trends_resolves_the_region_however_it_is_written(data, name):
    res = run("trends", "--region", name, "--instrument", "ombudsman_kepatuhan", "--data", data, "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["region"], r["year"], r["score"]) for r in rows] == [
        ("Kabupaten Badung", 2022, 80.1), ("Kabupaten Badung", 2023, 85.5)]
    first, second = rows
    assert (first["sources"], first["reports"], first["conflict"], first["scores"]) == (3, 3, True, [75.0, 80.1])
    assert (second["sources"], second["conflict"], second["change"]) == (1, False, 5.4)


def test_trends_by_province_and_instrument(data):
    res = run("trends", "--province", "NTT", "--data", data, "--format", "csv")
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith('"province","region","region_code","instrument","year","score"')
    assert len(lines) == 3 and all("Kupang" in line for line in lines[1:])
    res = run("trends", "--region", "Badung", "--instrument", "ikm", "--data", data, "--format", "json")
    assert [json.loads(r)["score"] for r in res.stdout.splitlines()] == [90.0]


@pytest.mark.parametrize("args, message", [
    (["--region", "Kupang"], "names 2 regions: Kabupaten Kupang (53.01), Kota Kupang (53.71)"),
    (["--region", "Atlantis"], "--region: no region 'Atlantis'"),
    (["--province", "Badung"], "--province: no province 'Badung'"),
    (["--instrument", "vibes"], "--instrument: expected one of"),
    (["--format", "xml"], "--format: expected one of"),
])
def test_trends_bad_input_is_one_line_exit_2(data, args, message):
    res = run("trends", *args, "--data", data)
    assert res.exit_code == 2
    assert message in res.stderr and res.stderr.strip().count("\n") == 0


def test_query_formats_and_out_file(data, tmp_path):
    sql = "SELECT region_code, year, score, flags FROM assessments ORDER BY assessment_id"
    res = run("query", sql, "--data", data, "--format", "csv")
    assert res.exit_code == 0 and res.stdout.splitlines()[:2] == ['"region_code","year","score","flags"',
                                                                  '"51.03",2022,80.1,""']
    res = run("query", sql, "--data", data, "--format", "json")
    assert json.loads(res.stdout.splitlines()[0]) == {"region_code": "51.03", "year": 2022, "score": 80.1, "flags": []}
    out = tmp_path / "facts.parquet"
    res = run("query", sql, "--data", data, "--format", "parquet", "--out", str(out))
    assert res.exit_code == 0 and "wrote 7 rows" in res.stderr
    df = pl.read_parquet(out)
    assert df.height == 7 and df.schema["year"] == pl.Int32
    assert not list(tmp_path.glob(".*tmp"))
    res = run("query", "SELECT count(*) AS n FROM assessments", "--data", data, "--format", "parquet")
    assert pq.read_table(io.BytesIO(res.stdout_bytes)).to_pylist() == [{"n": 7}]


def test_query_reads_pantau_data_from_the_environment(data):
    res = run("query", "SELECT count(*) AS n FROM regions", "--format", "json", env={"PANTAU_DATA": data})
    assert res.exit_code == 0 and json.loads(res.stdout) == {"n": 0}


@pytest.mark.parametrize("sql, message", [
    ("COPY assessments TO '/tmp/pantau-x.csv'", "read-only: COPY"),
    ("ATTACH '/tmp/pantau-x.db' AS x", "read-only: ATTACH"),
    ("INSERT INTO assessments SELECT * FROM assessments", "read-only: INSERT"),
    ("SET threads = 1", "read-only: SET"),
    ("SELECT 1; SELECT 2", "exactly one statement"),
    ("EXPLAIN ANALYZE COPY (SELECT * FROM articles) TO '/tmp/pantau-x.csv'", "EXPLAIN ANALYZE runs the statement"),
    ("EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYZE runs the statement"),
    ("EXPLAIN COPY (SELECT 1) TO '/tmp/pantau-x.csv'", "only EXPLAIN of a SELECT"),
    ("SELEC 1", "syntax error"),
    ("SELECT * FROM facts", "Table with name facts does not exist! (datasets: pages, articles"),
    ("SELECT colour FROM assessments", 'Referenced column "colour" not found'),
])
def test_query_refuses_writes_and_names_the_problem(data, sql, message):
    before = sorted(p.stat().st_mtime_ns for p in Warehouse(data).root.rglob("*"))
    res = run("query", sql, "--data", data)
    assert res.exit_code == 2
    assert message in res.stderr and res.stderr.strip().count("\n") == 0
    assert sorted(p.stat().st_mtime_ns for p in Warehouse(data).root.rglob("*")) == before


def test_query_and_trends_need_an_existing_warehouse(tmp_path):
    for args in (["query", "SELECT 1"], ["trends"]):
        res = run(*args, "--data", str(tmp_path / "missing"))
        assert res.exit_code == 2 and "no warehouse at" in res.stderr
    assert not (tmp_path / "missing").exists()


def test_trends_table_shows_the_conflicting_scores(data):
    res = run("trends", "--region", "Badung", "--instrument", "ombudsman_kepatuhan", "--data", data)
    assert res.exit_code == 0, res.stderr
    lines = [line for line in res.stdout.splitlines() if "Kabupaten Badung" in line]
    assert len(lines) == 2 and "75 / 80.1" in lines[0] and "/" not in lines[1].split("│")[-2]


def test_plain_explain_of_a_select_is_allowed(data):
    res = run("query", "EXPLAIN SELECT count(*) FROM assessments", "--data", data, "--format", "json")
    assert res.exit_code == 0, res.stderr
