"""Warehouse scaling: appending a night's articles to a small and to a large warehouse,
and the trend query over a million assessments.

    python bench/bench_warehouse.py [--rows 1000000] [--keep DIR]

Synthetic data at a steady 1,000 articles a day from 30 sources (about 1,800 characters
of text and a 512-byte MinHash each, like real ones): the small warehouse holds the last
10,000 articles (10 days), the large one 1,000,000 (about 33 months). Tonight's 1,000
articles are appended to each, five times with new keys, and once more unchanged (an
idempotent re-run). Goal: large/small append time <= 1.3. Each append runs in a child
process so its peak memory is its own.

Then 1,000,000 assessments (one per article of the large warehouse, regions drawn from
the gazetteer) and the ``pantau trends`` query for one region, one province and all
regions. Goal: < 1 s.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse import DATASETS, Warehouse  # noqa: E402
from warehouse.schemas import article_month  # noqa: E402

TONIGHT = datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc)
PER_DAY = 1000
SOURCES = 30
WORDS = np.array(("ombudsman kepatuhan pelayanan publik pemerintah kabupaten kota provinsi nilai "
                  "zona hijau kuning merah tahun penilaian standar opini maladministrasi dinas "
                  "rumah sakit perizinan terpadu satu pintu kepala daerah bupati wali gubernur "
                  "hasil survei indeks kepuasan masyarakat unit layanan sarana prasarana aduan "
                  "informasi persyaratan biaya waktu produk kompetensi pelaksana perilaku").split())


def articles(n: int, newest: datetime, tag: str, seed: int) -> pa.Table:
    """n synthetic articles, the newest published at ``newest``, PER_DAY a day before it."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(WORDS), size=(n, 250))
    texts = [" ".join(row) for row in WORDS[idx]]
    age = np.arange(n) * (86400 / PER_DAY)
    published = [newest - timedelta(seconds=float(a)) for a in age]
    ids = [f"{tag}{i:08d}" for i in range(n)]
    src = [f"source-{i % SOURCES:02d}" for i in range(n)]
    months = [article_month(p, "+07:00", p) for p in published]
    cols = {
        "article_id": ids, "page_id": ids, "source_id": src,
        "url": [f"https://{s}.example/{i}" for s, i in zip(src, ids)],
        "canonical_url": [f"https://{s}.example/{i}" for s, i in zip(src, ids)],
        "title": [t[:80] for t in texts], "text": texts, "published": published,
        "published_tz": ["+07:00"] * n, "published_source": ["meta"] * n, "author": [None] * n,
        "language": ["id"] * n, "content_sha1": ids,
        "text_minhash": [rng.bytes(512) for _ in range(n)], "duplicate_of": [None] * n,
        "fetched_at": published, "month": months, "run_id": ["bench"] * n,
        "extractor_version": ["bench"] * n, "nlp_version": ["bench"] * n,
    }
    return pa.Table.from_pydict(cols, schema=DATASETS["articles"].schema)


def build(root: Path, rows: int, chunk: int = 50_000) -> float:
    t0 = time.perf_counter()
    wh = Warehouse(root)
    newest = TONIGHT - timedelta(hours=2)
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        wh.write("articles", articles(n, newest - timedelta(seconds=start * 86400 / PER_DAY), f"h{start:08d}-", start))
        print(f"\r  building {root.name}: {start + n:,}/{rows:,} articles", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - t0


def _append(root: str, tag: str, seed: int, q: mp.Queue) -> None:
    batch = articles(PER_DAY, TONIGHT, tag, seed)
    t0 = time.perf_counter()
    res = Warehouse(root).write("articles", batch)
    dt = time.perf_counter() - t0
    q.put((dt, res.rows_replaced, peak_rss_mb()))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_append(root: Path, tag: str, seed: int) -> tuple[float, int, float]:
    ctx = mp.get_context("spawn")  # a fresh process: its peak memory is the append's own
    q = ctx.Queue()
    p = ctx.Process(target=_append, args=(str(root), tag, seed, q))
    p.start()
    out = q.get()
    p.join()
    return out


def append_series(root: Path) -> dict:
    new = [timed_append(root, f"n{k}-", 1000 + k) for k in range(5)]
    again = timed_append(root, "n4-", 1004)  # the last batch once more: replaced, not added
    return {"append_s": statistics.median(t for t, _, _ in new), "rss_mb": max(m for _, _, m in new),
            "again_s": again[0], "again_replaced": again[1]}


def trends_bench(root: Path) -> dict:
    from nlp.regions import load
    from warehouse.trends import trends_table

    wh = Warehouse(root)
    arts = wh.read_arrow("articles", ["article_id", "source_id"])
    ids, srcs = arts.column(0), arts.column(1)
    n = len(ids)
    regs = [r for r in load().values()]
    rng = np.random.default_rng(7)
    pick = rng.integers(0, len(regs), n)
    years = rng.integers(2015, 2026, n)
    scores = np.round(rng.uniform(30, 100, n), 2)
    t0 = time.perf_counter()
    base = {c.name: None for c in DATASETS["assessments"].columns}
    for start in range(0, n, 200_000):
        sl = slice(start, min(n, start + 200_000))
        m = sl.stop - sl.start
        cols = dict(base)
        cols.update({
            "assessment_id": [f"f{i:08d}" for i in range(sl.start, sl.stop)],
            "article_id": ids[sl], "source_id": srcs[sl], "institution": [None] * m,
            "region": [regs[i].canonical for i in pick[sl]], "region_code": [regs[i].code for i in pick[sl]],
            "province": [regs[i].province for i in pick[sl]], "assessor": ["Ombudsman RI"] * m,
            "instrument": ["ombudsman_kepatuhan"] * m, "year": years[sl].astype("int32"),
            "year_source": ["sentence"] * m, "score": scores[sl], "grade": [None] * m,
            "zone": [None] * m, "zone_derived": [None] * m, "category": [None] * m,
            "evidence": ["Nilai kepatuhan ..."] * m, "evidence_start": np.zeros(m, "int32"),
            "evidence_end": np.full(m, 20, "int32"), "confidence": np.full(m, 0.9),
            "flags": [[] for _ in range(m)], "run_id": ["bench"] * m, "nlp_version": ["bench"] * m,
        })
        wh.write("assessments", pa.Table.from_pydict(cols, schema=DATASETS["assessments"].schema))
    build_s = time.perf_counter() - t0
    out = {"assessments": wh.count("assessments"), "build_s": build_s}
    for label, kw in (("one region", {"region_codes": ["51.03"]}), ("one province", {"province_code": "53"}),
                      ("all regions", {})):
        best, rows = float("inf"), 0
        for _ in range(3):
            t0 = time.perf_counter()
            rows = trends_table(Warehouse(root), **kw).num_rows  # new connection and views each time
            best = min(best, time.perf_counter() - t0)
        out[label] = (best, rows)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the large warehouse")
    ap.add_argument("--small", type=int, default=10_000, help="rows of the small warehouse")
    ap.add_argument("--keep", type=Path, help="build the warehouses here and keep them")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pantau-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        small, large = work / "small", work / "large"
        for d in (small, large):
            shutil.rmtree(d, ignore_errors=True)
        b_small = build(small, args.small)
        b_large = build(large, args.rows)
        s = append_series(small)
        lg = append_series(large)
        files = len(Warehouse(large).files("articles"))
        print(f"warehouse append ({PER_DAY:,} articles, {SOURCES} sources, median of 5, child process each)")
        print(f"  built: {args.small:,} rows in {b_small:.1f} s, {args.rows:,} rows in {b_large:.1f} s "
              f"({files:,} files)")
        print(f"  {args.small:>9,} rows: append {s['append_s']:.3f} s, peak RSS {s['rss_mb']:.0f} MB, "
              f"same batch again {s['again_s']:.3f} s ({s['again_replaced']} replaced)")
        print(f"  {args.rows:>9,} rows: append {lg['append_s']:.3f} s, peak RSS {lg['rss_mb']:.0f} MB, "
              f"same batch again {lg['again_s']:.3f} s ({lg['again_replaced']} replaced)")
        ratio = lg["append_s"] / s["append_s"]
        print(f"  ratio large/small: {ratio:.2f} (goal <= 1.3: {'met' if ratio <= 1.3 else 'NOT met'})")
        t = trends_bench(large)
        print(f"trends over {t['assessments']:,} assessments (best of 3, fresh DuckDB connection each; "
              f"written in {t['build_s']:.1f} s)")
        for label in ("one region", "one province", "all regions"):
            sec, rows = t[label]
            print(f"  {label:>12}: {sec:.3f} s, {rows:,} rows (goal < 1 s: {'met' if sec < 1 else 'NOT met'})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
