"""A real uvicorn on loopback with the real Dagster launcher: process AMD's latest 10-K from the mirror, follow
the run, read its signals back through GET /signals."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn

from sec_pipeline.serving import create_app
from sec_pipeline.serving.keys import KeyRing
from sec_pipeline.store import Store
from sec_pipeline_tests.conftest import TEST_USER_AGENT
from sec_pipeline_tests.serving.conftest import api_config
from sec_pipeline_tests.signals.conftest import tiny_training_settings

RUN_TIMEOUT_S = 300


def test_process_a_company_then_read_its_signals_over_http(tmp_path, edgar_mirror):
    url = f"sqlite:///{tmp_path / 'home' / 'sec_pipeline.db'}"
    config = api_config(tmp_path, url, SEC_PIPELINE_EDGAR_URL=edgar_mirror, SEC_PIPELINE_DATA_URL=edgar_mirror,
                        SEC_PIPELINE_USER_AGENT=TEST_USER_AGENT, SEC_PIPELINE_RATE_LIMIT="10",
                        **tiny_training_settings(tmp_path / "tiny_base"))
    app = create_app(config)
    store = Store(url)
    secret = KeyRing(store.engine).create("e2e", ["read", "process"]).secret
    store.dispose()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {secret}"}, timeout=30) as client:
            deadline = time.monotonic() + 30
            while not server.started and time.monotonic() < deadline:
                time.sleep(0.05)
            assert client.get("/health").status_code in (200, 503)
            answer = client.post("/filings/process", json={"cik": "0000002488", "form_type": "10-K", "limit": 1})
            assert answer.status_code == 202, answer.text
            run_id = answer.json()["run_id"]
            deadline = time.monotonic() + RUN_TIMEOUT_S
            while (status := client.get(f"/runs/{run_id}").json())["status"] in ("queued", "running"):
                assert time.monotonic() < deadline, status
                time.sleep(0.5)
            assert status["status"] == "success", status
            assert len(status["runs"]) == 1 and status["runs"][0]["status"] == "success"
            dagster_run = client.get(f"/runs/{status['runs'][0]['run_id']}").json()
            assert dagster_run["status"] == "success"
            page = client.get("/signals", params={"cik": "2488", "limit": 1000}).json()
    finally:
        server.should_exit = True
        thread.join(30)
    assert page["count"] > 0
    assert {row["cik"] for row in page["signals"]} == {"2488"}
    assert {row["form_type"] for row in page["signals"]} == {"10-K"}
    assert {row["company"] for row in page["signals"]} and page["signals"][0]["accession_no"].startswith("0000002488-")
