"""The ``pantau`` command as a user runs it: help texts, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()
COMMANDS = [["demo"], ["harvest"], ["parse"], ["query"], ["trends"], ["reprocess"], ["backfill"], ["export-warc"], ["sources", "list"], ["sources", "check"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(cmd):
    res = runner.invoke(app, [*cmd, "--help"])
    assert res.exit_code == 0
    assert "Example: pantau " in res.output


def pantau(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "pantau"
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=600)


def test_bad_registry_is_one_line_exit_2(tmp_path):
    reg = tmp_path / "bad.yaml"
    reg.write_text("sources:\n  - id: x\n    base_url: notaurl\n", encoding="utf-8")
    res = pantau("sources", "check", "--registry", str(reg))
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0
    assert "source 'x'" in res.stderr and "base_url" in res.stderr and "Traceback" not in res.stderr


def test_query_refuses_writes_and_reports_sql_errors(tmp_path):
    (tmp_path / "d").mkdir()
    res = pantau("query", "COPY assessments TO 'x.csv'", "--data", str(tmp_path / "d"))
    assert res.returncode == 2 and "read-only" in res.stderr
    res = pantau("query", "SELECT nope FROM assessments", "--data", str(tmp_path / "d"))
    assert res.returncode == 2 and res.stderr.startswith("error: query failed")


def test_parse_prints_one_object_per_input(tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("Bengkulu Raih Zona Hijau\n\nHasil Penilaian Kepatuhan Standar Pelayanan Publik tahun 2021 "
                 "menempatkan Kota Bengkulu di zona hijau dengan nilai 88,12, sesuai UU No. 25 Tahun 2019.",
                 encoding="utf-8")
    res = pantau("parse", str(f), "--published", "2021-12-20")
    assert res.returncode == 0, res.stderr
    (out,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert set(out) == {"path", "title", "published", "language", "assessments", "regulations", "regions"}
    assert (out["title"], out["language"], out["regions"]) == ("Bengkulu Raih Zona Hijau", "id", ["Kota Bengkulu"])
    (fact,) = out["assessments"]
    assert (fact["region"], fact["year"], fact["score"], fact["zone"]) == ("Kota Bengkulu", 2021, 88.12, "hijau")
    assert out["regulations"] == [{"text": "UU No. 25 Tahun 2019", "normalized": "UU 25/2019", "flags": ["year_mismatch"]}]
    res = pantau("parse", str(tmp_path / "missing.html"))
    assert res.returncode == 2 and "missing.html" in res.stderr


def test_parse_explain_shows_facts_and_dropped_candidates(tmp_path):
    f = tmp_path / "lede.txt"
    f.write_text("Tiga Daerah di Zona Merah\n\nAMBON - Ombudsman menyerahkan hasil survei kepatuhan standar "
                 "pelayanan publik, Senin (16/12/2019). Tiga kabupaten masih berada di zona merah. Ketiganya adalah "
                 "Kabupaten Buru, Seram Bagian Timur dan Kepulauan Aru. Pemkab Buru menargetkan zona hijau "
                 "tahun depan.", encoding="utf-8")
    res = pantau("parse", "--explain", str(f))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("== ") and "3 facts" in lines[0]
    made = [ln for ln in lines if ln.startswith("  + ")]
    assert len(made) == 3 and all("2019 (year: dateline)" in ln and "zone merah" in ln for ln in made)
    assert any(ln.startswith("  - Pemkab Buru: target_or_hope") for ln in lines), res.stdout


SEEDS = Path(__file__).parent.parent.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_seeds_parse_to_what_they_state():
    res = pantau("parse", *sorted(str(p) for p in SEEDS.glob("*.txt")))
    assert res.returncode == 0, res.stderr
    outs = {Path(o["path"]).name: o for o in map(json.loads, res.stdout.splitlines())}
    assert len(outs) == 5
    mabar = next(o for o in outs.values() if "Kabupaten Manggarai Barat" in o["regions"])
    got = sorted((a["region"], a["year"], a["score"], a["grade"], a["zone"]) for a in mabar["assessments"])
    assert got == [("Kabupaten Manggarai Barat", 2018, 50.0, "E", "merah"),
                   ("Kabupaten Manggarai Barat", 2019, 68.45, "C", "kuning")]
    for name, o in outs.items():
        if o is not mabar:
            assert [a for a in o["assessments"] if a["score"] is not None] == [], name
    bali = next(o for o in outs.values() if "Kabupaten Tabanan" in o["regions"])
    assert {"normalized": "UU 25/2019", "flags": ["year_mismatch"]}.items() <= bali["regulations"][0].items()


@pytest.mark.e2e
def test_pantau_demo_prints_the_summary(tmp_path):
    data = tmp_path / "data"
    res = pantau("demo", "--data", str(data), env={"PREFECT_HOME": str(tmp_path / "prefect")})
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Articles per source" in res.stdout and "Assessments" in res.stdout
    assert "completed" in res.stdout
    assert (data / "assessments").is_dir()


@pytest.mark.parametrize("args, message", [
    (["reprocess", "--runner", "spark"], "--runner: expected one of thread, dask, got 'spark'"),
    (["reprocess", "--dask-address", "tcp://10.0.0.5:8786"], "--dask-address: only with --runner dask"),
    (["reprocess", "--runner", "dask", "--dask-address", "10.0.0.5"], "--dask-address: expected tcp://host:port"),
    (["reprocess", "--since", "last week"], "--since: expected YYYY-MM or YYYY-MM-DD"),
    (["harvest", "--since", "kemarin"], "--since: not a date (YYYY-MM-DD): 'kemarin'"),
])
def test_flow_commands_check_their_options_first(tmp_path, args, message):
    (tmp_path / "d").mkdir()
    res = runner.invoke(app, [*args, "--data", str(tmp_path / "d")])
    assert res.exit_code == 2 and message in res.stderr and res.stderr.strip().count("\n") == 0
