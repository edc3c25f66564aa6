"""The ``pantau`` command: one verb per job, an example in every help text."""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows import settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False, help=(
    "pantau: nightly harvest of Indonesian public-service news into Parquet datasets "
    "of compliance facts."))
sources_app = typer.Typer(no_args_is_help=True, help="Inspect and validate the source registry.")
app.add_typer(sources_app, name="sources")
# Piped output (CI logs, files) gets a wide table instead of Rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DataOpt = Annotated[str | None, typer.Option("--data", help="Warehouse directory [env PANTAU_DATA; default ./data].")]
RegistryOpt = Annotated[Path, typer.Option("--registry", help="Source registry YAML.")]


class UserError(Exception):
    """An error the user can fix; printed as one line, exit code 2."""


def one_line_errors(fn):
    """Library errors become one line on stderr and exit code 2, no traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        import duckdb

        from spiders.registry import SourceError
        from warehouse import SchemaError

        try:
            return fn(*args, **kwargs)
        except (UserError, SourceError, SchemaError, FileNotFoundError, ValueError) as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except duckdb.Error as exc:
            err.print(f"[red]error:[/red] query failed: {str(exc).splitlines()[0]}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper


def _print_summary(data: Path, result: dict) -> None:
    from warehouse import DATASETS, Warehouse

    wh = Warehouse(data)
    t = Table(title="Articles per source")
    for col in ("source", "pages fetched", "articles", "of which duplicates", "facts", "discards"):
        t.add_column(col, justify="left" if col == "source" else "right")
    for sid, n, dups, facts, discards, pages in wh.source_summary():
        t.add_row(sid, str(pages), str(n), str(dups), str(facts), str(discards))
    console.print(t)
    t = Table(title="Assessments")
    for col in ("region", "code", "year", "instrument", "score", "grade", "zone", "derived", "flags"):
        t.add_column(col, justify="right" if col in ("year", "score") else "left")
    for r in wh.assessment_rows():
        t.add_row(r[0] or "-", r[1] or "-", str(r[2]), r[3], "-" if r[4] is None else f"{r[4]:.2f}",
                  r[5] or "-", r[6] or "-", r[7] or "-", ", ".join(r[8]) or "")
    console.print(t)
    counts = ", ".join(f"{name} {wh.count(name)}" for name in DATASETS)
    console.print(f"Datasets in {data}: {counts}")
    if result.get("errors"):
        for e in result["errors"]:
            err.print(f"[red]source failed:[/red] {e}", highlight=False)


def _run_harvest(data: Path, registry: str, sources: list[str] | None, proxy: str | None,
                 scrapy_settings: dict | None, verbose: bool) -> dict:
    settings.prepare_prefect(data, verbose)
    from flows.harvest import nightly_harvest

    with console.status("Harvesting (Prefect flow: crawl -> pages -> extract -> NLP -> Parquet) ..."):
        return nightly_harvest(registry=registry, data=str(data), sources=sources, proxy=proxy,
                               scrapy_settings=scrapy_settings)


@app.command()
@one_line_errors
def demo(data: DataOpt = None,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False) -> None:
    """Run the whole nightly harvest offline against the bundled sample web.

    Starts the sample web (three sites) on 127.0.0.1, crawls it with Scrapy through the
    Prefect flow and writes the Parquet datasets, then prints what was found.

    Example: pantau demo --data /tmp/pantau-demo
    """
    from flows.sampleweb.server import SampleWeb

    root = settings.data_dir(data)
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with SampleWeb() as web:
        registry = root / ".demo" / "sources.yaml"
        registry.parent.mkdir(parents=True, exist_ok=True)
        registry.write_text(web.sources_yaml(), encoding="utf-8")
        console.print(f"Sample web: {', '.join(web.hosts.values())} (through the loopback proxy {web.proxy})")
        result = _run_harvest(root, str(registry), None, web.proxy, DEMO_SCRAPY_SETTINGS, verbose)
    _print_summary(root, result)
    console.print(f"Run {result['run_id']} {result['status']} in {time.monotonic() - t0:.1f} s")
    if result["status"] != "completed":
        raise typer.Exit(1)


# Loopback needs no politeness delay; the real registry keeps the defaults.
DEMO_SCRAPY_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                        "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


@app.command()
@one_line_errors
def harvest(registry: RegistryOpt = Path("spiders/sources.yaml"),
            source: Annotated[list[str] | None, typer.Option("--source", help="Only these source ids.")] = None,
            data: DataOpt = None,
            verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Run the nightly harvest against the sources of a registry.

    Example: pantau harvest --registry spiders/sources.yaml --source ombudsman --data ./data
    """
    from spiders.registry import load

    known = {s.id for s in load(registry)}
    for s in source or []:
        if s not in known:
            raise UserError(f"{registry}: no source '{s}'")
    root = settings.data_dir(data)
    t0 = time.monotonic()
    result = _run_harvest(root, str(registry), source, None, None, verbose)
    _print_summary(root, result)
    console.print(f"Run {result['run_id']} {result['status']} in {time.monotonic() - t0:.1f} s")
    if result["status"] != "completed":
        raise typer.Exit(1)


@app.command()
@one_line_errors
def parse(paths: Annotated[list[Path], typer.Argument(help="HTML or plain-text files (text: first line is the title).")],
          published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD, when the file has none.")] = None,
          url: Annotated[str | None, typer.Option(help="The page's URL (used for HTML dates and ids).")] = None,
          fmt: Annotated[str, typer.Option("--format", help="jsonl (one JSON object per input).")] = "jsonl") -> None:
    """Print the facts of each file as one JSON object per line; no warehouse, no network.

    Each object: path, title, published, language, assessments, regulations, regions.

    Example: pantau parse article.html notes.txt --published 2024-12-10
    """
    from datetime import datetime, timezone

    from nlp.analyze import NotAnArticle, parse_document

    if fmt != "jsonl":
        raise UserError(f"--format: only jsonl is supported, got {fmt!r}")
    pub = None
    if published:
        try:
            pub = datetime.fromisoformat(published).replace(tzinfo=timezone.utc)
        except ValueError:
            raise UserError(f"--published: not a date (YYYY-MM-DD): {published!r}") from None
    for f in paths:
        if not f.is_file():
            raise UserError(f"{f}: no such file")
        raw = f.read_bytes()
        is_html = f.suffix.lower() in (".html", ".htm") or raw.lstrip()[:1] == b"<"
        try:
            out = parse_document(raw, path=str(f), url=url, published=pub, is_html=is_html)
        except NotAnArticle as exc:
            raise UserError(str(exc)) from None
        sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str) + "\n")


READ_ONLY_FIRST_WORDS = {"select", "with", "from", "describe", "show", "summarize", "explain", "pivot", "unpivot", "values"}


@app.command()
@one_line_errors
def query(sql: Annotated[str, typer.Argument(help="DuckDB SQL over the dataset views.")],
          data: DataOpt = None,
          fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table") -> None:
    """Run read-only SQL over the datasets (views: pages, articles, mentions, assessments, discards, runs).

    Example: pantau query "SELECT region, year, score, zone FROM assessments ORDER BY year"
    """
    from warehouse import Warehouse

    first = sql.strip().split(None, 1)[0].lower() if sql.strip() else ""
    if first not in READ_ONLY_FIRST_WORDS or ";" in sql.strip().rstrip(";"):
        raise UserError("query: only one read-only statement (SELECT, WITH, DESCRIBE, ...) is allowed")
    if fmt not in ("table", "csv", "json"):
        raise UserError(f"--format: expected table, csv or json, got {fmt!r}")
    root = settings.data_dir(data)
    if not root.exists():
        raise UserError(f"--data: no warehouse at {root}")
    con = Warehouse(root).duckdb()
    rel = con.execute(sql)
    cols = [d[0] for d in rel.description]
    rows = rel.fetchall()
    if fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    elif fmt == "json":
        for r in rows:
            sys.stdout.write(json.dumps(dict(zip(cols, r)), default=str, ensure_ascii=False) + "\n")
    else:
        t = Table()
        for c in cols:
            t.add_column(c)
        for r in rows:
            t.add_row(*("" if v is None else str(v) for v in r))
        console.print(t)


@sources_app.command("list")
@one_line_errors
def sources_list(registry: RegistryOpt = Path("spiders/sources.yaml")) -> None:
    """List the sources of a registry.

    Example: pantau sources list --registry spiders/sources.yaml
    """
    from spiders.registry import load

    t = Table()
    for col in ("id", "name", "base URL", "discovery", "province"):
        t.add_column(col)
    for s in load(registry):
        t.add_row(s.id, s.name, s.base_url, ", ".join(d.type for d in s.discovery), s.province_code or "-")
    console.print(t)


@sources_app.command("check")
@one_line_errors
def sources_check(registry: RegistryOpt = Path("spiders/sources.yaml")) -> None:
    """Validate a registry; a bad entry gets a one-line error naming the source and field.

    Example: pantau sources check --registry spiders/sources.yaml
    """
    from spiders.registry import load

    n = len(load(registry))
    console.print(f"{registry}: {n} sources OK")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
