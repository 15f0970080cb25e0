"""vocabulary.filings: CIKs and the filing statuses stored in filings.status."""

from __future__ import annotations

import json

import pytest

from sec_pipeline import vocabulary as v


def test_normalize_cik() -> None:
    assert v.normalize_cik("0000320193") == "320193"
    assert v.normalize_cik(320193) == "320193"
    assert v.normalize_cik(" 0000 ") == "0"
    for bad in ("", "AAPL", "-1", "32 0193"):
        with pytest.raises(ValueError, match="is not a number"):
            v.normalize_cik(bad)


def test_filing_status_values_are_the_stored_strings() -> None:
    assert {s.value for s in v.FilingStatus} == {"downloaded", "failed", "parsed", "parse_failed", "extracted"}
    status = v.FilingStatus.PARSE_FAILED
    assert status == "parse_failed" and f"{status}" == "parse_failed" and json.dumps(status) == '"parse_failed"'
    assert v.FilingStatus("extracted") is v.FilingStatus.EXTRACTED
    assert set(v.SECTIONS_STORED) < set(v.RAW_STORED) and v.FilingStatus.FAILED not in v.RAW_STORED
    assert v.FilingStatus.PARSE_FAILED not in v.RAW_STORED, "parse_failed is not done: ingest retries it"
    assert set(v.RAW_IN_BLOBS) == {*v.RAW_STORED, v.FilingStatus.PARSE_FAILED}
