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


# Statuses of a filing that is correctly stored: "done" for ingest (skipped by reruns, counted by the completeness
# check). parse_failed is not done: the next ingest run downloads it again (from the cache when that copy passes
# the checks), resets it to downloaded, and the parser gets another try.
RAW_STORED: tuple[FilingStatus, ...] = (FilingStatus.DOWNLOADED, FilingStatus.PARSED, FilingStatus.EXTRACTED)
# Statuses of a filing whose raw submission is in the blob store (sectioning reads it, parse_failed included).
RAW_IN_BLOBS: tuple[FilingStatus, ...] = (*RAW_STORED, FilingStatus.PARSE_FAILED)
# Statuses of a filing whose sections are stored (extraction reads them).
SECTIONS_STORED: tuple[FilingStatus, ...] = (FilingStatus.PARSED, FilingStatus.EXTRACTED)
