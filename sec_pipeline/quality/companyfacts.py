"""Where a company's companyfacts JSON lives on data.sec.gov (fetched at ingestion: flows.reference_data)."""

from __future__ import annotations

from sec_pipeline.vocabulary import normalize_cik

COMPANYFACTS_PATH = "/api/xbrl/companyfacts/CIK{cik:0>10}.json"


def companyfacts_path(cik: str | int) -> str:
    """The data.sec.gov path of a CIK's companyfacts JSON ('320193' -> /api/xbrl/companyfacts/CIK0000320193.json)."""
    return COMPANYFACTS_PATH.format(cik=normalize_cik(cik))
