"""SIGTERM and SIGINT stop work cleanly: worker threads abandon their EDGAR request, the command exits with one
line and 128 + the signal number; `sec-pipeline run` records its Dagster run as failed and stores nothing half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline import shutdown
from sec_pipeline.edgar.mirror.faults import Fault
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline_tests.commands.helpers import cli_environ
from sec_pipeline_tests.flows.conftest import AMD_2023, AMD_DAY

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_block_and_every_wait(sig: signal.Signals, capsys: pytest.CaptureFixture[str]) -> None:
    before = signal.getsignal(signal.SIGTERM)
    ended: list[BaseException] = []
    started = threading.Event()

    def wait() -> None:
        started.set()
        try:
            shutdown.sleep(600)  # a throttle pause in a download thread
        except BaseException as exc:  # noqa: BLE001 - the test reads what ended it
            ended.append(exc)

    worker = threading.Thread(target=wait)
    with pytest.raises(SystemExit) as exit_info, shutdown.stops_cleanly("sec-pipeline test"):
        worker.start()
        started.wait(10)
        os.kill(os.getpid(), sig)
        worker.join(600)  # the signal interrupts this join
    worker.join(30)
    assert exit_info.value.code == 128 + sig and not worker.is_alive()
    assert len(ended) == 1 and isinstance(ended[0], shutdown.ShutdownRequested)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"sec-pipeline test: stopped by {sig.name};")
    assert signal.getsignal(signal.SIGTERM) is before and not shutdown.requested()


def test_sigterm_stops_a_run_held_by_a_trickling_download(shared_edgar: Path, tmp_path: Path) -> None:
    with MirrorServer(SharedTree(shared_edgar)) as mirror:
        mirror.faults.script(*[Fault("trickle", delay_s=0.5, path_contains=f"/{AMD_2023}.txt")] * 10)
        environ = {**os.environ, **cli_environ(tmp_path, mirror.url), "SEC_PIPELINE_REQUEST_DEADLINE": "3600",
                   "SEC_PIPELINE_EXECUTOR": "in_process"}
        run = subprocess.Popen(
            [sys.executable, "-m", "sec_pipeline.cli", "run", "--date", AMD_DAY.isoformat(), "--forms", "10-K",
             "--cik", "2488"], cwd=REPO, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(600):  # until the download is trickling (the run's start takes seconds)
                if mirror.faults.snapshot().injected.get("trickle") or run.poll() is not None:
                    break
                threading.Event().wait(0.2)
            assert mirror.faults.snapshot().injected.get("trickle") == 1, run.communicate(timeout=5)
            run.send_signal(signal.SIGTERM)
            out, err = run.communicate(timeout=120)
        finally:
            if run.poll() is None:
                run.kill()
    assert run.returncode == 128 + signal.SIGTERM, err
    assert err.strip().splitlines()[-1].startswith("sec-pipeline run: stopped by SIGTERM;")
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(tmp_path / "home" / "dagster"))) as instance:
        assert [r.status for r in instance.get_runs()] == [dg.DagsterRunStatus.FAILURE]
    assert not list((tmp_path / "home" / "blobs").rglob(f"*{AMD_2023}*")), "the abandoned download left nothing"
