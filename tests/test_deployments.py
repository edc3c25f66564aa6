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
