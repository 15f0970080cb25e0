"""Companyfacts are fetched at ingestion into the blob store, and validation reads them from there only."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from sec_pipeline.edgar.client import EdgarClient, NotFound
from sec_pipeline.flows.reference_data import (
    ReferenceDataMissing,
    companyfacts_key,
    store_companyfacts,
    stored_companyfacts_lookup,
)
from sec_pipeline.quality.companyfacts import companyfacts_path
from sec_pipeline.store import LocalBlobStore


def test_path_and_key_pad_the_cik() -> None:
    assert companyfacts_path("320193") == "/api/xbrl/companyfacts/CIK0000320193.json"
    assert companyfacts_key("0001640147") == "reference/companyfacts/CIK0001640147.json"
    with pytest.raises(ValueError, match="not a number"):
        companyfacts_path("abc")


class FakeClient:
    """get_json that counts calls; CIK 1 has no companyfacts (404), CIK 9 fails."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def get_json(self, path: str) -> dict:
        self.calls.append(path)
        if "CIK0000000001" in path:
            raise NotFound("https://data.sec.gov" + path)
        if "CIK0000000009" in path:
            raise ConnectionError("EDGAR down")
        return {"cik": int(path[-15:-5]), "facts": {"us-gaap": {}}}


def filing(cik: str, form: str, day: str) -> dict:
    return {"cik": cik, "form_type": form, "filing_date": date.fromisoformat(day)}


def test_fetched_once_per_company_reused_then_refreshed_for_a_later_filing(tmp_path: Path) -> None:
    blobs, client = LocalBlobStore(tmp_path), FakeClient()
    filings = [filing("2488", "10-K", "2023-02-27"), filing("2488", "10-Q/A", "2023-02-27"),
               filing("1", "10-Q", "2023-02-27"), filing("5", "8-K", "2023-02-27")]
    first = store_companyfacts(client, blobs, filings)
    assert (first.fetched, first.reused, first.errors) == (2, 0, {})
    assert client.calls == [companyfacts_path("1"), companyfacts_path("2488")]  # no 8-K-only company
    again = store_companyfacts(client, blobs, filings)
    assert (again.fetched, again.reused) == (0, 2) and len(client.calls) == 2
    later = store_companyfacts(client, blobs, [filing("2488", "10-K", "2999-01-02")])
    assert later.fetched == 1 and client.calls[-1] == companyfacts_path("2488")
    lookup = stored_companyfacts_lookup(blobs)
    assert lookup("0000002488") == {"cik": 2488, "facts": {"us-gaap": {}}}
    assert lookup("1") is None  # EDGAR has none: nothing to compare with


def test_a_failed_fetch_is_reported_and_validation_says_what_is_missing(tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path)
    report = store_companyfacts(FakeClient(), blobs, [filing("9", "10-K", "2023-02-27")])
    assert report.fetched == 0 and "EDGAR down" in report.errors["9"]
    with pytest.raises(ReferenceDataMissing, match="CIK 9 were not stored at ingestion; rematerialize raw_filings"):
        stored_companyfacts_lookup(blobs)("9")


def test_through_the_mirror(edgar_client: EdgarClient, shared_edgar: Path, tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path)
    store_companyfacts(edgar_client, blobs, [filing("1640147", "10-K", "2023-03-29"),
                                             filing("320193", "10-K", "2022-10-28")])
    expected = json.loads(gzip.decompress((shared_edgar / "api/companyfacts/CIK0001640147.snow.pretty.json.gz")
                                          .read_bytes()))
    lookup = stored_companyfacts_lookup(blobs)
    assert lookup("1640147") == expected and "us-gaap" in expected["facts"]
    assert lookup("320193") is None  # the shared tree holds no Apple companyfacts: EDGAR's 404
