"""Acceptance datetimes: Eastern header values to UTC across daylight saving, and the end-of-day fallback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sec_pipeline.edgar.acceptance import accepted_at


@pytest.mark.parametrize(("header", "expected"), [
    ("20040211143000", datetime(2004, 2, 11, 19, 30, tzinfo=UTC)),  # EST, UTC-5
    ("20240725163012", datetime(2024, 7, 25, 20, 30, 12, tzinfo=UTC)),  # EDT, UTC-4
])
def test_header_value_is_eastern_time(header: str, expected: datetime) -> None:
    assert accepted_at(header, date(2000, 1, 1)) == (expected, False)


def test_missing_value_falls_back_to_the_end_of_the_filing_date_eastern() -> None:
    assert accepted_at(None, date(2004, 2, 11)) == (datetime(2004, 2, 12, 4, 59, 59, tzinfo=UTC), True)


def test_malformed_value_names_itself() -> None:
    with pytest.raises(ValueError, match="'2004-02-11' is not YYYYMMDDHHMMSS"):
        accepted_at("2004-02-11", date(2004, 2, 11))
