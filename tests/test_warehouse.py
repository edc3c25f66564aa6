from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as pads
import pytest

from warehouse import DATASETS, SchemaError, Warehouse
from warehouse.dictionary import render

NOW = datetime(2025, 8, 29, 3, 0, tzinfo=timezone.utc)


def fact(i: int, year: int, **kw) -> dict:
    row = {
        "assessment_id": f"id{i}", "article_id": "a1", "source_id": "s1", "institution": "Pemerintah Kabupaten Badung",
        "region": "Kabupaten Badung", "region_code": "51.03", "province": "Bali", "assessor": "Ombudsman RI",
        "instrument": "ombudsman_kepatuhan", "year": year, "year_source": "sentence", "score": 80.0 + i,
        "grade": None, "zone": "hijau", "zone_derived": "kuning", "category": None, "evidence": "x",
        "evidence_start": 0, "evidence_end": 1, "confidence": 0.9, "flags": ["zone_mismatch"],
        "run_id": "r1", "nlp_version": "0.1.0",
    }
    row.update(kw)
    return row


def test_upsert_is_idempotent_and_newer_row_wins(tmp_path):
    wh = Warehouse(tmp_path)
    rows = [fact(i, 2019 + i % 2) for i in range(4)]
    wh.write("assessments", rows)
    wh.write("assessments", rows)
    assert wh.count("assessments") == 4
    res = wh.write("assessments", [fact(1, 2020, score=99.0, nlp_version="0.2.0")])
    assert res.rows_replaced == 1
    got = wh.read("assessments").filter(pl.col("assessment_id") == "id1")
    assert got["score"].to_list() == [99.0] and got["nlp_version"].to_list() == ["0.2.0"]


def test_every_reader_sees_the_declared_types(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("assessments", [fact(i, 2019 + i % 3) for i in range(6)])
    expected = DATASETS["assessments"].schema
    # DuckDB through our views
    con = wh.duckdb()
    cols = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE assessments)").fetchall())
    assert cols["year"] == "INTEGER" and cols["score"] == "DOUBLE" and cols["flags"] == "VARCHAR[]"
    assert con.execute("SELECT count(*) FROM assessments WHERE year = 2020").fetchone()[0] == 2
    # Polars lazily, and pyarrow's dataset API, straight from the files
    lf = wh.scan("assessments")
    assert lf.collect_schema()["year"] == pl.Int32
    assert lf.filter(pl.col("year") == 2021).collect().height == 2
    ds = pads.dataset(wh.path("assessments"), format="parquet", partitioning=pads.partitioning(
        DATASETS["assessments"].partition_schema, flavor="hive"))
    assert ds.schema.field("year").type == expected.field("year").type
    assert ds.to_table().num_rows == 6
    # plain DuckDB with the documented one-liner
    with duckdb.connect() as plain:
        n = plain.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/assessments/**/*.parquet', "
                          "hive_partitioning = true, hive_types = {'year': INTEGER})").fetchall()[0][0]
    assert n == 6


def test_bad_rows_are_refused_naming_the_column_and_nothing_is_written(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("assessments", [fact(0, 2019)])
    with pytest.raises(SchemaError, match="assessments: column 'instrument' has 1 null"):
        wh.write("assessments", [fact(1, 2019, instrument=None)])
    with pytest.raises(SchemaError, match="unknown column 'colour'"):
        wh.write("assessments", [{**fact(2, 2019), "colour": "red"}])
    assert wh.count("assessments") == 1


def test_empty_dataset_has_views_with_the_declared_columns(tmp_path):
    con = Warehouse(tmp_path).duckdb()
    for name, ds in DATASETS.items():
        cols = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
        assert cols == ds.schema.names


def test_data_dictionary_is_up_to_date():
    doc = Path(__file__).parent.parent / "docs" / "data-dictionary.md"
    assert doc.read_text(encoding="utf-8") == render(), "run `make data-dictionary`"


def test_delete_removes_rows_in_every_partition(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("assessments", [fact(0, 2019), fact(1, 2020, article_id="a2"), fact(2, 2021)])
    assert wh.delete("assessments", "article_id", ["a1"]) == 2
    assert wh.read("assessments")["assessment_id"].to_list() == ["id1"]
    assert wh.delete("assessments", "article_id", ["nope"]) == 0
