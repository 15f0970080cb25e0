"""raw_filings' flow under every network fault of the fault mirror, on SQLite and PostgreSQL: a filing whose
answers are all wrong is recorded `failed` with a one-line reason and nothing stored or cached; the rerun
stores it, byte for byte as EDGAR serves it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.mirror.faults import Fault
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.edgar.ratelimit import reset_limiters
from sec_pipeline.flows.ingest import ingest_partition
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.conftest import TEST_USER_AGENT
from sec_pipeline_tests.flows.conftest import AMD_2023, AMD_DAY

FILING = f"/{AMD_2023}.txt"
# fault kind -> what the failed filing's error says once every attempt got that fault
FAULTS = {
    "html-page": "EDGAR answered an HTML page instead of the filing",
    "garbage": "gave up after 2 attempts",
    "cut-gzip": "the submission is truncated",
    "truncate": "gave up after 2 attempts",
    "reset": "gave up after 2 attempts",
    "trickle": "2 attempts in a row too slow",
    "503": "HTTP 503",
    "429-retry-after": "HTTP 429",
    "403-throttle": "SEC request rate threshold exceeded",
    "gzip-bomb": "decompresses to more than",
}


@pytest.fixture(scope="module")
def fault_mirror(shared_edgar: Path) -> Iterator[MirrorServer]:
    with MirrorServer(SharedTree(shared_edgar)) as server:
        yield server


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_a_filing_every_attempt_of_which_fails_is_recorded_failed_and_stored_by_the_rerun(
    fault_mirror: MirrorServer, store: Store, tmp_path: Path, kind: str
) -> None:
    reset_limiters()
    fault_mirror.faults.reset()
    blobs = LocalBlobStore(tmp_path / "blobs")
    cache = tmp_path / "cache"
    with EdgarClient(TEST_USER_AGENT, edgar_url=fault_mirror.url, data_url=fault_mirror.url, rate_limit=10.0,
                     backoff_s=0.01, max_retries=1, throttle_pause_s=0.1, deadline_s=1.0,
                     max_body_bytes=32 * 1024 * 1024, cache_dir=cache) as edgar:
        attempts = 1 if kind == "gzip-bomb" else 2  # too large is final: retrying cannot shrink it
        fault_mirror.faults.script(*[Fault(kind, path_contains=FILING, delay_s=0.2, retry_after="0")] * attempts)
        failed = ingest_partition(edgar, store, blobs, AMD_DAY, forms=["10-K"], ciks=["2488"])
        assert (failed.failed, failed.downloaded) == (1, 0)  # recorded; the stage_failures gate judges the day
        assert fault_mirror.faults.pending() == 0, "each attempt got the fault"
        row = store.get_filings(accessions=[AMD_2023])[0]
        assert (row["status"], row["raw_uri"], row["sha256"]) == ("failed", None, None)
        assert FAULTS[kind] in row["error"] and "\n" not in row["error"]
        assert not list(blobs.root.rglob(f"{AMD_2023}*")) and not list(cache.rglob(f"{AMD_2023}*"))

        rerun = ingest_partition(edgar, store, blobs, AMD_DAY, forms=["10-K"], ciks=["2488"])
        assert (rerun.failed, rerun.downloaded) == (0, 1)
        path = next(p for p in fault_mirror.faults.snapshot().by_path if p.endswith(FILING))
        served = fault_mirror.tree.answer(path, {}).body
        row = store.get_filings(accessions=[AMD_2023])[0]
        assert row["status"] == "downloaded" and row["sha256"] == hashlib.sha256(served).hexdigest()
