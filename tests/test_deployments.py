"""Every deployment in prefect.yaml loads its entrypoint and passes valid parameters."""

import importlib
import inspect
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent


def test_deployments_match_their_flows():
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert spec["deployments"]
    for dep in spec["deployments"]:
        path, func = dep["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, func)
        sig = inspect.signature(flow.fn)
        params = dep.get("parameters", {})
        unknown = set(params) - set(sig.parameters)
        assert not unknown, f"{dep['name']}: unknown parameters {unknown}"
        required = {n for n, p in sig.parameters.items() if p.default is inspect.Parameter.empty}
        assert required <= set(params), f"{dep['name']}: missing {required - set(params)}"
        for sched in dep.get("schedules", []):
            assert sched["timezone"] == "Asia/Jakarta"


def test_prefect_deploy_all_registers_every_deployment(prefect_harness, tmp_path):
    """`prefect deploy --all` against the test API (no network): the work pool first,
    then every deployment of prefect.yaml, read back with its schedule and parameters."""
    import json
    import os
    import subprocess
    import sys

    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PANTAU_HOME": str(ROOT),
           "PREFECT_HOME": str(tmp_path)}
    prefect = [sys.executable, "-m", "prefect"]
    run = lambda *a: subprocess.run([*prefect, *a], cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: E731
                                    timeout=300)
    made = run("work-pool", "create", "pantau-process", "--type", "process", "--overwrite")
    assert made.returncode == 0, made.stderr[-2000:]
    deployed = run("--no-prompt", "deploy", "--all")
    assert deployed.returncode == 0, (deployed.stdout + deployed.stderr)[-3000:]
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    flows = {"nightly": "nightly-harvest", "reprocess": "reprocess", "backfill": "backfill"}
    for dep in spec["deployments"]:
        shown = run("deployment", "inspect", f"{flows[dep['name']]}/{dep['name']}", "--output", "json")
        assert shown.returncode == 0, shown.stderr[-2000:]
        got = json.loads(shown.stdout)
        assert got["work_pool_name"] == "pantau-process"
        assert got["parameters"] == dep["parameters"]
        crons = [s["schedule"]["cron"] for s in got.get("schedules", [])]
        assert crons == [s["cron"] for s in dep.get("schedules", [])]
