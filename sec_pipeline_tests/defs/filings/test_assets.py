"""raw_filings: a user error (malformed CIK, bad DATABASE_URL) fails the step once, never through the network retries."""

from __future__ import annotations

import dagster as dg
import pytest

from sec_pipeline.defs.resources import BlobStoreResource, StoreResource
from sec_pipeline_tests.defs.pipeline_helpers import materialize_partition, resources


@pytest.mark.parametrize(("bad", "message"), [
    ("cik", "raw_filings cannot start: CIK 'AAPL' is not a number"),
    ("database_url", "raw_filings cannot start: DATABASE_URL 'postgresql://u:***@db:abc/x' is not a database URL"),
])
def test_a_user_error_fails_raw_filings_once_without_retries(edgar_mirror, tmp_path, bad: str, message: str) -> None:
    resource_defs = resources(edgar_mirror, f"sqlite:///{tmp_path / 'app.db'}", tmp_path)
    selection: dict[str, list[str]] = {}
    if bad == "cik":
        selection = {"ciks": ["AAPL"]}
    else:
        resource_defs["store"] = StoreResource(database_url="postgresql://u:hunter2@db:abc/x",
                                               blobs=BlobStoreResource(local_dir=str(tmp_path / "blobs")))
    result = materialize_partition("2007-08-07", resource_defs, **selection)
    assert not result.success
    failure = result.failure_data_for_node("raw_filings")
    assert failure is not None and failure.user_failure_data is not None
    assert (failure.user_failure_data.description or "").startswith(message)
    events = [e.event_type for e in result.all_events if e.step_key == "raw_filings"]
    assert dg.DagsterEventType.STEP_UP_FOR_RETRY not in events
    assert "hunter2" not in str([e.message for e in result.all_events])
