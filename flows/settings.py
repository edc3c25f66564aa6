"""Where things live, and the environment Prefect needs before it is imported."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA = "./data"


def data_dir(value: str | None = None) -> Path:
    """``--data`` if given, else ``$PANTAU_DATA``, else ``./data``."""
    return Path(value or os.environ.get("PANTAU_DATA") or DEFAULT_DATA).resolve()


def prepare_prefect(data: Path, verbose: bool = False) -> None:
    """Embedded defaults: Prefect's ephemeral API with its home inside the data directory.

    Must run before ``prefect`` is imported. A user who points ``PREFECT_API_URL`` at a
    server keeps it; so does one who set ``PREFECT_HOME``.
    """
    home = data / ".prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    # Telemetry off; without DO_NOT_TRACK the ephemeral server logs "database is locked".
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
