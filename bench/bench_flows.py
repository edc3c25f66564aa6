"""Per-flow overhead of Prefect: each flow run with no work to do, against the same work
done by calling the stage functions directly.

    python bench/bench_flows.py

Runs in Prefect's ephemeral mode with a throw-away PREFECT_HOME, like `pantau` does.
The first flow call of a process starts Prefect's API; later calls show the steady
per-run cost (flow and task run bookkeeping, the run summary artifact, the runs row).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pantau-flows-"))
    from flows import settings

    settings.prepare_prefect(work, verbose=False)
    os.environ["PREFECT_LOGGING_LEVEL"] = "ERROR"
    from flows import stages
    from flows.harvest import nightly_harvest
    from flows.maintenance import backfill, reprocess
    from warehouse import Warehouse

    data = str(work / "data")
    wh = Warehouse(data)
    stages.store_regions(wh, "bench")
    registry = str(ROOT / "spiders" / "sources.yaml")

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_nlp import best_of as timed

    first = timed(lambda: reprocess(data=data), 1)
    rows = [
        ("reprocess (nothing stale)", lambda: reprocess(data=data), lambda: stages.stale_months(wh)),
        ("backfill (no files, no processing)", lambda: backfill(warc_paths=[], data=data, registry=registry,
                                                                 process=False), lambda: None),
        ("nightly_harvest (no source chosen)",
         lambda: nightly_harvest(registry=registry, data=data, sources=["-"]),
         lambda: (stages.store_regions(wh, "bench"), stages.process_new_pages(wh, "bench"))),
    ]
    print("Prefect per-flow overhead (best of 3 warm runs; ephemeral API in this process)")
    print(f"  first flow call of the process (API start included): {first:.2f} s")
    for label, flow_call, direct in rows:
        f = timed(flow_call, 3)
        d = timed(direct, 3)
        print(f"  {label:<38} flow {f:.2f} s, same work without Prefect {d:.3f} s: overhead {f - d:.2f} s")


if __name__ == "__main__":
    main()
