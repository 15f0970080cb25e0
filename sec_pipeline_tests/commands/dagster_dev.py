"""A real `dagster dev` (webserver, daemon, code server) on loopback for the duration of a test."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from sec_pipeline_tests.fixtures_db import _free_port

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 180
STOP_TIMEOUT_S = 30


@contextlib.contextmanager
def running_dagster_dev(environ: Mapping[str, str], log_path: Path) -> Iterator[str]:
    """Start `dagster dev -w workspace.yaml` in the repository root with `environ` and yield its URL; stop it by
    its PID (SIGTERM, then SIGKILL to its process group after STOP_TIMEOUT_S)."""
    port = _free_port()
    command = [sys.executable, "-m", "dagster", "dev", "-w", str(REPO / "workspace.yaml"), "-h", "127.0.0.1",
               "-p", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=dict(environ), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"dagster dev exited ({process.returncode}): {log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/server_info", timeout=2):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"dagster dev did not answer in {START_TIMEOUT_S} s: {log_path.read_text()[-3000:]}")
            time.sleep(1)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group of the process started here (start_new_session)
            process.wait(timeout=STOP_TIMEOUT_S)


def graphql(url: str, query: str) -> dict:
    """The `data` of a GraphQL query to the webserver at `url`."""
    request = urllib.request.Request(f"{url}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = json.loads(answer.read())
    assert "errors" not in body, body
    return body["data"]
