"""Filing identity and lifecycle: the CIK as the store keeps it, and the filing statuses."""

from __future__ import annotations

from enum import StrEnum


def normalize_cik(cik: str | int) -> str:
    """A CIK as the store keeps it: digits without leading zeros ('0000320193' -> '320193', '0000' -> '0')."""
    text = str(cik).strip()
    if not text.isdigit():
        raise ValueError(f"CIK {cik!r} is not a number; pass the SEC Central Index Key, e.g. '320193'")
    return text.lstrip("0") or "0"


class FilingStatus(StrEnum):
    """Where a filing stands; each value is the string stored in `filings.status`."""

    DOWNLOADED = "downloaded"  # raw submission stored, not parsed yet
    FAILED = "failed"  # download or header read failed (error recorded); the next ingest run retries it
    PARSED = "parsed"  # sections stored
    PARSE_FAILED = "parse_failed"  # raw submission stored, the parser raised (error recorded)
    EXTRACTED = "extracted"  # signals staged


# Statuses of a filing whose raw submission is in the blob store (ingest skips it, sectioning reads it).
RAW_STORED: tuple[FilingStatus, ...] = (
    FilingStatus.DOWNLOADED, FilingStatus.PARSED, FilingStatus.PARSE_FAILED, FilingStatus.EXTRACTED,
)
# Statuses of a filing whose sections are stored (extraction reads them).
SECTIONS_STORED: tuple[FilingStatus, ...] = (FilingStatus.PARSED, FilingStatus.EXTRACTED)
