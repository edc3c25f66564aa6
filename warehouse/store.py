"""Atomic, idempotent Parquet I/O for every dataset (the only writer).

Layout: ``<root>/<dataset>/<col>=<value>/.../part-<n>.parquet`` (Hive style), plus
``<root>/<dataset>/_schema.json`` naming the schema version the files follow. Partition
columns live only in the directory names (pyarrow's convention) and every reader is given
their declared types, so DuckDB, Polars, pyarrow and pandas see the same schema.

A partition holds a few files: the newest (highest ``n``) is open, the others are sealed
once they pass their dataset's seal size on disk. A write looks up its keys in the key column of the
partition's files; a file holding some of them is rewritten with the newer rows in their
place (upsert: the newer row wins), and the remaining new rows go into the open file (or a
new one once it is sealed). Every file is written under a hidden temporary name and
renamed, so a reader sees the old or the new file, never half of one, a writer killed
mid-way leaves the previous file intact, and a write never puts a key in a second file.
A write touches only its partitions, and in them rewrites at most the open file
plus the files whose rows it replaces: appending a night's articles costs the same whether
the dataset holds ten thousand rows or a million, and memory stays bounded by one batch.
Partitions follow the real queries (articles by source and month, pages by fetch date,
assessments by year).

The root is a local directory, or an fsspec URL (``s3://bucket/pantau``, ``gs://...``,
``memory://...``) for object storage; see ``docs/warehouse.md``.
"""

from __future__ import annotations

import fcntl
import json
import os
import posixpath
import re
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from warehouse.schemas import DATASETS, Dataset, SchemaError

PART_PREFIX = "part-"
PART_SUFFIX = ".parquet"
SEAL_BYTES = 2 * 2**20  # default size on disk at which a partition file is sealed (Dataset.seal_bytes)
SCHEMA_MARKER = "_schema.json"
READ_BATCH_ROWS = 4096  # rows per batch when streaming an old partition file
ROW_GROUP_ROWS = 128_000  # a row group ends at this many rows ...
ROW_GROUP_BYTES = 64 * 2**20  # ... or this many bytes in memory, whichever comes first
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.\-]+$")
_REMOTE_LOCKS: dict[tuple[str, str], threading.Lock] = {}


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
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
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
    """A warehouse rooted at a local directory or an fsspec URL."""

    def __init__(self, root: str | os.PathLike[str]):
        text = os.fspath(root)
        self._fsspec = None
        if "://" in text and not text.startswith("file://"):
            import fsspec

            self._fsspec, path = fsspec.core.url_to_fs(text)
            self.fs: pafs.FileSystem = pafs.PyFileSystem(pafs.FSSpecHandler(self._fsspec))
            self.local = False
            self.base = path.rstrip("/") or "/"
            self.root: Path | str = text.rstrip("/")
        else:
            self.fs = pafs.LocalFileSystem()
            self.local = True
            self.root = Path(text.removeprefix("file://")).absolute()
            self.base = self.root.as_posix()
        self._checked: set[str] = set()

    def __repr__(self) -> str:
        return f"Warehouse({str(self.root)!r})"

    # -- paths ---------------------------------------------------------------------
    def path(self, name: str) -> str:
        """The dataset's directory (a local path, or a path inside the fsspec filesystem)."""
        return posixpath.join(self.base, name)

    def url(self, name: str) -> str:
        """The dataset's directory as a reader outside pantau would spell it."""
        if self.local:
            return self.path(name)
        proto = self._fsspec.protocol
        proto = proto[0] if isinstance(proto, (tuple, list)) else proto
        return f"{proto}://{self.path(name).lstrip('/')}" if proto != "memory" else f"memory://{self.path(name)}"

    def exists(self) -> bool:
        return self.fs.get_file_info(self.base).type == pafs.FileType.Directory

    def files(self, name: str, where: dict[str, Iterable] | None = None) -> list[str]:
        """Partition files of a dataset, only those whose partition values are in ``where``."""
        ds = DATASETS[name]
        base = self.path(name)
        infos = self.fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
        out = []
        wanted = {c: {str(v) for v in vals} for c, vals in (where or {}).items()}
        for c in wanted:
            if c not in ds.partition_by:
                raise SchemaError(f"{name}: {c!r} is not a partition column")
        for info in infos:
            if info.type != pafs.FileType.File or _part_number(info.base_name) is None:
                continue
            rel = posixpath.relpath(posixpath.dirname(info.path), base)
            if rel != "." and any(p.startswith((".", "_")) for p in rel.split("/")):
                continue
            if wanted:
                vals = _partition_strings(rel)
                if any(vals.get(c) not in allowed for c, allowed in wanted.items()):
                    continue
            out.append(info.path)
        return sorted(out, key=lambda p: (posixpath.dirname(p), _part_number(posixpath.basename(p))))

    def _partition_dir(self, ds: Dataset, values: tuple) -> str:
        d = self.path(ds.name)
        for col, v in zip(ds.partition_by, values, strict=True):
            if v is None:
                raise SchemaError(f"{ds.name}: partition column {col!r} is null")
            s = v.isoformat() if isinstance(v, date) else str(v)
            if not _SAFE_VALUE.match(s):
                s = quote(s, safe="")
            d = posixpath.join(d, f"{col}={s}")
        return d

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        """One writer per dataset at a time (local roots; object stores take one writer)."""
        if not self.local:
            # object stores have no lock: writers in this process (threads of one flow)
            # take turns; other processes must not write the same warehouse at once
            with _REMOTE_LOCKS.setdefault((str(self.root), name), threading.Lock()):
                yield
            return
        Path(self.path(name)).mkdir(parents=True, exist_ok=True)
        with open(Path(self.path(name)) / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- schema versions -----------------------------------------------------------
    def stored_version(self, name: str) -> int | None:
        """The schema version the dataset's files were written with, None when empty."""
        marker = posixpath.join(self.path(name), SCHEMA_MARKER)
        if self.fs.get_file_info(marker).type == pafs.FileType.File:
            with self.fs.open_input_stream(marker) as fh:
                return int(json.loads(fh.read())["version"])
        files = self.files(name)
        if not files:
            return None
        meta = pq.read_schema(files[0], filesystem=self.fs).metadata or {}
        return int(meta.get(b"pantau.schema_version", b"0"))

    def check_version(self, name: str) -> None:
        """Refuse a dataset written by another schema version (one-line SchemaError)."""
        if name in self._checked:
            return
        if name not in DATASETS:
            raise SchemaError(f"unknown dataset {name!r} (datasets: {', '.join(DATASETS)})")
        ds = DATASETS[name]
        v = self.stored_version(name)
        if v is not None and v > ds.version:
            raise SchemaError(f"{self.url(name)}: written by schema version {v}, newer than this "
                              f"pantau's {ds.version}: upgrade pantau to read it")
        if v is not None and v < ds.version:
            raise SchemaError(f"{self.url(name)}: written by schema version {v}, this pantau writes "
                              f"{ds.version}: move the dataset aside and rebuild it (no migration exists)")
        self._checked.add(name)

    def _mark_version(self, ds: Dataset) -> None:
        marker = posixpath.join(self.path(ds.name), SCHEMA_MARKER)
        if self.fs.get_file_info(marker).type != pafs.FileType.File:
            self.fs.create_dir(self.path(ds.name), recursive=True)
            tmp = f"{posixpath.dirname(marker)}/.{SCHEMA_MARKER}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            with self.fs.open_output_stream(tmp) as fh:
                fh.write(json.dumps({"dataset": ds.name, "version": ds.version}).encode() + b"\n")
            self.fs.move(tmp, marker)  # a reader never finds half a marker

    # -- writing -------------------------------------------------------------------
    def write(self, name: str, data: pa.Table | list[dict] | pl.DataFrame, *, sweep: bool = False) -> WriteResult:
        """Upsert rows into a dataset by its key; atomic per partition file.

        Keys are looked up in the partitions the rows go to. ``sweep=True`` also removes
        the rows' keys from every other partition (a reprocess that may move a row, e.g.
        an article whose publication month changed); it reads the key column of the
        whole dataset, so the nightly append does not use it.
        """
        if name not in DATASETS:
            raise SchemaError(f"unknown dataset {name!r} (datasets: {', '.join(DATASETS)})")
        ds = DATASETS[name]
        table = conform(ds, data)
        if table.num_rows == 0:
            return WriteResult(name, 0, 0, 0)
        self.check_version(name)
        table = _dedupe_keep_last(table, ds.key)
        groups = _group_by_partition(table, ds.partition_by) if ds.partition_by else {(): table}
        replaced = 0
        with self._lock(name):
            self._mark_version(ds)
            if sweep and ds.partition_by:
                replaced += self._sweep(ds, table, set(groups))
            for values, part in groups.items():
                replaced += self._write_partition(ds, values, part)
        return WriteResult(name, table.num_rows, replaced, len(groups))

    def write_batches(self, name: str, batches: Iterable[pa.Table | pa.RecordBatch | list[dict]]) -> WriteResult:
        """Write a stream of batches (each upserted as it comes): memory holds one batch."""
        total = WriteResult(name, 0, 0, 0)
        for b in batches:
            r = self.write(name, b)
            total.rows_written += r.rows_written
            total.rows_replaced += r.rows_replaced
            total.partitions += r.partitions
        return total

    def _sweep(self, ds: Dataset, table: pa.Table, targets: set[tuple]) -> int:
        """Remove the batch's keys from every file outside the partition each key goes to."""
        keys = _key_array(table, ds.key).to_pylist()
        dest = list(zip(*(table.column(c).to_pylist() for c in ds.partition_by), strict=True))
        removed = 0
        for f in self.files(ds.name):
            values = _partition_values(ds, posixpath.relpath(posixpath.dirname(f), self.path(ds.name)))
            here = tuple(values[c] for c in ds.partition_by)
            elsewhere = pa.array([k for k, d in zip(keys, dest, strict=True) if d != here], pa.string())
            if len(elsewhere):
                removed += self._filter_file(ds, f, lambda b, e=elsewhere: pc.is_in(_key_array(b, ds.key), value_set=e))
        return removed

    def locate(self, name: str, column: str, values: list) -> dict:
        """Where rows whose ``column`` is in ``values`` are: {value: partition values}.

        Reads only that column of every file (and the partition values from the paths):
        for the checks that must see the whole dataset, not for bulk reads.
        """
        ds = DATASETS[name]
        self.check_version(name)
        value_set = pa.array(values, ds.schema.field(column).type)
        out: dict = {}
        for f in self.files(name):
            col = pq.read_table(f, columns=[column], filesystem=self.fs).column(column)
            hits = pc.filter(col, pc.is_in(col, value_set=value_set)).to_pylist()
            if hits:
                where = _partition_values(ds, posixpath.relpath(posixpath.dirname(f), self.path(name)))
                for v in hits:
                    out[v] = where
        return out

    def _write_partition(self, ds: Dataset, values: tuple, part: pa.Table) -> int:
        pdir = self._partition_dir(ds, values)
        new = part.select([f.name for f in ds.file_schema]).cast(ds.file_schema)
        new = new.sort_by([(k, "ascending") for k in ds.key])
        new_keys = _key_array(new, ds.key)
        files = self._partition_files(pdir)
        placed = pa.array([], pa.string())  # keys whose newer row went into a sealed file
        replaced = 0
        last_hits = pa.array([], pa.string())
        for i, f in enumerate(files):
            keys = _key_array(pq.read_table(f, columns=list(ds.key), filesystem=self.fs), ds.key)
            hits = pc.filter(keys, pc.is_in(keys, value_set=new_keys))
            if i == len(files) - 1:
                last_hits = hits
            elif len(hits):
                # the newer versions of this sealed file's rows take their place, in this file
                replaced += self._rewrite(ds, f, hits, new.filter(pc.is_in(new_keys, value_set=hits)))
                placed = pa.concat_arrays([placed, hits])
        rest = new.filter(pc.invert(pc.is_in(new_keys, value_set=placed))) if len(placed) else new
        if rest.num_rows == 0:
            return replaced
        if not files:
            self._replace_file(posixpath.join(pdir, f"{PART_PREFIX}0{PART_SUFFIX}"), ds.file_schema, [rest])
            return replaced
        last = files[-1]
        if self.fs.get_file_info(last).size < (ds.seal_bytes or SEAL_BYTES):  # open: the rest joins it
            return replaced + self._rewrite(ds, last, last_hits, rest)
        if len(last_hits):  # sealed, but holds older versions of some rows: replace them there
            rest_keys = _key_array(rest, ds.key)
            replaced += self._rewrite(ds, last, last_hits, rest.filter(pc.is_in(rest_keys, value_set=last_hits)))
            rest = rest.filter(pc.invert(pc.is_in(rest_keys, value_set=last_hits)))
        if rest.num_rows:
            n = _part_number(posixpath.basename(last)) + 1
            self._replace_file(posixpath.join(pdir, f"{PART_PREFIX}{n}{PART_SUFFIX}"), ds.file_schema, [rest])
        return replaced

    def _partition_files(self, pdir: str) -> list[str]:
        """The part files of one partition directory, oldest first (no dataset-wide listing)."""
        infos = self.fs.get_file_info(pafs.FileSelector(pdir, recursive=False, allow_not_found=True))
        parts = [(n, i.path) for i in infos if i.type == pafs.FileType.File
                 and (n := _part_number(i.base_name)) is not None]
        return [p for _, p in sorted(parts)]

    def _rewrite(self, ds: Dataset, path: str, drop: pa.Array, add: pa.Table) -> int:
        """Stream ``path`` into its replacement without the rows keyed ``drop``, plus ``add``."""
        pf = self._open(path)
        dropped = 0

        def stream() -> Iterator[pa.Table]:
            nonlocal dropped
            for b in pf.iter_batches(batch_size=READ_BATCH_ROWS):
                t = pa.Table.from_batches([b]).cast(ds.file_schema)
                if len(drop):
                    hit = pc.is_in(_key_array(t, ds.key), value_set=drop)
                    n = pc.sum(hit.cast(pa.int64())).as_py() or 0
                    if n:
                        dropped += n
                        t = t.filter(pc.invert(hit))
                if t.num_rows:
                    yield t
            if add.num_rows:
                yield add

        self._replace_file(path, ds.file_schema, stream())
        return dropped

    def delete(self, name: str, column: str, values: list, where: dict[str, Iterable] | None = None) -> int:
        """Remove the rows whose ``column`` is in ``values``; atomic per partition file.

        ``where`` limits the files looked at to those partitions.
        """
        ds = DATASETS[name]
        if not values:
            return 0
        if column in ds.partition_by:
            raise SchemaError(f"{name}: cannot delete by partition column {column!r}")
        self.check_version(name)
        value_set = pa.array(values, ds.schema.field(column).type)
        removed = 0
        with self._lock(name):
            for f in self.files(name, where):
                removed += self._filter_file(ds, f, lambda b: pc.is_in(b.column(column), value_set=value_set))
        return removed

    def _filter_file(self, ds: Dataset, path: str, hit_fn) -> int:
        """Rewrite ``path`` without the rows ``hit_fn`` marks; untouched when none are."""
        pf = self._open(path)
        if pf is None:
            return 0
        hits = 0
        for b in pf.iter_batches(batch_size=READ_BATCH_ROWS):
            hits += pc.sum(hit_fn(pa.Table.from_batches([b])).cast(pa.int64())).as_py() or 0
        if not hits:
            return 0

        def stream() -> Iterator[pa.Table]:
            for b in pf.iter_batches(batch_size=READ_BATCH_ROWS):
                t = pa.Table.from_batches([b]).cast(ds.file_schema)
                t = t.filter(pc.invert(hit_fn(t)))
                if t.num_rows:
                    yield t

        self._replace_file(path, ds.file_schema, stream())
        return hits

    def _open(self, path: str) -> pq.ParquetFile | None:
        if self.fs.get_file_info(path).type != pafs.FileType.File:
            return None
        return pq.ParquetFile(self.fs.open_input_file(path))

    def _replace_file(self, target: str, schema: pa.Schema, tables: Iterable[pa.Table]) -> None:
        """Stream ``tables`` into a hidden temporary file, then rename it over ``target``."""
        parent = posixpath.dirname(target)
        tmp = posixpath.join(parent, f".{posixpath.basename(target)}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        self.fs.create_dir(parent, recursive=True)
        if self.local:
            # The dataset lock is held: a temporary file here is a killed writer's leftover.
            for stale in Path(parent).glob(f".{PART_PREFIX}*.tmp-*"):
                stale.unlink(missing_ok=True)
        buf: list[pa.Table] = []
        rows = nbytes = 0
        sink = self.fs.open_output_stream(tmp)
        try:
            with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
                for t in tables:
                    buf.append(t)
                    rows += t.num_rows
                    nbytes += t.nbytes
                    if rows >= ROW_GROUP_ROWS or nbytes >= ROW_GROUP_BYTES:
                        writer.write_table(pa.concat_tables(buf), row_group_size=ROW_GROUP_ROWS)
                        buf, rows, nbytes = [], 0, 0
                if buf:
                    writer.write_table(pa.concat_tables(buf), row_group_size=ROW_GROUP_ROWS)
        finally:
            sink.close()
        if self.local:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
            dfd = os.open(parent, os.O_RDONLY)
            try:
                os.fsync(dfd)  # the rename itself survives a power cut
            finally:
                os.close(dfd)
        else:
            self.fs.move(tmp, target)

    # -- reading -------------------------------------------------------------------
    def read_arrow(self, name: str, columns: list[str] | None = None,
                   filter: pc.Expression | None = None,
                   where: dict[str, Iterable] | None = None) -> pa.Table:
        """A dataset as one table with the declared types (only ``columns`` if given).

        ``where`` reads only the partitions whose values it lists; ``filter`` applies to rows.
        """
        if name not in DATASETS:
            raise SchemaError(f"unknown dataset {name!r} (datasets: {', '.join(DATASETS)})")
        ds = DATASETS[name]
        self.check_version(name)
        want = columns or ds.schema.names
        for c in want:
            if c not in ds.schema.names:
                raise SchemaError(f"{name}: unknown column {c!r}")
        file_cols = [c for c in want if c not in ds.partition_by]
        out_schema = pa.schema([ds.schema.field(c) for c in want])
        tables = []
        for f in self.files(name, where):
            t = pq.read_table(f, columns=file_cols, schema=ds.file_schema, filesystem=self.fs)
            values = _partition_values(ds, posixpath.relpath(posixpath.dirname(f), self.path(name)))
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

    def partition_values(self, name: str, column: str) -> list:
        """The values a partition column takes, from the directory names alone."""
        ds = DATASETS[name]
        out = set()
        for f in self.files(name):
            out.add(_partition_values(ds, posixpath.relpath(posixpath.dirname(f), self.path(name)))[column])
        return sorted(out)

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per dataset."""
        con = duckdb.connect()
        if self._fsspec is not None:
            con.register_filesystem(self._fsspec)
        for name in DATASETS:
            self.check_version(name)
            con.execute(self.view_sql(name))
        return con

    def view_sql(self, name: str) -> str:
        ds = DATASETS[name]
        if not self.files(name):
            cols = ", ".join(f'CAST(NULL AS {_duck_type(f.type)}) AS "{f.name}"' for f in ds.schema)
            return f"CREATE OR REPLACE VIEW {name} AS SELECT {cols} WHERE false"
        glob = f"{self.url(name)}/**/{PART_PREFIX}*{PART_SUFFIX}".replace("'", "''")
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
        self.check_version(name)
        files = self.files(name)
        if not files:
            return pl.LazyFrame(schema=pl.from_arrow(ds.schema.empty_table()).schema)
        if not self.local:
            return pl.from_arrow(self.read_arrow(name)).lazy()  # type: ignore[union-attr]
        return pl.scan_parquet(
            files, hive_partitioning=bool(ds.partition_by),
            hive_schema=pl.from_arrow(ds.partition_schema.empty_table()).schema if ds.partition_by else None,
        ).select(ds.schema.names)

    def verify(self, name: str) -> list[str]:
        """Problems in a dataset's files: foreign schema versions, duplicate keys."""
        ds = DATASETS[name]
        problems = []
        seen: dict[str, str] = {}
        for f in self.files(name):
            meta = pq.read_schema(f, filesystem=self.fs).metadata or {}
            v = int(meta.get(b"pantau.schema_version", b"0"))
            if v != ds.version:
                problems.append(f"{f}: schema version {v}, expected {ds.version}")
            t = pq.read_table(f, columns=[k for k in ds.key if k not in ds.partition_by], filesystem=self.fs)
            for k in _key_array(t, tuple(c for c in ds.key if c not in ds.partition_by)).to_pylist():
                if k in seen:
                    problems.append(f"{name}: key {k!r} in {seen[k]} and {f}")
                seen[k] = f
        return problems

    # -- queries the flows and the CLI share ----------------------------------------
    def stored_urls(self, source_id: str) -> list[str]:
        """URLs of this source already fetched successfully (not fetched again)."""
        return sorted({r["url"] for r in self.stored_fetches(source_id)})

    def stored_fetches(self, source_id: str) -> list[dict]:
        """The newest successful fetch of each URL of a source (by ``url`` and by
        ``final_url``): {url, fetched_at, headers}, for incremental crawling."""
        t = self.read_arrow("pages", ["url", "final_url", "status", "source_id", "fetched_at", "headers"],
                            filter=(pc.field("source_id") == source_id) & (pc.field("status") == 200))
        newest: dict[str, dict] = {}
        for r in t.to_pylist():
            for u in {r["url"], r["final_url"]}:
                if u not in newest or newest[u]["fetched_at"] < r["fetched_at"]:
                    newest[u] = {"url": u, "fetched_at": r["fetched_at"], "headers": r["headers"]}
        return [newest[u] for u in sorted(newest)]

    def last_fetch(self, source_id: str):
        """When this source last gave a page successfully (None: never)."""
        t = self.read_arrow("pages", ["source_id", "status", "fetched_at"],
                            filter=(pc.field("source_id") == source_id) & (pc.field("status") == 200))
        return pc.max(t.column("fetched_at")).as_py() if t.num_rows else None

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
                       (SELECT count(*) FROM assessments s WHERE s.source_id = a.source_id) AS facts,
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
        return sum(pq.ParquetFile(self.fs.open_input_file(f)).metadata.num_rows for f in self.files(name))


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
    if pa.types.is_date32(t):
        return "DATE"
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


def _part_number(base_name: str) -> int | None:
    if not (base_name.startswith(PART_PREFIX) and base_name.endswith(PART_SUFFIX)):
        return None
    n = base_name[len(PART_PREFIX):-len(PART_SUFFIX)]
    return int(n) if n.isdigit() else None


def _partition_strings(rel: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if rel == ".":
        return out
    for piece in rel.split("/"):
        col, _, raw = piece.partition("=")
        out[col] = unquote(raw)
    return out


def _partition_values(ds: Dataset, rel: str) -> dict:
    out: dict = {}
    for col, val in _partition_strings(rel).items():
        typ = ds.schema.field(col).type
        if pa.types.is_integer(typ):
            out[col] = int(val)
        elif pa.types.is_date32(typ):
            out[col] = date.fromisoformat(val)
        else:
            out[col] = val
    return out
