"""Where things live, and the environment Prefect needs before it is imported."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA = "./data"


def is_url(root: str | os.PathLike[str]) -> bool:
    return "://" in os.fspath(root) and not os.fspath(root).startswith("file://")


def data_dir(value: str | None = None) -> Path | str:
    """``--data`` if given, else ``$PANTAU_DATA``, else ``./data``.

    A local directory comes back as an absolute Path; an fsspec URL (``s3://...``) as is.
    """
    raw = value or os.environ.get("PANTAU_DATA") or DEFAULT_DATA
    return raw.rstrip("/") if is_url(raw) else Path(raw).resolve()


def local_dir(data: Path | str) -> Path:
    """Where run-local files go (Prefect's home, crawl staging): inside a local warehouse,
    else ``$PANTAU_LOCAL`` or ``./.pantau`` for a warehouse in object storage."""
    if not is_url(data):
        return Path(data)
    return Path(os.environ.get("PANTAU_LOCAL") or ".pantau").resolve()


def staging_dir(data: Path | str) -> Path:
    """Crawl output waits here until it is stored in ``pages``."""
    return local_dir(data) / ".staging"


def prepare_prefect(data: Path | str, verbose: bool = False) -> None:
    """Embedded defaults: Prefect's ephemeral API with its home inside the data directory.

    Must run before ``prefect`` is imported. A user who points ``PREFECT_API_URL`` at a
    server keeps it; so does one who set ``PREFECT_HOME``.
    """
    home = local_dir(data) / ".prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    # Telemetry off; without DO_NOT_TRACK the ephemeral server logs "database is locked".
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    # Prefect gives its ephemeral API 20 s to start; a busy 2-core machine needs more
    # (measured 17 s idle), and a missed start loses the whole night.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
