"""EDGAR fault benchmark: what the client's bounds cost and save against a misbehaving loopback mirror.

Over ../shared/edgar served on loopback, measures: how long a trickling answer (50 bytes every 0.5 s) holds
a request under the deadline; how long a requested stop takes to end a trickling download; the peak memory
and time of a 2 GiB gzip bomb against the body limit; the most requests in any 1-second window from three
processes with and without the machine-wide rate budget; and the wall time of `sec-pipeline health --mirror`.
Writes benchmarks/results/edgar_faults.json and .md.

Run: python -m benchmarks.edgar_faults   (from the repository root)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.support.paths import REPO_ROOT, RESULTS, shared_edgar_dir
from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline import shutdown
from sec_pipeline.edgar.client import EdgarClient, EdgarHTTPError
from sec_pipeline.edgar.mirror.faults import Fault, Faults
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.edgar.ratelimit import reset_limiters

USER_AGENT = "sec-pipeline-benchmark bench@example.com"
DOC = "/Archives/edgar/data/1000685/000100068597000006/0001000685-97-000006.txt"
TRICKLE = {"chunk_bytes": 50, "delay_s": 0.5}
_WORKER = """
import sys, time
from pathlib import Path
from sec_pipeline.edgar.client import EdgarClient
url, budget, index, count, doc = sys.argv[1:6]
Path(budget, f"ready-{index}").touch()
while len(list(Path(budget).glob("ready-*"))) < 3:
    time.sleep(0.01)
client = EdgarClient("sec-pipeline-benchmark bench@example.com", edgar_url=url, data_url=url, rate_limit=10.0,
                     budget_dir=Path(budget) if budget.endswith("shared") else None)
for _ in range(int(count)):
    client.get(f"{doc}?p={index}")
"""


def _client(url: str, **options: object) -> EdgarClient:
    return EdgarClient(USER_AGENT, edgar_url=url, data_url=url, rate_limit=10.0, backoff_s=0.05,
                       **options)  # type: ignore[arg-type]


def trickle(tree: SharedTree, deadline_s: float) -> dict[str, object]:
    """Seconds until a request whose every answer trickles gives up, and the attempts it made."""
    body = tree.answer(DOC, {}).body
    with MirrorServer(tree) as mirror, _client(mirror.url, deadline_s=deadline_s) as client:
        mirror.faults.script(*[Fault("trickle", path_contains=DOC, **TRICKLE)] * 5)  # type: ignore[arg-type]
        started = time.monotonic()
        try:
            client.get(DOC)
            outcome = "downloaded"
        except EdgarHTTPError as exc:
            outcome = str(exc)[-80:]
        seconds = time.monotonic() - started
        attempts = mirror.faults.snapshot().by_path.get(DOC, 0)
    full_s = len(body) / TRICKLE["chunk_bytes"] * TRICKLE["delay_s"]
    return {"deadline_s": deadline_s, "seconds_held": round(seconds, 2), "attempts": attempts, "outcome": outcome,
            "body_bytes": len(body), "seconds_the_trickle_would_take_per_attempt": full_s}


def stop(tree: SharedTree) -> dict[str, object]:
    """Seconds from a requested stop to the end of a trickling download in a worker thread."""
    with MirrorServer(tree) as mirror, _client(mirror.url, deadline_s=3600.0) as client:
        mirror.faults.script(Fault("trickle", path_contains=DOC, **TRICKLE))  # type: ignore[arg-type]
        worker = threading.Thread(target=lambda: _swallow(client))
        worker.start()
        while not mirror.faults.snapshot().injected.get("trickle"):
            time.sleep(0.05)
        time.sleep(1.0)
        requested = time.monotonic()
        shutdown.request()
        worker.join(60)
        seconds = time.monotonic() - requested
    shutdown.reset()
    return {"seconds_to_stop": round(seconds, 3), "stopped": not worker.is_alive()}


def _swallow(client: EdgarClient) -> None:
    try:
        client.get(DOC)
    except BaseException:  # noqa: BLE001,S110 - the benchmark times the stop, not the error
        pass


def bomb(tree: SharedTree, limit_mb: int) -> dict[str, object]:
    """Peak traced memory and seconds until a 2 GiB gzip bomb fails against a `limit_mb` body limit."""
    with MirrorServer(tree) as mirror, _client(mirror.url, max_body_bytes=limit_mb << 20) as client:
        mirror.faults.script(Fault("gzip-bomb", path_contains=DOC))
        tracemalloc.start()
        started = time.monotonic()
        try:
            client.get(DOC)
            outcome = "downloaded"
        except EdgarHTTPError as exc:
            outcome = str(exc).split(": ", 1)[-1][:100]
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"limit_mb": limit_mb, "peak_traced_mb": round(peak / 2**20, 1), "seconds": round(seconds, 2),
            "outcome": outcome}


def three_processes(tree: SharedTree, shared: bool, requests: int) -> dict[str, object]:
    """Most requests the mirror saw in any 1-second window from three processes at 10/s each."""
    faults = Faults()
    with tempfile.TemporaryDirectory() as tmp, MirrorServer(tree, faults=faults) as mirror:
        budget = Path(tmp) / ("shared" if shared else "alone")
        budget.mkdir()
        workers = [subprocess.Popen([sys.executable, "-c", _WORKER, mirror.url, str(budget), str(i), str(requests),
                                     DOC], cwd=REPO_ROOT) for i in range(3)]
        codes = [worker.wait(300) for worker in workers]
    seen = faults.snapshot()
    return {"shared_budget": shared, "requests": seen.requests, "max_in_any_second": seen.max_in_window,
            "exit_codes": codes}


def health(edgar: Path) -> dict[str, object]:
    """Wall time of `sec-pipeline health --json --mirror EDGAR` on a fresh home, and its report."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SEC_PIPELINE_HOME": home, "SEC_PIPELINE_USER_AGENT": USER_AGENT}
        env.pop("DAGSTER_HOME", None)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "sec_pipeline.cli", "health", "--json", "--mirror", str(edgar)],
                              cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
        seconds = time.monotonic() - started
    report = json.loads(done.stdout)
    return {"wall_s_including_python_start": round(seconds, 2), "exit_code": done.returncode,
            "status": report["status"],
            "checks": {c["name"]: c["status"] for c in report["checks"]}}


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=5.0, help="the client's per-attempt deadline (s)")
    parser.add_argument("--bomb-limit-mb", type=int, default=64)
    parser.add_argument("--requests", type=int, default=20, help="requests per process in the rate test")
    parser.add_argument("--output", type=Path, default=RESULTS / "edgar_faults.json")
    args = parser.parse_args(argv)
    edgar = shared_edgar_dir()
    reset_limiters()
    tree = SharedTree(edgar)
    result = {
        "benchmark": "edgar_faults", "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "trickle": trickle(tree, args.deadline),
        "stop": stop(tree),
        "gzip_bomb": bomb(tree, args.bomb_limit_mb),
        "three_processes": [three_processes(tree, shared, args.requests) for shared in (True, False)],
        "health_against_mirror": health(edgar),
    }
    print(json.dumps(result, indent=2))
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    t, s, b, h = result["trickle"], result["stop"], result["gzip_bomb"], result["health_against_mirror"]
    shared, alone = result["three_processes"]
    lines = [
        "# EDGAR faults", "", f"{result['when']}, {result['machine']}. `python -m benchmarks.edgar_faults`.", "",
        "| case | result |", "|---|---|",
        f"| trickle (50 B / 0.5 s, {t['body_bytes']:,} B body), deadline {t['deadline_s']:g} s | held "
        f"{t['seconds_held']} s over {t['attempts']} attempts, then failed (one attempt would take "
        f"{t['seconds_the_trickle_would_take_per_attempt']:g} s without the deadline) |",
        f"| requested stop during a trickle | download thread ended {s['seconds_to_stop']} s after the request |",
        f"| 2 GiB gzip bomb, limit {b['limit_mb']} MB | failed in {b['seconds']} s, peak traced memory "
        f"{b['peak_traced_mb']} MB |",
        f"| 3 processes x {args.requests} requests at 10/s | most in any second: {shared['max_in_any_second']} with "
        f"the shared budget, {alone['max_in_any_second']} without |",
        f"| `sec-pipeline health --mirror` (fresh home) | {h['wall_s_including_python_start']} s wall including "
        f"Python start, status {h['status']}, edgar {h['checks'].get('edgar')} |",
    ]
    args.output.with_suffix(".md").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
