"""Render ``docs/data-dictionary.md`` from the dataset declarations.

    python -m warehouse.dictionary > docs/data-dictionary.md

The one-liners that open each dataset with DuckDB, Polars, pyarrow and pandas are
generated here too (with the partition columns' types spelled out, since each library
guesses them differently), and the reader test runs exactly these strings.
"""

from __future__ import annotations

from warehouse.schemas import DATASETS, Dataset
from warehouse.store import SEAL_BYTES


def _mib(n: int) -> str:
    return f"{n / 2**20:g} MiB"

_POLARS_TYPES = {"string": "pl.String", "int32": "pl.Int32", "int64": "pl.Int64", "date32[day]": "pl.Date"}
_ARROW_TYPES = {"string": "pa.string()", "int32": "pa.int32()", "int64": "pa.int64()", "date32[day]": "pa.date32()"}
_DUCK_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "date32[day]": "DATE"}


def _glob(ds: Dataset, root: str) -> str:
    return f"{root}/{ds.name}/" + ("**/" if ds.partition_by else "") + "*.parquet"


def duckdb_snippet(ds: Dataset, root: str = "data") -> str:
    if not ds.partition_by:
        return f"duckdb.sql(\"SELECT * FROM read_parquet('{_glob(ds, root)}')\")"
    types = ", ".join(f"'{c}': '{_DUCK_TYPES[str(ds.schema.field(c).type)]}'" for c in ds.partition_by)
    return (f"duckdb.sql(\"SELECT * FROM read_parquet('{_glob(ds, root)}', "
            f"hive_partitioning = true, hive_types = {{{types}}})\")")


def polars_snippet(ds: Dataset, root: str = "data") -> str:
    if not ds.partition_by:
        return f"pl.scan_parquet(\"{_glob(ds, root)}\")"
    types = ", ".join(f"\"{c}\": {_POLARS_TYPES[str(ds.schema.field(c).type)]}" for c in ds.partition_by)
    return f"pl.scan_parquet(\"{_glob(ds, root)}\", hive_partitioning=True, hive_schema={{{types}}})"


def _arrow_partitioning(ds: Dataset) -> str:
    fields = ", ".join(f"(\"{c}\", {_ARROW_TYPES[str(ds.schema.field(c).type)]})" for c in ds.partition_by)
    return f"pads.partitioning(pa.schema([{fields}]), flavor=\"hive\")"


def pyarrow_snippet(ds: Dataset, root: str = "data") -> str:
    part = f", partitioning={_arrow_partitioning(ds)}" if ds.partition_by else ""
    return f"pads.dataset(\"{root}/{ds.name}\", format=\"parquet\"{part}).to_table()"


def pandas_snippet(ds: Dataset, root: str = "data") -> str:
    part = f", partitioning={_arrow_partitioning(ds)}" if ds.partition_by else ""
    return f"pd.read_parquet(\"{root}/{ds.name}\"{part})"


IMPORTS = ("import duckdb, polars as pl, pandas as pd, pyarrow as pa, pyarrow.dataset as pads")



def render() -> str:
    out = ["# Data dictionary", "",
           "Generated from the declarations in `warehouse/schemas.py` by "
           "`python -m warehouse.dictionary` (`make data-dictionary`). Do not edit by hand: "
           "a test fails when this file and the declarations differ.", "",
           "Partition columns live in the directory names only (`year=2024/`), so each "
           "reader must be told their types; the lines below do that and give every reader "
           "the same column types (a test runs them). The root here is `data`; use yours. "
           "Partition columns come last in these readers' column order.", "",
           "A partition directory holds one or more `part-<n>.parquet` files (new rows go to "
           "the newest until it passes a size limit); files whose names start with `.` or `_` "
           "(a writer's temporary file, `_schema.json`) are not data. A write never puts a key "
           "in a second file. See `docs/warehouse.md` for how writes stay atomic.", "",
           "```python", IMPORTS, "```", ""]
    for ds in DATASETS.values():
        out += [f"## `{ds.name}` (schema version {ds.version})", "", ds.doc, "",
                f"- Key: {', '.join(f'`{k}`' for k in ds.key)}",
                f"- Partitioned by: {', '.join(f'`{p}`' for p in ds.partition_by) or 'not partitioned'}",
                f"- Files: `data/{ds.name}/"
                + "".join(f"{p}=<value>/" for p in ds.partition_by) + "part-<n>.parquet` "
                f"(a file is sealed at {_mib(ds.seal_bytes or SEAL_BYTES)})", "",
                "```python",
                f"{duckdb_snippet(ds)}  # DuckDB",
                f"{polars_snippet(ds)}  # Polars (lazy)",
                f"{pyarrow_snippet(ds)}  # pyarrow",
                f"{pandas_snippet(ds)}  # pandas",
                "```", "",
                "| column | type | nullable | meaning |", "|---|---|---|---|"]
        for c in ds.columns:
            out.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {c.doc} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(render(), end="")
