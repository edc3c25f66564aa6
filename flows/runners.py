"""Where tasks run: a setting, not code.

``thread`` (default): a thread pool in the flow's own process; crawls and the heavy NLP
work already run in child processes or release the GIL in C code, and one machine is the
common case. ``dask``: prefect-dask's DaskTaskRunner against an existing Dask cluster
(``--dask-address tcp://scheduler:8786``) or, without an address, a local cluster of
``PANTAU_WORKERS`` processes. reprocess and backfill map their tasks over months and WARC
files, so a cluster takes them in parallel; every worker needs pantau installed and the
warehouse at the same path (a shared filesystem or an fsspec URL).

Environment (read by deployments too): ``PANTAU_RUNNER`` = thread | dask,
``PANTAU_DASK_ADDRESS``, ``PANTAU_WORKERS`` (default 4 threads / 2 Dask workers).
"""

from __future__ import annotations

import os

RUNNERS = ("thread", "dask")


def make_runner(kind: str | None = None, address: str | None = None, workers: int | None = None):
    kind = kind or os.environ.get("PANTAU_RUNNER") or "thread"
    address = address or os.environ.get("PANTAU_DASK_ADDRESS") or None
    env_workers = os.environ.get("PANTAU_WORKERS")
    workers = workers or (int(env_workers) if env_workers else None)
    if kind == "thread":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers or 4)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers or 2, "threads_per_worker": 1})
    raise ValueError(f"runner: expected one of {', '.join(RUNNERS)}, got {kind!r}")


def with_runner(flow, kind: str | None = None, address: str | None = None, workers: int | None = None):
    """The flow with its tasks run by the runner asked for."""
    return flow.with_options(task_runner=make_runner(kind, address, workers))
