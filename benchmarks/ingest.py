"""Ingest benchmark: how fast the EDGAR client fetches Archives documents without being throttled.

Starts the loopback mirror over ../shared/edgar in the mode that answers 429 whenever more than 10
requests arrived within the last second (SEC's rule), then fetches N Archives documents with
EdgarClient from 4 threads: once at the configured cap (rate 10, the shared limiter) and once with a
12/s limiter forced past the cap, to show that the mirror really throttles. Writes
benchmarks/results/ingest.json.

Run: python -m benchmarks.ingest --requests 300   (from the repository root)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.support.paths import RESULTS, shared_edgar_dir
from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.mirror.faults import Faults
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.edgar.ratelimit import RateLimiter, reset_limiters

USER_AGENT = "sec-pipeline-benchmark bench@example.com"
THREADS = 4
MIRROR_LIMIT = 10


def archive_paths(tree: SharedTree, count: int) -> list[str]:
    """`count` distinct Archives URLs: full submissions of 8-Ks, then their index pages if more are needed."""
    held = sorted((h for h in tree.filings.values() if h.form_type.startswith("8-K")), key=lambda h: h.accession_no)
    paths = [f"{h.folder}/{h.accession_no}.txt" for h in held]
    paths += [f"{h.folder}/{h.accession_no}-index.html" for h in held]
    if count > len(paths):
        raise SystemExit(f"--requests {count}: the shared tree offers only {len(paths)} distinct documents")
    return paths[:count]


def run(root: Path, paths: list[str], rate: float, forced: bool) -> dict[str, object]:
    """Fetch `paths` from 4 threads through a fresh mirror; returns the measurements."""
    reset_limiters()
    faults = Faults(max_rate=MIRROR_LIMIT)
    with MirrorServer(SharedTree(root), faults=faults) as mirror:
        limiter = RateLimiter(rate) if forced else None
        client = EdgarClient(USER_AGENT, edgar_url=mirror.url, data_url=mirror.url, rate_limit=rate,
                             max_retries=8, backoff_s=0.5, limiter=limiter)
        start = time.perf_counter()
        with client, ThreadPoolExecutor(THREADS) as pool:
            bodies = list(pool.map(client.get, paths))
        elapsed = time.perf_counter() - start
        stats = client.stats
    seen = faults.snapshot()
    return {
        "rate_limit": rate,
        "cap_bypassed": forced,
        "threads": THREADS,
        "documents": len(paths),
        "documents_ok": sum(1 for b in bodies if b),
        "bytes": sum(len(b) for b in bodies),
        "seconds": round(elapsed, 3),
        "requests_sent": stats["requests"],
        "requests_per_s": round(stats["requests"] / elapsed, 3),
        "documents_per_s": round(len(paths) / elapsed, 3),
        "seconds_per_filing": round(elapsed / len(paths), 4),
        "mirror_429": seen.rate_rejected,
        "client_throttled": stats["throttled"],
        "client_retries": stats["retries"],
        "max_requests_in_1s_window": seen.max_in_window,
    }


def main(argv: list[str] | None = None) -> int:
    """Run both configurations and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="Archives documents to fetch per run (300)")
    parser.add_argument("--forced-rate", type=float, default=12.0, help="rate of the cap-bypassing run (12)")
    parser.add_argument("--output", type=Path, default=RESULTS / "ingest.json")
    args = parser.parse_args(argv)
    root = shared_edgar_dir()
    if not (root / "MANIFEST.tsv").is_file():
        print(f"shared EDGAR tree not found at {root}; set SEC_PIPELINE_SHARED_EDGAR", file=sys.stderr)
        return 2
    paths = archive_paths(SharedTree(root), args.requests)
    capped = run(root, paths, 10.0, forced=False)
    print(json.dumps(capped), flush=True)
    forced = run(root, paths, args.forced_rate, forced=True)
    print(json.dumps(forced), flush=True)
    result = {
        "benchmark": "ingest",
        "command": f"python -m benchmarks.ingest --requests {args.requests} --forced-rate {args.forced_rate}",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "mirror": f"loopback MirrorServer over the shared tree, 429 above {MIRROR_LIMIT} requests in any 1 s window",
        "target": ">= 9 requests/s sustained with zero 429s at rate limit 10",
        "target_met": capped["requests_per_s"] >= 9 and capped["mirror_429"] == 0,
        "runs": [capped, forced],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
