"""Test session set-up: Prefect runs offline against a throw-away home, started once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="pantau-prefect-"))
# Before anything imports prefect: no ~/.prefect, no telemetry, no API server to reach.
os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("PANTAU_DATA", None)


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (temporary database and API) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
