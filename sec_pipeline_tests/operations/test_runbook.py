"""RUNBOOK.md: every command of its bash blocks runs, in document order, against a sandbox with a SQLite store,
a Dagster instance configured like deploy/local and the EDGAR mirror (promtool lines: when promtool is there)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import httpx
import pytest
from dagster._core.instance.ref import InstanceRef

from benchmarks.support.paths import REPO_ROOT
from sec_pipeline.cli import main
from sec_pipeline.config import PipelineConfig
from sec_pipeline.defs.operations.automation import automation_states, remote_repository
from sec_pipeline.defs.resources import build_resources
from sec_pipeline.operations.backup import create_backup, list_backups
from sec_pipeline.operations.health import expected_published_day
from sec_pipeline.signals.routing import route
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.conftest import TEST_USER_AGENT
from sec_pipeline_tests.operations.helpers import add_runs, seed
from sec_pipeline_tests.signals.conftest import tiny_training_settings

RUNBOOK = REPO_ROOT / "RUNBOOK.md"
BACKFILL_DATE = "2007-08-07"  # 8-K filings of the mirror (as in the defs backfill test)


def runbook_commands() -> list[str]:
    """The command lines of RUNBOOK.md's bash blocks, in order."""
    blocks = re.findall(r"```bash\n(.*?)```", RUNBOOK.read_text(), flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_the_runbook_has_only_commands_this_test_runs() -> None:
    commands = runbook_commands()
    assert len(commands) >= 30
    assert {shlex.split(c)[0] for c in commands} == {"sec-pipeline", "promtool", "export"}
    titles = re.findall(r"^#+ (.+)$", RUNBOOK.read_text(), flags=re.M)
    for needed in ("Morning check", "Weekly maintenance", "P0: service or database down", "P1: runs failing",
                   "P2: degraded", "P3: minor", "Model inference timeout", "High queue depth",
                   "Database degradation", "Backup and point-in-time restore", "Key compromise"):
        assert needed in titles


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edgar_mirror: str):
    """The environment an on-call engineer would have: a store with a day published and last night's backup,
    a running schedule, queued runs; yields the Dagster instance."""
    home, dagster_home = tmp_path / "home", tmp_path / "dagster"
    dagster_home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "local" / "dagster.yaml", dagster_home)
    for name, value in {"SEC_PIPELINE_HOME": str(home), "DAGSTER_HOME": str(dagster_home),
                        "SEC_PIPELINE_USER_AGENT": TEST_USER_AGENT, "SEC_PIPELINE_EDGAR_URL": edgar_mirror,
                        "SEC_PIPELINE_DATA_URL": edgar_mirror, "SEC_PIPELINE_RATE_LIMIT": "10",
                        "SEC_PIPELINE_FORMS": "8-K", **tiny_training_settings(tmp_path / "tiny_base")}.items():
        monkeypatch.setenv(name, value)
    for name in ("DATABASE_URL", "COMPLEXITY_THRESHOLD_HIGH", "SEC_PIPELINE_S3_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{home / 'sec_pipeline.db'}"
    home.mkdir()
    store = Store(url, blobs=LocalBlobStore(home / "blobs"))
    store.migrate()
    now = datetime.now(UTC)
    seed(store, expected_published_day(now))
    store.dispose()
    create_backup(url, store.blobs, kind="daily", configuration={}, now=now - timedelta(hours=3))
    instance = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home)))
    with remote_repository(instance) as repository:
        instance.start_schedule(repository.get_schedule("daily_filings_schedule"))
    add_runs(instance, dg.DagsterRunStatus.QUEUED, tags={"sec_pipeline/backfill": "cli"})
    add_runs(instance, dg.DagsterRunStatus.QUEUED)
    yield instance
    instance.dispose()


def _serve_metrics(argv: list[str]) -> None:
    port = argv.index("--port") + 1
    argv = [*argv[:port], str(_free_port()), *argv[port + 1:]]
    process = subprocess.Popen([sys.executable, "-m", "sec_pipeline.cli", *argv[1:]], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("serving http://"), line + (process.stdout.read() if process.poll() else "")
        base = line.split()[1].removesuffix("/metrics")
        assert "sec_pipeline_database_up 1.0" in httpx.get(f"{base}/metrics", timeout=30).text
        assert httpx.get(f"{base}/health", timeout=30).json()["status"] in ("ok", "warning")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_every_runbook_command(sandbox: dg.DagsterInstance, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    ran = 0
    for line in runbook_commands():
        argv = shlex.split(line)
        if argv[0] == "export":
            name, _, value = argv[1].partition("=")
            monkeypatch.setenv(name, value)
            continue
        if argv[0] == "promtool":
            if shutil.which("promtool"):
                result = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
                assert result.returncode == 0, line + result.stdout + result.stderr
            continue
        if argv[1:3] == ["metrics", "serve"]:
            _serve_metrics(argv)
            continue
        backups = list_backups(LocalBlobStore(Path(sandbox.root_directory).parent / "home" / "blobs"))
        placeholders = {"<DATE>": BACKFILL_DATE, "<ID>": backups[-1].id,
                        "<TIME>": (datetime.now(UTC) + timedelta(seconds=1)).isoformat()}
        argv = [placeholders.get(arg, arg) for arg in argv]
        code = main(argv[1:])
        out = capsys.readouterr().out
        allowed = (0, 1) if argv[1] == "health" else (0,)  # the sandbox has no daemon: a warning
        assert code in allowed, f"{line} exited {code}:\n{out}"
        ran += 1
        if argv[1:] == ["drain"]:
            assert out.startswith("canceled ")
        if argv[1:3] == ["backup", "restore"]:
            assert out.startswith("restored ")
    assert ran >= 25
    assert sandbox.get_runs_count(dg.RunsFilter(statuses=[dg.DagsterRunStatus.QUEUED])) == 0
    assert automation_states(sandbox)["daily_filings_schedule"] is True  # the last resume restarted it
    assert route(0.99, float(os.environ["COMPLEXITY_THRESHOLD_HIGH"])) == "fast"
    assert build_resources(PipelineConfig.from_env(os.environ))["models"].complexity_threshold_high == 1.0  # the lever reaches the runs
