"""Atomic, idempotent Parquet I/O for every dataset (the only writer).

Layout: ``<root>/<dataset>/<col>=<value>/.../part-0.parquet`` (Hive style). Partition
columns live only in the directory names (pyarrow's convention) and every reader is given
their declared types, so DuckDB, Polars and pyarrow see the same schema.

Each partition is one file. A write reads the partition it touches, drops rows whose key
the new batch carries (upsert: the newer row wins), writes a temporary file and
``os.replace``s it over the old one, so a reader sees either the old or the new file, never
half of one, and a writer killed mid-way leaves the previous state intact.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.schemas import DATASETS, Dataset, SchemaError

PART_FILE = "part-0.parquet"
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass
class WriteResult:
    dataset: str
    rows_written: int
    rows_replaced: int
    partitions: int


def conform(dataset: Dataset, data: pa.Table | list[dict] | pl.DataFrame) -> pa.Table:
    """Return ``data`` as a table with exactly the declared schema, or raise SchemaError."""
    if isinstance(data, pl.DataFrame):
        data = data.to_arrow()
    if isinstance(data, list):
        names = {c.name for c in dataset.columns}
        for i, row in enumerate(data):
            extra = set(row) - names
            if extra:
                raise SchemaError(f"{dataset.name}: row {i} has unknown column {sorted(extra)[0]!r}")
        data = pa.Table.from_pylist(
            [{c.name: row.get(c.name) for c in dataset.columns} for row in data],
            schema=dataset.schema,
        ) if data else dataset.schema.empty_table()
    have = set(data.column_names)
    for c in dataset.columns:
        if c.name not in have:
            raise SchemaError(f"{dataset.name}: missing column {c.name!r}")
    extra = have - {c.name for c in dataset.columns}
    if extra:
        raise SchemaError(f"{dataset.name}: unknown column {sorted(extra)[0]!r}")
    cols = []
    for c in dataset.columns:
        col = data.column(c.name)
        if not col.type.equals(c.type):
            try:
                col = col.cast(c.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise SchemaError(f"{dataset.name}: column {c.name!r} is {col.type}, expected {c.type}: {exc}") from None
        if not c.nullable and col.null_count:
            raise SchemaError(f"{dataset.name}: column {c.name!r} has {col.null_count} null value(s)")
        cols.append(col)
    return pa.Table.from_arrays(cols, schema=dataset.schema)


class Warehouse:
    """A warehouse rooted at a local directory."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    # -- paths ---------------------------------------------------------------------
    def path(self, name: str) -> Path:
        return self.root / name

    def files(self, name: str) -> list[Path]:
        base = self.path(name)
        if not base.exists():
            return []
        return sorted(p for p in base.rglob(PART_FILE) if p.is_file())

    def _partition_dir(self, ds: Dataset, values: tuple) -> Path:
        d = self.path(ds.name)
        for col, v in zip(ds.partition_by, values, strict=True):
            if v is None:
                raise SchemaError(f"{ds.name}: partition column {col!r} is null")
            s = str(v)
            if not _SAFE_VALUE.match(s):
                s = quote(s, safe="")
            d = d / f"{col}={s}"
        return d

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        self.path(name).mkdir(parents=True, exist_ok=True)
        with open(self.path(name) / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- writing -------------------------------------------------------------------
    def write(self, name: str, data: pa.Table | list[dict] | pl.DataFrame) -> WriteResult:
        """Upsert rows into a dataset by its key; atomic per partition file."""
        ds = DATASETS[name]
        table = conform(ds, data)
        if table.num_rows == 0:
            return WriteResult(name, 0, 0, 0)
        table = _dedupe_keep_last(table, ds.key)
        if ds.partition_by:
            groups = _group_by_partition(table, ds.partition_by)
        else:
            groups = {(): table}
        replaced = 0
        with self._lock(name):
            for values, part in groups.items():
                replaced += self._write_partition(ds, values, part)
        return WriteResult(name, table.num_rows, replaced, len(groups))

    def _write_partition(self, ds: Dataset, values: tuple, part: pa.Table) -> int:
        pdir = self._partition_dir(ds, values)
        pdir.mkdir(parents=True, exist_ok=True)
        target = pdir / PART_FILE
        new = part.select([f.name for f in ds.file_schema]).cast(ds.file_schema)
        replaced = 0
        if target.exists():
            old = pq.read_table(target, schema=ds.file_schema)
            keep = pc.invert(pc.is_in(_key_array(old, ds.key), value_set=_key_array(new, ds.key)))
            replaced = old.num_rows - (pc.sum(keep.cast(pa.int64())).as_py() or 0)
            new = pa.concat_tables([old.filter(keep), new])
        self._replace_file(target, new.sort_by([(k, "ascending") for k in ds.key]))
        return replaced

    def delete(self, name: str, column: str, values: list) -> int:
        """Remove the rows whose ``column`` is in ``values``; atomic per partition file."""
        ds = DATASETS[name]
        if not values:
            return 0
        if column in ds.partition_by:
            raise SchemaError(f"{name}: cannot delete by partition column {column!r}")
        removed = 0
        value_set = pa.array(values, ds.schema.field(column).type)
        with self._lock(name):
            for f in self.files(name):
                old = pq.read_table(f, schema=ds.file_schema)
                hit = pc.is_in(old.column(column), value_set=value_set)
                n = pc.sum(hit.cast(pa.int64())).as_py() or 0
                if n:
                    self._replace_file(f, old.filter(pc.invert(hit)))
                    removed += n
        return removed

    def _replace_file(self, target: Path, table: pa.Table) -> None:
        tmp = target.parent / f".{PART_FILE}.tmp-{os.getpid()}"
        pq.write_table(table, tmp, compression="zstd", row_group_size=64_000)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    # -- reading -------------------------------------------------------------------
    def read_arrow(self, name: str, columns: list[str] | None = None,
                   filter: pc.Expression | None = None) -> pa.Table:
        """A dataset as one table with the declared types (only ``columns`` if given)."""
        ds = DATASETS[name]
        want = columns or ds.schema.names
        for c in want:
            if c not in ds.schema.names:
                raise SchemaError(f"{name}: unknown column {c!r}")
        file_cols = [c for c in want if c not in ds.partition_by]
        out_schema = pa.schema([ds.schema.field(c) for c in want])
        tables = []
        for f in self.files(name):
            t = pq.read_table(f, columns=file_cols, schema=ds.file_schema)
            values = _partition_values(ds, f.parent.relative_to(self.path(name)))
            for col, v in values.items():
                if col in want:
                    field = ds.schema.field(col)
                    t = t.append_column(field, pa.array([v] * t.num_rows, field.type))
            t = t.select(want).cast(out_schema)
            if filter is not None:
                t = t.filter(filter)
            tables.append(t)
        return pa.concat_tables(tables) if tables else out_schema.empty_table()

    def read(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        return pl.from_arrow(self.read_arrow(name, columns))  # type: ignore[return-value]

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per dataset."""
        con = duckdb.connect()
        for name in DATASETS:
            con.execute(self.view_sql(name))
        return con

    def view_sql(self, name: str) -> str:
        ds = DATASETS[name]
        if not self.files(name):
            cols = ", ".join(f'CAST(NULL AS {_duck_type(f.type)}) AS "{f.name}"' for f in ds.schema)
            return f"CREATE OR REPLACE VIEW {name} AS SELECT {cols} WHERE false"
        glob = str(self.path(name) / "**" / PART_FILE).replace("'", "''")
        if ds.partition_by:
            types = ", ".join(f"'{c}': '{_duck_type(ds.schema.field(c).type)}'" for c in ds.partition_by)
            src = f"read_parquet('{glob}', hive_partitioning = true, hive_types = {{{types}}})"
        else:
            src = f"read_parquet('{glob}', hive_partitioning = false)"
        cols = ", ".join(f'"{c}"' for c in ds.schema.names)
        return f"CREATE OR REPLACE VIEW {name} AS SELECT {cols} FROM {src}"

    def scan(self, name: str) -> pl.LazyFrame:
        """A Polars LazyFrame over a dataset, partition columns typed as declared."""
        ds = DATASETS[name]
        if not self.files(name):
            return pl.LazyFrame(schema=pl.from_arrow(ds.schema.empty_table()).schema)
        return pl.scan_parquet(
            [str(f) for f in self.files(name)], hive_partitioning=bool(ds.partition_by),
            hive_schema=pl.from_arrow(ds.partition_schema.empty_table()).schema if ds.partition_by else None,
        ).select(ds.schema.names)

    def stored_urls(self, source_id: str) -> list[str]:
        """URLs of this source already fetched successfully (not fetched again)."""
        t = self.read_arrow("pages", ["url", "final_url", "status", "source_id"],
                            filter=(pc.field("source_id") == source_id) & (pc.field("status") == 200))
        return sorted(set(t.column("url").to_pylist()) | set(t.column("final_url").to_pylist()))

    def unprocessed_pages(self) -> list[str]:
        """page_ids of the newest fetch of each URL that no article or discard comes from."""
        pages = pl.from_arrow(self.read_arrow("pages", ["page_id", "final_url", "fetched_at"]))
        done = set(self.read_arrow("articles", ["page_id"]).column("page_id").to_pylist())
        done |= {p for p in self.read_arrow("discards", ["page_id"]).column("page_id").to_pylist() if p}
        if pages.is_empty():
            return []
        newest = pages.sort("fetched_at").group_by("final_url").last()
        return sorted(p for p in newest["page_id"].to_list() if p not in done)

    def source_summary(self) -> list[tuple]:
        """Per source: (source_id, articles, duplicates, facts, discards, pages)."""
        with self.duckdb() as con:
            return con.execute("""
                SELECT a.source_id, count(*) AS articles, count(a.duplicate_of) AS dups,
                       (SELECT count(*) FROM assessments s JOIN articles b USING (article_id)
                         WHERE b.source_id = a.source_id) AS facts,
                       (SELECT count(*) FROM discards d WHERE d.source_id = a.source_id) AS discards,
                       (SELECT count(*) FROM pages p WHERE p.source_id = a.source_id) AS pages
                FROM articles a GROUP BY a.source_id ORDER BY a.source_id""").fetchall()

    def assessment_rows(self) -> list[tuple]:
        """(region, region_code, year, instrument, score, grade, zone, zone_derived, flags)."""
        with self.duckdb() as con:
            return con.execute("""
                SELECT region, region_code, year, instrument, score, grade, zone, zone_derived, flags
                FROM assessments ORDER BY province, region, year, instrument""").fetchall()

    def count(self, name: str) -> int:
        return sum(pq.ParquetFile(f).metadata.num_rows for f in self.files(name))


def _duck_type(t: pa.DataType) -> str:
    if pa.types.is_string(t):
        return "VARCHAR"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_floating(t):
        return "DOUBLE"
    if pa.types.is_binary(t):
        return "BLOB"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP WITH TIME ZONE"
    if pa.types.is_list(t):
        return _duck_type(t.value_type) + "[]"
    raise TypeError(f"no DuckDB type for {t}")


def _key_array(table: pa.Table, key: tuple[str, ...]) -> pa.Array:
    if len(key) == 1:
        return table.column(key[0]).combine_chunks().cast(pa.string())
    parts = [table.column(k).combine_chunks().cast(pa.string()) for k in key]
    return pc.binary_join_element_wise(*parts, "\x1f")


def _dedupe_keep_last(table: pa.Table, key: tuple[str, ...]) -> pa.Table:
    keys = _key_array(table, key).to_pylist()
    last: dict[str, int] = {}
    for i, k in enumerate(keys):
        last[k] = i
    if len(last) == len(keys):
        return table
    return table.take(sorted(last.values()))


def _group_by_partition(table: pa.Table, cols: tuple[str, ...]) -> dict[tuple, pa.Table]:
    values = list(zip(*(table.column(c).to_pylist() for c in cols), strict=True))
    idx: dict[tuple, list[int]] = {}
    for i, v in enumerate(values):
        idx.setdefault(v, []).append(i)
    return {v: table.take(rows) for v, rows in sorted(idx.items(), key=lambda kv: str(kv[0]))}


def _partition_values(ds: Dataset, rel: Path) -> dict:
    out: dict = {}
    for piece in rel.parts:
        col, _, raw = piece.partition("=")
        typ = ds.schema.field(col).type
        val = unquote(raw)
        out[col] = int(val) if pa.types.is_integer(typ) else val
    return out
