"""raw_filings' flow: the previous filing of the form is stored once and linked; later runs reuse it."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.edgar.index import entries_for_date
from sec_pipeline.flows.ingest import ingest_partition
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.flows.conftest import AMD_2018, AMD_2023, AMD_DAY


def ingest(client: EdgarClient, store: Store, blobs: LocalBlobStore, day: date = AMD_DAY):
    return ingest_partition(client, store, blobs, day, forms=["10-K"], ciks=["2488"])


def test_previous_filing_is_stored_once_linked_and_reused(client, sqlite_store, blobs) -> None:
    first = ingest(client, sqlite_store, blobs)
    assert (first.downloaded, first.previous.downloaded, first.previous.linked) == (1, 1, 1)
    filing = sqlite_store.get_filings(accessions=[AMD_2023])[0]
    assert filing["previous_accession_no"] == AMD_2018 and filing["previous_checked_at"] is not None
    # The mirror's header has no ACCEPTANCE-DATETIME: the end of the filing date, Eastern, stands in.
    assert (filing["accepted_at"], filing["accepted_at_is_fallback"]) == (datetime(2023, 2, 28, 4, 59, 59, tzinfo=UTC), True)
    previous = sqlite_store.get_filings(accessions=[AMD_2018])[0]
    assert previous["filing_date"] == date(2018, 2, 27) and previous["form_type"] == "10-K"
    assert previous["status"] == "downloaded" and previous["cik"] == "2488"
    assert previous["sha256"] == hashlib.sha256(blobs.get(previous["raw_uri"])).hexdigest()
    assert sqlite_store.get_filings(filing_date=AMD_DAY) == [filing], "the previous filing keeps its own date"

    before = client.stats["requests"]
    entries_for_date(client, AMD_DAY)
    index_requests = client.stats["requests"] - before
    second = ingest(client, sqlite_store, blobs)
    assert (second.downloaded, second.skipped_existing) == (0, 1)
    assert (second.previous.looked_up, second.previous.downloaded) == (0, 0)
    assert second.requests == index_requests, "a later run asks EDGAR for the daily index only"
    assert sqlite_store.get_filings(accessions=[AMD_2018])[0]["updated_at"] == previous["updated_at"]


def test_a_previous_filing_stored_by_its_own_partition_is_linked_without_download(
    client, sqlite_store, blobs
) -> None:
    own = ingest(client, sqlite_store, blobs, date(2018, 2, 27))
    assert own.downloaded == 1 and own.previous.none_found == 1, "no earlier AMD 10-K is on the mirror"
    assert sqlite_store.get_filings(accessions=[AMD_2018])[0]["previous_checked_at"] is not None
    later = ingest(client, sqlite_store, blobs)
    assert (later.previous.linked, later.previous.downloaded) == (1, 0)
    assert sqlite_store.get_filings(accessions=[AMD_2023])[0]["previous_accession_no"] == AMD_2018


class NoSubmissionsJson:
    """A client whose submissions JSON requests fail (EDGAR's data host down), everything else works."""

    def __init__(self, client: EdgarClient) -> None:
        self._client = client

    def __getattr__(self, name: str):
        return getattr(self._client, name)

    def get_json(self, path: str):
        raise ConnectionError(f"data.sec.gov unreachable for {path}")


def test_a_failed_lookup_is_reported_never_fails_the_partition_and_is_retried(client, sqlite_store, blobs) -> None:
    broken = ingest(NoSubmissionsJson(client), sqlite_store, blobs)
    assert broken.downloaded == 1 and broken.failed == 0
    assert broken.previous.failed == 1 and "unreachable" in broken.previous.errors[AMD_2023]
    assert sqlite_store.get_filings(accessions=[AMD_2023])[0]["previous_checked_at"] is None
    retried = ingest(client, sqlite_store, blobs)
    assert (retried.previous.linked, retried.previous.downloaded) == (1, 1)


@pytest.mark.parametrize(("kind", "reason"), [
    ("html-page", "EDGAR answered an HTML page instead of the filing"),
    ("cut-gzip", "the submission is truncated: document 1 has <TEXT> without </TEXT>"),
])
def test_a_200_answer_that_is_not_the_filing_is_never_stored_and_the_rerun_retries_it(
    shared_edgar, sqlite_store, blobs, tmp_path, kind: str, reason: str
) -> None:
    from benchmarks.support.shared_edgar import SharedTree
    from sec_pipeline.edgar.mirror.faults import Fault
    from sec_pipeline.edgar.mirror.server import MirrorServer
    from sec_pipeline_tests.conftest import TEST_USER_AGENT

    with MirrorServer(SharedTree(shared_edgar)) as mirror, EdgarClient(
        TEST_USER_AGENT, edgar_url=mirror.url, data_url=mirror.url, rate_limit=10.0, backoff_s=0.01,
        max_retries=1, cache_dir=tmp_path / "cache",
    ) as edgar:
        mirror.faults.script(*[Fault(kind, path_contains=f"/{AMD_2023}.txt")] * 2)
        first = ingest(edgar, sqlite_store, blobs)  # recorded, never raised: the stage_failures gate judges
        assert (first.failed, first.downloaded) == (1, 0) and reason in first.errors[AMD_2023]
        row = sqlite_store.get_filings(accessions=[AMD_2023])[0]
        assert (row["status"], row["raw_uri"], list(blobs.root.rglob("*.txt"))) == ("failed", None, [])
        assert reason in row["error"] and "\n" not in row["error"]
        assert not list((tmp_path / "cache").rglob(f"{AMD_2023}.txt"))
        second = ingest(edgar, sqlite_store, blobs)
        assert (second.failed, second.downloaded) == (0, 1)
        sqlite_store.set_filing_status(AMD_2023, "parse_failed", "parser raised")
        third = ingest(edgar, sqlite_store, blobs)
        assert (third.skipped_existing, third.downloaded) == (0, 1), "parse_failed is not done: it is retried"
        assert sqlite_store.get_filings(accessions=[AMD_2023])[0]["status"] == "downloaded"
