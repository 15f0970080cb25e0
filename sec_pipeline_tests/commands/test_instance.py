"""The CLI's Dagster instance: created and migrated under a file lock, so processes that start together on a
fresh DAGSTER_HOME all get a working instance and leave the home healthy."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg

from sec_pipeline.commands._instance import instance_lock, open_instance

REPO = Path(__file__).resolve().parents[2]
OPEN = """
import sys, time
from pathlib import Path
home, go = Path(sys.argv[1]), Path(sys.argv[2])
from sec_pipeline.commands._instance import open_instance
(home / f"ready-{sys.argv[3]}").touch()
while not go.exists():
    time.sleep(0.01)
instance = open_instance(home)
import dagster as dg
@dg.asset
def one():
    return 1
assert dg.materialize([one], instance=instance).success
"""


def _start(home: Path, go: Path, name: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", OPEN, str(home), str(go), name], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_ready(home: Path, names: list[str]) -> None:
    deadline = time.monotonic() + 120
    while not all((home / f"ready-{name}").exists() for name in names):
        assert time.monotonic() < deadline, "the processes did not start"
        time.sleep(0.05)


def test_processes_started_together_on_a_fresh_home_all_run_and_leave_it_healthy(dagster_home, tmp_path):
    go = tmp_path / "go"
    names = ["a", "b", "c"]
    processes = [_start(dagster_home, go, name) for name in names]
    _wait_ready(dagster_home, names)
    go.touch()  # all of them open the instance at once
    for process in processes:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
    with open_instance(dagster_home) as instance:
        assert len(instance.get_runs()) == 3 and all(run.is_success for run in instance.get_runs())
    if (dagster_home / "history/runs.db").exists():  # SQLite storage: one alembic head, stamped once
        with sqlite3.connect(dagster_home / "history/runs.db") as conn:
            assert len(conn.execute("select version_num from alembic_version").fetchall()) == 1


def test_a_process_waits_for_the_lock_before_it_creates_the_storage(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "deploy/local/dagster.yaml").read_text())
    go = tmp_path / "go"
    go.touch()
    with instance_lock(home):
        process = _start(home, go, "waiting")
        _wait_ready(home, ["waiting"])
        time.sleep(2.0)
        assert process.poll() is None, "it must wait while the lock is held"
        assert not (home / "history").exists(), "no storage is created while another process holds the lock"
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    assert (home / "history/runs.db").exists()


def test_the_default_home_gets_its_dagster_yaml_once(tmp_path):
    with open_instance(tmp_path, default_yaml="telemetry:\n  enabled: false\n") as instance:
        assert isinstance(instance, dg.DagsterInstance)
    assert (tmp_path / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n# kept\n")
    open_instance(tmp_path, default_yaml="ignored: true\n").dispose()
    assert (tmp_path / "dagster.yaml").read_text().endswith("# kept\n")
