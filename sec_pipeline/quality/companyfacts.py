"""A cached `companyfacts_lookup(cik)` over the EDGAR client, for the financial cross-checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sec_pipeline.vocabulary import normalize_cik

COMPANYFACTS_PATH = "/api/xbrl/companyfacts/CIK{cik:0>10}.json"


def companyfacts_path(cik: str | int) -> str:
    """The data.sec.gov path of a CIK's companyfacts JSON ('320193' -> /api/xbrl/companyfacts/CIK0000320193.json)."""
    return COMPANYFACTS_PATH.format(cik=normalize_cik(cik))


def make_companyfacts_lookup(get_json: Callable[[str], Any]) -> Callable[[str], dict | None]:
    """Wrap `EdgarClient.get_json`: returns the companyfacts dict, None when EDGAR has none (404).

    Results are memoized per CIK for the life of the returned function (one partition's validation). Other
    errors propagate, so the cross-check fails with the reason instead of passing.
    """
    from sec_pipeline.edgar.client import NotFound

    memo: dict[str, dict | None] = {}

    def lookup(cik: str) -> dict | None:
        path = companyfacts_path(cik)
        if path not in memo:
            try:
                facts = get_json(path)
            except NotFound:
                facts = None
            if facts is not None and not isinstance(facts, dict):
                raise ValueError(f"{path} did not return a JSON object; is the data URL a data.sec.gov mirror?")
            memo[path] = facts
        return memo[path]

    return lookup
