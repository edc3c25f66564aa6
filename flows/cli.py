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
DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "spiders" / "sources.yaml"


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
            msg = str(exc).splitlines()[0]
            if isinstance(exc, duckdb.CatalogException):
                from warehouse import DATASETS

                msg += f" (datasets: {', '.join(DATASETS)})"
            err.print(f"[red]error:[/red] query failed: {msg}", highlight=False, soft_wrap=True)
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
                 scrapy_settings: dict | None, verbose: bool, since: str | None = None) -> dict:
    settings.prepare_prefect(data, verbose)
    from flows.harvest import nightly_harvest

    with console.status("Harvesting (Prefect flow: crawl -> pages -> extract -> NLP -> Parquet) ..."):
        return nightly_harvest(registry=registry, data=str(data), sources=sources, proxy=proxy,
                               scrapy_settings=scrapy_settings, since=since)


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
    local = settings.local_dir(root)
    local.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with SampleWeb() as web:
        registry = local / ".demo" / "sources.yaml"
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
def harvest(registry: RegistryOpt = DEFAULT_REGISTRY,
            source: Annotated[list[str] | None, typer.Option("--source", help="Only these source ids.")] = None,
            since: Annotated[str | None, typer.Option(help="Crawl window start, YYYY-MM-DD [default: 2 days "
                                                           "before each source's last successful fetch].")] = None,
            data: DataOpt = None,
            verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Run the nightly harvest against the sources of a registry (the real sources by default).

    Example: pantau harvest --source ombudsman --source antara-bali --data ./data
    """
    from spiders.news import parse_date
    from spiders.registry import load

    if since is not None and parse_date(since) is None:
        raise UserError(f"--since: not a date (YYYY-MM-DD): {since!r}")
    known = {s.id for s in load(registry)}
    for s in source or []:
        if s not in known:
            raise UserError(f"{registry}: no source '{s}'")
    root = settings.data_dir(data)
    t0 = time.monotonic()
    result = _run_harvest(root, str(registry), source, None, None, verbose, since)
    _print_summary(root, result)
    console.print(f"Run {result['run_id']} {result['status']} in {time.monotonic() - t0:.1f} s")
    if result["status"] != "completed":
        raise typer.Exit(1)


@app.command()
@one_line_errors
def parse(paths: Annotated[list[Path], typer.Argument(help="HTML or plain-text files (text: first line is the title).")],
          published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD, when the file has none.")] = None,
          url: Annotated[str | None, typer.Option(help="The page's URL (used for HTML dates and ids).")] = None,
          fmt: Annotated[str, typer.Option("--format", help="jsonl (one JSON object per input).")] = "jsonl",
          explain: Annotated[bool, typer.Option("--explain", help="Print, per sentence, the facts made and the "
                                                "candidates dropped with their reason, instead of JSON.")] = False,
          ) -> None:
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
            out = parse_document(raw, path=str(f), url=url, published=pub, is_html=is_html, explain=explain)
        except NotAnArticle as exc:
            raise UserError(str(exc)) from None
        if explain:
            sys.stdout.write(_explained(out))
        else:
            sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str) + "\n")


def _explained(out: dict) -> str:
    """``parse --explain``: one block per sentence that made or dropped something."""
    lines = [f"== {out['path']}  (published: {out['published'] or 'not given'}, "
             f"{len(out['assessments'])} facts)"]
    for s in out["explain"]:
        text = s["text"].replace("\n", " ")
        lines.append(f"[{s['sentence']}] {text[:160]}{'...' if len(text) > 160 else ''}")
        for f in s["facts"]:
            who = f["region"] if f["institution"] and f["institution"].startswith("Pemerintah") else f["institution"]
            lines.append(f"  + {who} | {f['instrument']} {f['year']} (year: {f['year_source']}) | "
                         f"score {f['score']} | grade {f['grade']} | zone {f['zone']} | {f['category']}")
        for d in s["dropped"]:
            lines.append(f"  - {d['candidate']}: {d['reason']} ({d['why']})")
    return "\n".join(lines) + "\n"


FORMATS = ("table", "csv", "json", "parquet")
FormatOpt = Annotated[str, typer.Option("--format", help="table | csv | json (one object per line) | parquet.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write to this file instead of stdout.")]


def _open_warehouse(data: str | None):
    """The warehouse ``--data`` names; it must exist (reading never creates one)."""
    from warehouse import Warehouse

    root = settings.data_dir(data)
    wh = Warehouse(root)
    if not wh.exists():
        raise UserError(f"--data: no warehouse at {root} (run `pantau demo` or `pantau harvest` first)")
    return wh


def _read_only(sql: str) -> None:
    """One SELECT (or EXPLAIN) statement; anything that could write or attach is refused."""
    import re

    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise UserError(f"query: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise UserError(f"query: exactly one statement is allowed, got {len(statements)}")
    kind = statements[0].type
    if kind == duckdb.StatementType.EXPLAIN:
        # EXPLAIN ANALYZE runs what it explains: only a plain EXPLAIN of a SELECT is read-only
        inner = re.sub(r"^\s*explain\s+", "", statements[0].query, flags=re.I)
        analyze = re.match(r"^\s*analy[sz]e\b", inner, flags=re.I) is not None
        if analyze or not inner.strip() or duckdb.extract_statements(inner)[0].type != duckdb.StatementType.SELECT:
            raise UserError("query: read-only: only EXPLAIN of a SELECT is allowed (EXPLAIN ANALYZE runs the statement)")
        return
    if kind != duckdb.StatementType.SELECT:
        raise UserError(f"query: read-only: {kind.name} statements are refused (only SELECT, WITH, "
                        "DESCRIBE, SUMMARIZE, EXPLAIN)")


def _emit(table, fmt: str, out: Path | None, title: str | None = None) -> None:
    """Print or save an Arrow table as a rich table, CSV, JSON lines or Parquet."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if fmt not in FORMATS:
        raise UserError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "table" and out is not None:
        raise UserError("--out: choose --format csv, json or parquet to write a file")
    if out is not None and not out.parent.exists():
        raise UserError(f"--out: directory {out.parent} does not exist")
    if fmt == "table":
        t = Table(title=title)
        for c in table.column_names:
            t.add_column(c)
        for r in table.to_pylist():
            t.add_row(*("" if v is None else _cell(v) for v in r.values()))
        console.print(t)
        return
    # Written to a temporary name and renamed, so a failed export leaves no half file.
    target = out.with_name(f".{out.name}.tmp") if out else None
    if fmt == "parquet":
        if target is None and sys.stdout.isatty():
            raise UserError("--format parquet: give --out FILE or redirect stdout")
        pq.write_table(table, str(target) if target else sys.stdout.buffer, compression="zstd")
    elif fmt == "csv":
        flat = table
        for i, f in enumerate(table.schema):  # CSV has no lists: join them with '|'
            if str(f.type).startswith("list"):
                import pyarrow.compute as pc

                flat = flat.set_column(i, f.name, pc.binary_join(table.column(i).cast(pa.list_(pa.string())), "|"))
        if target:
            pacsv.write_csv(flat, str(target))
        else:
            pacsv.write_csv(flat, sys.stdout.buffer)
    else:
        fh = target.open("w", encoding="utf-8") if target else sys.stdout
        for r in table.to_pylist():
            fh.write(json.dumps(r, default=str, ensure_ascii=False) + "\n")
        if target:
            fh.close()
    if target:
        target.replace(out)
        err.print(f"wrote {table.num_rows} rows to {out}", highlight=False)


def _cell(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


@app.command()
@one_line_errors
def query(sql: Annotated[str, typer.Argument(help="One read-only DuckDB statement over the dataset views.")],
          data: DataOpt = None, fmt: FormatOpt = "table", out: OutOpt = None) -> None:
    """Run read-only SQL over the datasets (views: pages, articles, mentions, assessments,
    discards, runs, regions).

    Example: pantau query "SELECT region, year, score, zone FROM assessments ORDER BY year"

    Example: pantau query "SELECT * FROM assessments" --format parquet --out facts.parquet
    """
    _read_only(sql)
    if fmt not in FORMATS:
        raise UserError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    wh = _open_warehouse(data)
    with wh.duckdb() as con:
        table = con.sql(sql).to_arrow_table()
    _emit(table, fmt, out)


@app.command()
@one_line_errors
def trends(region: Annotated[str | None, typer.Option(help="Name, prefixed name or code: Badung, 'Kab. Badung', 51.03.")] = None,
           province: Annotated[str | None, typer.Option(help="Only regions in this province (name or code).")] = None,
           instrument: Annotated[str | None, typer.Option(help="ombudsman_kepatuhan, ombudsman_opini, ombudsman_maladministrasi, ikm, ipp, sakip, zona_integritas.")] = None,
           data: DataOpt = None, fmt: FormatOpt = "table", out: OutOpt = None) -> None:
    """One row per region, instrument and year: score, grade, zone (stated and derived),
    how many sources report it, and conflicts (different scores reported).

    Facts about an institution with no region (a ministry) are not in trends: use query.

    Example: pantau trends --region "Kab. Manggarai Barat" --instrument ombudsman_kepatuhan
    """
    from warehouse.trends import INSTRUMENTS, trends_table

    from nlp.regions import resolve

    codes: list[str] | None = None
    if region:
        found = resolve(region)
        if not found:
            raise UserError(f"--region: no region {region!r} in the gazetteer (try a code like 51.03)")
        if len(found) > 1:
            names = ", ".join(f"{r.canonical} ({r.code})" for r in found)
            raise UserError(f"--region: {region!r} names {len(found)} regions: {names}; say which")
        codes = [found[0].code]
    prov_code = None
    if province:
        provs = [r for r in resolve(province) if r.type == "provinsi"]
        if not provs:
            raise UserError(f"--province: no province {province!r} in the gazetteer")
        prov_code = provs[0].code
    if instrument and instrument not in INSTRUMENTS:
        raise UserError(f"--instrument: expected one of {', '.join(INSTRUMENTS)}, got {instrument!r}")
    if fmt not in FORMATS:
        raise UserError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    wh = _open_warehouse(data)
    table = trends_table(wh, region_codes=codes, province_code=prov_code, instrument=instrument)
    if table.num_rows == 0:
        err.print("no assessments match", highlight=False)
    if fmt == "table":  # a terminal-wide view; csv/json/parquet carry every column
        import pyarrow as pa

        rows = table.to_pylist()
        table = pa.Table.from_pylist([{
            "region": r["region"], "code": r["region_code"], "instrument": r["instrument"], "year": r["year"],
            "score": r["score"], "change": r["change"], "grade": r["grade"], "zone": r["zone"],
            "derived": r["zone_derived"], "sources": r["sources"],
            "conflict": " / ".join(f"{x:g}" for x in r["scores"]) if r["conflict"] else "",
        } for r in rows]) if rows else table
    _emit(table, fmt, out, title="Trends" if fmt == "table" else None)


RunnerOpt = Annotated[str, typer.Option("--runner", help="Where tasks run: thread (this process) or dask.")]
DaskOpt = Annotated[str | None, typer.Option("--dask-address", help="Scheduler of an existing Dask cluster, "
                                                                  "tcp://host:8786 (default: a local cluster).")]


def _runner_checked(runner: str, dask_address: str | None, data: str | None = None) -> None:
    from flows.runners import RUNNERS

    if runner not in RUNNERS:
        raise UserError(f"--runner: expected one of {', '.join(RUNNERS)}, got {runner!r}")
    if dask_address and runner != "dask":
        raise UserError("--dask-address: only with --runner dask")
    if dask_address and not dask_address.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise UserError(f"--dask-address: expected tcp://host:port, got {dask_address!r}")
    if runner == "dask" and settings.is_url(settings.data_dir(data)):
        raise UserError("--runner dask: a warehouse in object storage takes one writing process "
                        "(there is no lock there); use --runner thread")


def _print_counts(title: str, rows: dict[str, dict], columns: list[str], first: str) -> None:
    t = Table(title=title)
    t.add_column(first)
    for c in columns:
        t.add_column(c, justify="right")
    for key, c in sorted(rows.items()):
        t.add_row(key, *(str(c.get(col, 0)) for col in columns))
    console.print(t)


@app.command()
@one_line_errors
def reprocess(since: Annotated[str | None, typer.Option(help="Only articles of this month (YYYY-MM) and later.")] = None,
              registry: RegistryOpt = DEFAULT_REGISTRY, data: DataOpt = None,
              runner: RunnerOpt = "thread", dask_address: DaskOpt = None,
              verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Redo extraction and NLP for the stored articles made by other code versions (no network).

    After a rule change (a new NLP or extractor version) this is how old articles get the
    new rules; articles already current are not touched.

    Example: pantau reprocess --since 2024-01 --runner dask --dask-address tcp://10.0.0.5:8786
    """
    import re

    if since is not None and not re.match(r"^\d{4}-\d{2}(-\d{2})?$", since):
        raise UserError(f"--since: expected YYYY-MM or YYYY-MM-DD, got {since!r}")
    _runner_checked(runner, dask_address, data)
    wh = _open_warehouse(data)
    settings.prepare_prefect(wh.root, verbose)
    from flows.maintenance import reprocess as flow
    from flows.runners import with_runner

    t0 = time.monotonic()
    with console.status(f"Reprocessing (Prefect flow, {runner} runner) ..."):
        result = with_runner(flow, runner, dask_address)(data=str(wh.root), registry=str(registry), since=since)
    _print_counts("Articles redone per month", result["months"],
                  ["articles", "reextracted", "discards", "facts", "mentions"], "month")
    console.print(f"Run {result['run_id']} {result['status']} in {time.monotonic() - t0:.1f} s: "
                  f"{result['totals'].get('articles', 0)} articles redone")
    for e in result["errors"]:
        err.print(f"[red]failed:[/red] {e}", highlight=False)
    if result["status"] != "completed":
        raise typer.Exit(1)


@app.command()
@one_line_errors
def backfill(files: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz), e.g. CC-NEWS.")],
             registry: RegistryOpt = DEFAULT_REGISTRY, data: DataOpt = None,
             process: Annotated[bool, typer.Option(help="Extract and analyse the imported pages.")] = True,
             runner: RunnerOpt = "thread", dask_address: DaskOpt = None,
             verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Import WARC response records of the registry's article URLs into pages, then process them.

    Only URLs on a source's allowed domains whose path matches its article pattern are
    kept; the record's WARC-Date is the fetch time, so importing a file twice stores
    nothing twice. Every file is checked before anything is written.

    Example: pantau backfill CC-NEWS-20240601-00001.warc.gz --data ./data
    """
    from spiders.registry import load
    from spiders.warc import WarcError, check_warc

    load(registry)
    try:
        for f in files:
            check_warc(f)
    except WarcError as exc:
        raise UserError(str(exc)) from None
    _runner_checked(runner, dask_address, data)
    root = settings.data_dir(data)
    settings.prepare_prefect(root, verbose)
    from flows.maintenance import backfill as flow
    from flows.runners import with_runner

    t0 = time.monotonic()
    with console.status(f"Backfilling {len(files)} WARC file(s) (Prefect flow, {runner} runner) ..."):
        result = with_runner(flow, runner, dask_address)(
            warc_paths=[str(f.resolve()) for f in files], data=str(root), registry=str(registry), process=process)
    _print_counts("WARC files", result["imported"], ["pages", "responses", "skipped_other_domain",
                                                    "skipped_not_article", "skipped_not_html"], "file")
    if process:
        _print_counts("Processed per source", result["process"], ["pages", "articles", "duplicates", "facts",
                                                                  "discards"], "source")
    console.print(f"Run {result['run_id']} {result['status']} in {time.monotonic() - t0:.1f} s")
    for e in result["errors"]:
        err.print(f"[red]failed:[/red] {e}", highlight=False)
    if result["status"] != "completed":
        raise typer.Exit(1)


@app.command("export-warc")
@one_line_errors
def export_warc_cmd(out: Annotated[Path, typer.Option("--out", help="WARC file to write (.warc.gz compresses).")],
                    source: Annotated[list[str] | None, typer.Option("--source", help="Only these source ids.")] = None,
                    since: Annotated[str | None, typer.Option(help="Only pages fetched on or after YYYY-MM-DD.")] = None,
                    data: DataOpt = None) -> None:
    """Write stored pages (with their responses) to a WARC file for archiving.

    Example: pantau export-warc --out pages-2026-11.warc.gz --since 2026-11-01
    """
    from datetime import date

    import pyarrow.compute as pc

    from spiders.warc import export_warc

    wh = _open_warehouse(data)
    if not out.parent.exists():
        raise UserError(f"--out: directory {out.parent} does not exist")
    where = None
    if since:
        try:
            start = date.fromisoformat(since)
        except ValueError:
            raise UserError(f"--since: not a date (YYYY-MM-DD): {since!r}") from None
        where = {"fetch_date": [d for d in wh.partition_values("pages", "fetch_date") if d >= start]}
    filt = pc.field("source_id").isin(source) if source else None
    days = where["fetch_date"] if where else wh.partition_values("pages", "fetch_date")

    def rows():  # one day's partition at a time: memory holds one day of pages
        for day in days:
            yield from wh.read_arrow("pages", filter=filt, where={"fetch_date": [day]}).to_pylist()

    tmp = out.with_name(f".{out.name}.tmp")  # a failed export leaves no half file behind
    try:
        counts = export_warc(rows(), tmp, gzip=out.name.endswith(".gz"))
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    skipped = counts["skipped_no_response"]
    console.print(f"wrote {counts['records']} response records to {out}"
                  + (f" ({skipped} failed fetches have no response to archive)" if skipped else ""))


@sources_app.command("list")
@one_line_errors
def sources_list(registry: RegistryOpt = DEFAULT_REGISTRY) -> None:
    """List the sources of a registry.

    Example: pantau sources list --registry spiders/sources.yaml
    """
    from spiders.registry import load

    t = Table()
    for col in ("id", "name", "base URL", "cms", "discovery", "province", "relevance", "verified"):
        t.add_column(col)
    sources = load(registry)
    for s in sources:
        t.add_row(s.id, s.name, s.base_url, s.cms or "-", ", ".join(d.type for d in s.discovery),
                  s.province_code or "national", f"{len(s.relevance)} keywords" if s.relevance else "all",
                  "yes" if s.verified else "no")
    console.print(t)
    unverified = sum(1 for s in sources if not s.verified)
    if unverified:
        console.print(f"{unverified} of {len(sources)} sources not checked against the live site (see notes in {registry})")


@sources_app.command("check")
@one_line_errors
def sources_check(registry: RegistryOpt = DEFAULT_REGISTRY) -> None:
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
