"""Render ``docs/data-dictionary.md`` from the dataset declarations.

    python -m warehouse.dictionary > docs/data-dictionary.md
"""

from __future__ import annotations

from warehouse.schemas import DATASETS


def render() -> str:
    out = ["# Data dictionary", "",
           "Generated from the declarations in `warehouse/schemas.py` by "
           "`python -m warehouse.dictionary` (`make data-dictionary`). Do not edit by hand: "
           "a test fails when this file and the declarations differ.", ""]
    for ds in DATASETS.values():
        out += [f"## `{ds.name}` (schema version {ds.version})", "", ds.doc, "",
                f"- Key: {', '.join(f'`{k}`' for k in ds.key)}",
                f"- Partitioned by: {', '.join(f'`{p}`' for p in ds.partition_by) or 'not partitioned'}",
                f"- Files: `<data>/{ds.name}/"
                + "".join(f"{p}=<value>/" for p in ds.partition_by) + "part-0.parquet`", "",
                "| column | type | nullable | meaning |", "|---|---|---|---|"]
        for c in ds.columns:
            out.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {c.doc} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(render(), end="")
