"""Synthetic rows for any dataset, from its declaration alone (tests and benchmarks)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pyarrow as pa

from warehouse import DATASETS

T0 = datetime(2024, 5, 31, 18, 0, tzinfo=timezone.utc)

PARTITION_VALUES = {
    "fetch_date": lambda i: date(2024, 5, 30 + i % 2),
    "month": lambda i: f"2024-0{5 + i % 2}",
    "source_id": lambda i: f"src-{i % 2}",
    "year": lambda i: 2020 + i % 2,
}


def synthetic_rows(name: str, n: int = 4) -> list[dict]:
    """Rows of any dataset, every column filled, from its declaration alone."""
    ds = DATASETS[name]
    rows = []
    for i in range(n):
        row = {}
        for c in ds.columns:
            t = c.type
            if c.name in PARTITION_VALUES:
                row[c.name] = PARTITION_VALUES[c.name](i)
            elif pa.types.is_string(t):
                row[c.name] = f"{c.name}-{i}"
            elif pa.types.is_integer(t):
                row[c.name] = 10 + i
            elif pa.types.is_floating(t):
                row[c.name] = 0.5 + i
            elif pa.types.is_binary(t):
                row[c.name] = bytes([i]) * 8
            elif pa.types.is_timestamp(t):
                row[c.name] = T0 + timedelta(hours=i)
            elif pa.types.is_date32(t):
                row[c.name] = date(2024, 5, 1 + i)
            elif pa.types.is_list(t):
                row[c.name] = [f"flag-{i}"]
            else:
                raise AssertionError(f"no synthetic value for {c.name}: {t}")
        rows.append(row)
    return rows
