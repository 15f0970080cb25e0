"""EdgarClient against a misbehaving loopback mirror: trickles, resets, gzip bombs, stops, and one rate budget
shared by several processes. Bounded loops on loopback; the assertions are about behaviour, never speed."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline import shutdown
from sec_pipeline.edgar.client import EdgarClient, EdgarHTTPError
from sec_pipeline.edgar.mirror.faults import Fault, Faults
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.edgar.ratelimit import MAX_RATE, budget_file, reset_limiters
from sec_pipeline_tests.conftest import TEST_USER_AGENT

REPO = Path(__file__).resolve().parents[2]
DOC = "/Archives/edgar/data/1000685/000100068597000006/0001000685-97-000006.txt"


@pytest.fixture
def mirror(shared_edgar: Path) -> Iterator[MirrorServer]:
    reset_limiters()
    with MirrorServer(SharedTree(shared_edgar)) as server:
        yield server


def _client(mirror: MirrorServer, **kwargs: object) -> EdgarClient:
    options: dict[str, object] = {"rate_limit": 10.0, "throttle_pause_s": 0.2, "backoff_s": 0.05, "timeout": 5.0}
    options.update(kwargs)
    return EdgarClient(TEST_USER_AGENT, edgar_url=mirror.url, data_url=mirror.url, **options)  # type: ignore[arg-type]


def test_a_trickling_answer_is_abandoned_at_the_deadline_and_the_request_ends(mirror: MirrorServer) -> None:
    # 50 bytes every 0.2 s: the ~100 KB document would take minutes; the deadline is 1 s an attempt
    mirror.faults.script(*[Fault("trickle", delay_s=0.2, path_contains=DOC)] * 5)
    with _client(mirror, deadline_s=1.0) as client, pytest.raises(EdgarHTTPError, match="2 attempts in a row too slow"):
        client.get(DOC)
    assert mirror.faults.snapshot().by_path[DOC] == 2, "two slow attempts, then the request gives up"


def test_one_trickle_is_retried_and_the_next_answer_kept(mirror: MirrorServer) -> None:
    mirror.faults.script(Fault("trickle", delay_s=0.2, path_contains=DOC))
    with _client(mirror, deadline_s=1.0) as client:
        body = client.get(DOC)
    assert body.startswith(b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----") and client.stats["retries"] == 1


def test_a_connection_reset_mid_body_is_retried(mirror: MirrorServer) -> None:
    mirror.faults.script(Fault("reset", path_contains=DOC), Fault("reset", path_contains=DOC))
    with _client(mirror) as client:
        body = client.get(DOC)
    with _client(mirror) as clean:
        assert body == clean.get(DOC)
    assert client.stats["retries"] == 2


def test_a_gzip_bomb_fails_once_in_bounded_memory(mirror: MirrorServer) -> None:
    mirror.faults.script(*[Fault("gzip-bomb", path_contains=DOC)] * 3)
    limit = 8 * 1024 * 1024
    with _client(mirror, max_body_bytes=limit) as client:
        tracemalloc.start()
        try:
            with pytest.raises(EdgarHTTPError, match="decompresses to more than 8,388,608 bytes") as info:
                client.get(DOC)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "\n" not in str(info.value) and mirror.faults.snapshot().by_path[DOC] == 1, "too large is not retried"
    assert peak < 3 * limit, f"peak {peak:,} bytes while unpacking a 2 GiB bomb"


@pytest.mark.parametrize("use_gzip", [True, False])
def test_an_answer_over_the_limit_fails_without_retries(shared_edgar: Path, use_gzip: bool) -> None:
    with MirrorServer(SharedTree(shared_edgar), use_gzip=use_gzip) as server, \
            _client(server, max_body_bytes=5_000) as client, pytest.raises(EdgarHTTPError, match="than 5,000 bytes"):
        client.get(DOC)  # 7,007 bytes
    assert client.stats["requests"] == 1


def test_a_requested_stop_abandons_the_download_and_every_wait(mirror: MirrorServer) -> None:
    mirror.faults.script(*[Fault("trickle", delay_s=0.2, path_contains=DOC)] * 3)
    errors: list[BaseException] = []

    def download() -> None:
        with _client(mirror, deadline_s=600.0) as client:
            try:
                client.get(DOC)
            except BaseException as exc:  # noqa: BLE001 - the test reads what ended it
                errors.append(exc)

    worker = threading.Thread(target=download)
    try:
        worker.start()
        for _ in range(200):  # until the trickle began
            if mirror.faults.snapshot().injected.get("trickle"):
                break
            worker.join(0.05)
        shutdown.request()
        worker.join(30)
        assert not worker.is_alive(), "the worker abandoned its trickling download"
        assert len(errors) == 1 and isinstance(errors[0], shutdown.ShutdownRequested)
        assert mirror.faults.snapshot().by_path[DOC] == 1, "no new attempt after the stop"
        with pytest.raises(shutdown.ShutdownRequested):
            shutdown.sleep(600)  # a throttle pause or a backoff ends at once too
    finally:
        shutdown.reset()


_WORKER = """
import json, sys, time
from pathlib import Path
from sec_pipeline.edgar.client import EdgarClient
url, budget, index, count, doc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
Path(budget, f"ready-{index}").touch()
while len(list(Path(budget).glob("ready-*"))) < 3:  # start together
    time.sleep(0.01)
client = EdgarClient("Test Co test@example.com", edgar_url=url, data_url=url, rate_limit=10.0,
                     budget_dir=Path(budget))
for _ in range(count):
    try:
        client.get(f"{doc}?p={index}")
    except Exception as exc:
        print(json.dumps({"error": str(exc)}))
"""


def test_three_processes_share_one_rate_budget(shared_edgar: Path, tmp_path: Path) -> None:
    faults = Faults()
    with MirrorServer(SharedTree(shared_edgar), faults=faults) as mirror:
        workers = [subprocess.Popen([sys.executable, "-c", _WORKER, mirror.url, str(tmp_path), str(i), "15", DOC],
                                    cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for i in range(3)]
        outputs = [worker.communicate(timeout=120) for worker in workers]
        host = mirror.url.removeprefix("http://")
    assert all(worker.returncode == 0 for worker in workers), outputs
    assert all(out.strip() == "" for out, _ in outputs), outputs
    seen = faults.snapshot()
    assert seen.requests == 45
    assert seen.max_in_window <= MAX_RATE, f"{seen.max_in_window} requests in one second from three processes"
    spans = [[t for t, path in seen.arrivals if path.endswith(f"p={i}")] for i in range(3)]
    assert max(min(s) for s in spans) < min(max(s) for s in spans), "the three processes sent at the same time"
    assert json.loads(budget_file(tmp_path, host).read_text())["recent"]
