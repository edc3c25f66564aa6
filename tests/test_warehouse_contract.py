"""The warehouse's promises to researchers: every reader sees the declared types, a
killed writer leaves the previous state, appends touch only their partitions, foreign
schema versions are refused, and an fsspec root works like a local one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from warehouse import DATASETS, SchemaError, Warehouse
from warehouse.dictionary import duckdb_snippet, pandas_snippet, polars_snippet, pyarrow_snippet
from warehouse.schemas import article_month
from warehouse.store import _duck_type
from synthetic import synthetic_rows

PART_FILE = "part-0.parquet"

ROOT = Path(__file__).parent.parent

@pytest.fixture(scope="module")
def full_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("wh")
    wh = Warehouse(root)
    for name in DATASETS:
        wh.write(name, synthetic_rows(name))
    return root


@pytest.mark.parametrize("name", list(DATASETS))
def test_four_readers_see_the_declared_types_with_the_documented_one_liners(full_warehouse, name):
    ds = DATASETS[name]
    root = str(full_warehouse)
    declared = {f.name: f.type for f in ds.schema}
    scope = {"duckdb": duckdb, "pl": pl, "pd": pd, "pa": pa, "pads": pads}

    with duckdb.connect() as con:
        scope["duckdb"] = con  # the one-liner's duckdb.sql, on a private connection
        rel = eval(duckdb_snippet(ds, root), scope)
        duck = dict(zip(rel.columns, map(str, rel.types)))
        assert rel.shape[0] == 4
    assert duck == {c: _duck_type(t) for c, t in declared.items()}

    lf = eval(polars_snippet(ds, root), scope)
    expected_pl = pl.from_arrow(ds.schema.empty_table()).schema
    assert dict(lf.collect_schema()) == dict(expected_pl)
    assert lf.collect().height == 4

    table = eval(pyarrow_snippet(ds, root), scope)
    assert {f.name: f.type for f in table.schema} == declared and table.num_rows == 4

    df = eval(pandas_snippet(ds, root), scope)
    ours = Warehouse(root).read_arrow(name).to_pandas()
    assert dict(df.dtypes) == dict(ours[df.columns].dtypes) and len(df) == 4
    # and the values agree, whatever the reader
    key = list(ds.key)
    assert sorted(map(str, df.sort_values(key)[key[0]])) == sorted(map(str, ours[key[0]]))


def test_our_views_and_polars_scan_match_the_declarations(full_warehouse):
    wh = Warehouse(full_warehouse)
    con = wh.duckdb()
    for name, ds in DATASETS.items():
        described = con.execute(f"DESCRIBE {name}").fetchall()
        assert [(r[0], r[1]) for r in described] == [(f.name, _duck_type(f.type)) for f in ds.schema]
        assert wh.scan(name).collect_schema() == pl.from_arrow(ds.schema.empty_table()).schema
        assert wh.verify(name) == []


def test_articles_are_partitioned_by_source_and_month_and_only_touched_partitions_are_read(tmp_path):
    wh = Warehouse(tmp_path)
    rows = synthetic_rows("articles", 4)
    wh.write("articles", rows)
    dirs = sorted(str(Path(f).parent.relative_to(tmp_path / "articles")) for f in wh.files("articles"))
    assert dirs == ["source_id=src-0/month=2024-05", "source_id=src-1/month=2024-06"]
    # Break the other partition's file: an append elsewhere must not need to read it.
    broken = tmp_path / "articles" / "source_id=src-1" / "month=2024-06" / PART_FILE
    broken.write_bytes(b"not parquet")
    new = {**rows[0], "article_id": "new-article", "page_id": "p-new"}
    res = wh.write("articles", [new])
    assert (res.rows_written, res.rows_replaced, res.partitions) == (1, 0, 1)
    got = wh.read_arrow("articles", ["article_id"], where={"source_id": ["src-0"]}).column(0).to_pylist()
    assert sorted(got) == ["article_id-0", "article_id-2", "new-article"]


def test_newer_nlp_version_replaces_the_row_and_same_input_twice_adds_nothing(tmp_path):
    wh = Warehouse(tmp_path)
    rows = synthetic_rows("mentions", 4)
    wh.write("mentions", rows)
    wh.write("mentions", rows)
    assert wh.count("mentions") == 4
    res = wh.write("mentions", [{**rows[1], "nlp_version": "9.9.9", "normalized": "changed"}])
    assert res.rows_replaced == 1 and wh.count("mentions") == 4
    got = wh.read("mentions").filter(pl.col("nlp_version") == "9.9.9")
    assert got["normalized"].to_list() == ["changed"]


def test_sweep_moves_a_row_whose_partition_changed_without_duplicating_it(tmp_path):
    wh = Warehouse(tmp_path)
    row = synthetic_rows("articles", 1)[0]
    wh.write("articles", [row])
    moved = {**row, "month": "2023-12", "extractor_version": "9.9.9"}
    wh.write("articles", [moved], sweep=True)
    t = wh.read_arrow("articles", ["article_id", "month", "extractor_version"]).to_pylist()
    assert t == [{"article_id": row["article_id"], "month": "2023-12", "extractor_version": "9.9.9"}]
    assert wh.verify("articles") == []


def test_streamed_batches_keep_row_groups_and_all_rows(tmp_path, monkeypatch):
    from warehouse import store

    monkeypatch.setattr(store, "READ_BATCH_ROWS", 7)  # stream the old file in tiny batches
    wh = Warehouse(tmp_path)
    base = synthetic_rows("assessments", 1)[0]
    batches = [[{**base, "assessment_id": f"a{b}-{i}"} for i in range(50)] for b in range(5)]
    res = wh.write_batches("assessments", batches)
    assert res.rows_written == 250 and wh.count("assessments") == 250
    wh.write("assessments", batches[2])  # again: replaced in place, streamed 7 rows at a time
    assert wh.count("assessments") == 250 and wh.verify("assessments") == []


def test_article_month_is_the_publication_month_where_the_story_was_published():
    fetched = datetime(2024, 7, 2, tzinfo=timezone.utc)
    # 1 June 00:30 WIB is 31 May in UTC: still a June story
    assert article_month(datetime(2024, 5, 31, 17, 30, tzinfo=timezone.utc), "+07:00", fetched) == "2024-06"
    assert article_month(datetime(2024, 5, 31, 17, 30, tzinfo=timezone.utc), None, fetched) == "2024-06"
    assert article_month(datetime(2024, 5, 31, 15, 30, tzinfo=timezone.utc), "+08:00", fetched) == "2024-05"
    assert article_month(None, None, fetched) == "2024-07"


KILLED_WRITER = """
import sys
from warehouse import Warehouse
sys.path.insert(0, {tests!r})
from test_warehouse_contract import big_batch
wh = Warehouse({root!r})
gen = 1
while True:
    wh.write("articles", big_batch(gen))
    print(gen, flush=True)
    gen += 1
"""


def big_batch(gen: int, n: int = 1500) -> list[dict]:
    """n articles in one partition; generation ``gen`` rewrites every text."""
    base = synthetic_rows("articles", 1)[0]
    text = f"generasi {gen} " + "Ombudsman menilai kepatuhan pelayanan publik. " * 60
    return [{**base, "article_id": f"k{i:05d}", "text": text, "content_sha1": f"g{gen}"} for i in range(n)]


def test_a_writer_killed_with_sigkill_mid_write_leaves_the_previous_state(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("articles", big_batch(0))
    part_dir = Path(wh.files("articles")[0]).parent
    code = KILLED_WRITER.format(tests=str(Path(__file__).parent), root=str(tmp_path))
    kills = 0
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        # kill while a temporary file is being written (mid-write), after >= 1 full write
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            tmp = list(part_dir.glob(f".part-*.tmp-{proc.pid}-*"))
            if tmp and tmp[0].stat().st_size > 0:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.002)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.returncode
        # the previous state: complete, one generation throughout, readable by every reader
        t = wh.read_arrow("articles", ["article_id", "content_sha1"])
        assert t.num_rows == 1500
        assert len(set(t.column("content_sha1").to_pylist())) == 1
        with duckdb.connect() as con:
            n = con.sql(f"SELECT count(DISTINCT article_id) FROM read_parquet('{tmp_path}/articles/**/*.parquet')").fetchall()[0][0]
        assert n == 1500
        assert pl.scan_parquet(f"{tmp_path}/articles/**/*.parquet").select(pl.len()).collect().item() == 1500
        assert wh.verify("articles") == []
    assert kills == 3
    # the next write clears the dead writer's temporary file and succeeds
    wh.write("articles", big_batch(99))
    assert not list(part_dir.glob(".part-*.tmp-*"))
    assert set(wh.read_arrow("articles", ["content_sha1"]).column(0).to_pylist()) == {"g99"}


def test_a_dataset_written_by_a_newer_schema_version_is_refused_and_left_alone(tmp_path):
    wh = Warehouse(tmp_path)
    wh.write("assessments", synthetic_rows("assessments", 2))
    marker = tmp_path / "assessments" / "_schema.json"
    marker.write_text(json.dumps({"dataset": "assessments", "version": 99}))
    before = sorted((p, p.stat().st_mtime_ns) for p in (tmp_path / "assessments").rglob("*.parquet"))
    ours = DATASETS["assessments"].version
    with pytest.raises(SchemaError, match=rf"assessments: written by schema version 99, newer than this pantau's {ours}"):
        Warehouse(tmp_path).write("assessments", synthetic_rows("assessments", 3))
    with pytest.raises(SchemaError, match="version 99"):
        Warehouse(tmp_path).read_arrow("assessments")
    after = sorted((p, p.stat().st_mtime_ns) for p in (tmp_path / "assessments").rglob("*.parquet"))
    assert before == after
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "query", "SELECT count(*) FROM assessments",
                           "--data", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "schema version 99" in proc.stderr


def test_unknown_dataset_and_column_are_one_line_errors(tmp_path):
    wh = Warehouse(tmp_path)
    with pytest.raises(SchemaError, match="unknown dataset 'facts'"):
        wh.write("facts", [{"a": 1}])
    with pytest.raises(SchemaError, match="assessments: unknown column 'colour'"):
        wh.read_arrow("assessments", ["colour"])


def test_an_fsspec_url_root_works_like_a_local_directory():
    import fsspec

    url = f"memory://pantau-test-{os.getpid()}"
    wh = Warehouse(url)
    try:
        rows = synthetic_rows("assessments", 4)
        wh.write("assessments", rows)
        wh.write("assessments", rows)  # idempotent there too
        wh.write("articles", synthetic_rows("articles", 4))
        assert wh.count("assessments") == 4 and wh.verify("assessments") == []
        assert wh.read_arrow("assessments").schema.field("year").type == pa.int32()
        con = wh.duckdb()
        assert con.execute("SELECT count(*), min(year) FROM assessments").fetchall() == [(4, 2020)]
        assert con.execute("SELECT count(*) FROM assessments JOIN articles USING (article_id)").fetchall()[0][0] == 4
        fs = fsspec.filesystem("memory")
        names = sorted(p.rsplit("/", 1)[-1] for p in fs.find(f"/pantau-test-{os.getpid()}/assessments"))
        assert names == ["_schema.json", PART_FILE, PART_FILE]  # no temporary file left
    finally:
        fsspec.filesystem("memory").rm(f"/pantau-test-{os.getpid()}", recursive=True)


def test_sealed_files_take_their_own_replacements_and_new_rows_start_a_new_file(tmp_path, monkeypatch):
    from warehouse import store

    wh = Warehouse(tmp_path)
    base = {**synthetic_rows("assessments", 1)[0], "year": 2022}
    batch = lambda tag, n: [{**base, "assessment_id": f"{tag}{i}"} for i in range(n)]  # noqa: E731
    wh.write("assessments", batch("a", 10))
    wh.write("assessments", batch("b", 10))
    assert len(wh.files("assessments")) == 1  # small files stay open: one file takes both
    monkeypatch.setattr(store, "SEAL_BYTES", 1)  # from now on every file on disk is sealed
    wh.write("assessments", batch("c", 10))
    wh.write("assessments", [{**base, "assessment_id": "a3", "score": 11.0},
                             {**base, "assessment_id": "c5", "score": 22.0},
                             {**base, "assessment_id": "d0", "score": 33.0}])
    files = wh.files("assessments")
    assert [Path(f).name for f in files] == ["part-0.parquet", "part-1.parquet", "part-2.parquet"]
    where = {}
    for f in files:
        for r in pq.read_table(f, columns=["assessment_id", "score"]).to_pylist():
            where[r["assessment_id"]] = (Path(f).name, r["score"])
    assert where["a3"] == ("part-0.parquet", 11.0)  # replaced inside the sealed file
    assert where["c5"] == ("part-1.parquet", 22.0)
    assert where["d0"] == ("part-2.parquet", 33.0)  # a new key starts a new file
    assert wh.count("assessments") == 31 and wh.verify("assessments") == []
    assert wh.delete("assessments", "assessment_id", ["a3", "d0"]) == 2
    assert wh.count("assessments") == 29 and wh.verify("assessments") == []


def test_sweep_with_a_batch_spanning_partitions_leaves_each_key_once(tmp_path):
    wh = Warehouse(tmp_path)
    base = synthetic_rows("discards", 1)[0]
    wh.write("discards", [{**base, "discard_id": "K", "source_id": "a"}])
    wh.write("discards", [{**base, "discard_id": "K", "source_id": "b"},
                          {**base, "discard_id": "J", "source_id": "a"}], sweep=True)
    got = sorted((r["discard_id"], r["source_id"]) for r in wh.read_arrow("discards", ["discard_id", "source_id"]).to_pylist())
    assert got == [("J", "a"), ("K", "b")] and wh.verify("discards") == []
    assert wh.locate("discards", "discard_id", ["K", "J", "nope"]) == {"K": {"source_id": "b"}, "J": {"source_id": "a"}}


def test_threads_writing_one_fsspec_warehouse_take_turns():
    import threading

    import fsspec

    url = f"memory://threads-{os.getpid()}"
    wh = Warehouse(url)
    base = synthetic_rows("pages", 1)[0]

    def writer(t: int) -> None:
        for i in range(10):
            Warehouse(url).write("pages", [{**base, "page_id": f"t{t}-{i}-{j}"} for j in range(20)])

    try:
        threads = [threading.Thread(target=writer, args=(t,)) for t in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert wh.count("pages") == 800 and wh.verify("pages") == []
    finally:
        fsspec.filesystem("memory").rm(f"/threads-{os.getpid()}", recursive=True)
