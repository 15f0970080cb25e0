"""Flow tests run on a real SQLite store with a local blob store, against the loopback EDGAR mirror."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.conftest import TEST_USER_AGENT

AMD_2023 = "0000002488-23-000047"  # 10-K of 2023-02-27, whose previous 10-K is AMD's of 2018-02-27
AMD_2018 = "0000002488-18-000042"
AMD_DAY = date(2023, 2, 27)


@pytest.fixture
def blobs(tmp_path: Path) -> LocalBlobStore:
    """A local blob store under the test's folder."""
    return LocalBlobStore(tmp_path / "blobs")


@pytest.fixture
def sqlite_store(tmp_path: Path, blobs: LocalBlobStore) -> Iterator[Store]:
    """A migrated SQLite store under the test's folder."""
    store = Store(f"sqlite:///{tmp_path / 'app.db'}", blobs=blobs)
    store.migrate()
    try:
        yield store
    finally:
        store.dispose()


@pytest.fixture
def client(edgar_mirror: str) -> Iterator[EdgarClient]:
    """A client of the session mirror with its own request counters."""
    with EdgarClient(TEST_USER_AGENT, edgar_url=edgar_mirror, data_url=edgar_mirror, rate_limit=10.0,
                     throttle_pause_s=0.2, backoff_s=0.05, timeout=10.0) as edgar:
        yield edgar


@pytest.fixture
def amd_ingested(client: EdgarClient, sqlite_store: Store, blobs: LocalBlobStore) -> Store:
    """The store after raw_filings' flow for AMD's 10-K of 2023-02-27 (with its linked 2018 10-K)."""
    from sec_pipeline.flows.ingest import ingest_partition

    ingest_partition(client, sqlite_store, blobs, AMD_DAY, forms=["10-K"], ciks=["2488"])
    return sqlite_store
