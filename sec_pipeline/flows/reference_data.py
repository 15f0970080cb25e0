"""Reference data that validation compares filings with, fetched from EDGAR during ingestion and kept in the
blob store, so that only ingestion (in the `sec_edgar` pool, rate-limited) talks to EDGAR.

Each company's companyfacts JSON (data.sec.gov), for the financial cross-checks of 10-Ks and 10-Qs: a stored
copy is reused until a filing of a later date needs it (its facts are then refreshed once). And EDGAR's company
tickers file, kept in the `tickers` table (refreshed once a day) for the signals' ticker filter and column.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sec_pipeline.edgar.client import NotFound
from sec_pipeline.quality.companyfacts import companyfacts_path
from sec_pipeline.store.rows import TickerInput
from sec_pipeline.vocabulary import FINANCIAL_STATEMENT_FAMILIES, form_family, normalize_cik

COMPANY_TICKERS_PATH = "/files/company_tickers.json"


class ReferenceDataMissing(LookupError):
    """Validation needs reference data that ingestion did not store; the message says what to rerun."""


@dataclass
class ReferenceReport:
    """What one ingestion run did about reference data."""

    fetched: int = 0
    reused: int = 0
    errors: dict[str, str] = field(default_factory=dict)


def companyfacts_key(cik: str | int) -> str:
    """The blob key of a company's stored companyfacts ('2488' -> reference/companyfacts/CIK0000002488.json)."""
    return f"reference/companyfacts/CIK{normalize_cik(cik):0>10}.json"


def _needs_companyfacts(filing: Mapping[str, Any]) -> bool:
    try:
        return form_family(str(filing["form_type"])) in FINANCIAL_STATEMENT_FAMILIES
    except ValueError:
        return False


def _stored(blobs: Any, key: str) -> dict[str, Any] | None:
    if not blobs.exists(key):
        return None
    stored = json.loads(blobs.get(key))
    return stored if isinstance(stored, dict) else None


def store_companyfacts(client: Any, blobs: Any, filings: Iterable[Mapping[str, Any]], *,
                       log: Callable[[str], None] = lambda _msg: None) -> ReferenceReport:
    """Fetch and store the companyfacts of every company with a 10-K or 10-Q among `filings`.

    A stored copy fetched on or after the company's latest filing date here is reused. EDGAR having no
    companyfacts for a company (404) is stored too (as null facts: nothing to compare with). A failed
    fetch is reported and retried by the next run; it never fails ingestion.
    """
    report = ReferenceReport()
    latest: dict[str, date] = {}
    for filing in filings:
        if _needs_companyfacts(filing):
            cik = normalize_cik(str(filing["cik"]))
            filed = filing["filing_date"]
            filed = filed if isinstance(filed, date) else date.fromisoformat(str(filed))
            latest[cik] = max(latest.get(cik, filed), filed)
    for cik, filed in sorted(latest.items()):
        key = companyfacts_key(cik)
        stored = _stored(blobs, key)
        if stored is not None and str(stored.get("fetched_on", "")) >= filed.isoformat():
            report.reused += 1
            continue
        try:
            try:
                facts = client.get_json(companyfacts_path(cik))
            except NotFound:
                facts = None
            if facts is not None and not isinstance(facts, dict):
                raise ValueError("the answer is not a JSON object; is the data URL a data.sec.gov mirror?")
        except Exception as exc:  # reported; validation then says the data is missing
            report.errors[cik] = f"{type(exc).__name__}: {exc}"
            log(f"companyfacts of CIK {cik} not stored: {report.errors[cik]}")
            continue
        blobs.put(key, json.dumps({"fetched_on": date.today().isoformat(), "facts": facts}).encode())
        report.fetched += 1
    return report


def stored_companyfacts_lookup(blobs: Any) -> Callable[[str], dict[str, Any] | None]:
    """`lookup(cik)` for the financial cross-checks, reading what ingestion stored (never EDGAR).

    Returns the companyfacts dict, or None when EDGAR has none; raises ReferenceDataMissing when ingestion
    stored nothing for the company, so the cross-check fails with the reason instead of passing.
    """
    memo: dict[str, dict[str, Any] | None] = {}

    def lookup(cik: str) -> dict[str, Any] | None:
        key = companyfacts_key(cik)
        if key not in memo:
            stored = _stored(blobs, key)
            if stored is None:
                raise ReferenceDataMissing(f"companyfacts of CIK {normalize_cik(cik)} were not stored at "
                                           "ingestion; rematerialize raw_filings for this date")
            facts = stored.get("facts")
            memo[key] = facts if isinstance(facts, dict) else None
        return memo[key]

    return lookup


def parse_company_tickers(document: Any) -> list[TickerInput]:
    """The rows of EDGAR's company tickers file ({"0": {"cik_str", "ticker", "title"}, ...}), in its order.

    Raises ValueError when the document is not that file.
    """
    if not isinstance(document, dict):
        raise ValueError(f"{COMPANY_TICKERS_PATH} is not a JSON object; is the EDGAR URL an EDGAR mirror?")
    rows: dict[str, TickerInput] = {}
    for position, entry in sorted(document.items(), key=lambda item: int(item[0])):
        if not isinstance(entry, dict) or not entry.get("ticker") or entry.get("cik_str") is None:
            raise ValueError(f"{COMPANY_TICKERS_PATH} entry {position!r} lacks cik_str or ticker: {entry!r:.80}")
        ticker = str(entry["ticker"]).upper()
        rows.setdefault(ticker, {"ticker": ticker, "cik": str(entry["cik_str"]), "title": entry.get("title"),
                                 "rank": int(position)})
    return list(rows.values())


def store_tickers(client: Any, store: Any, today: date, *,
                  log: Callable[[str], None] = lambda _msg: None) -> ReferenceReport:
    """Fetch EDGAR's company tickers file into the store unless it was stored `today` (UTC) already.

    A failed fetch is reported (under the file's path) and retried by the next run; it never fails ingestion.
    """
    report = ReferenceReport()
    stored_at = store.tickers_updated_at()
    if stored_at is not None and stored_at.date() >= today:
        report.reused = 1
        return report
    try:
        rows = parse_company_tickers(client.get_json(COMPANY_TICKERS_PATH))
    except Exception as exc:  # reported; the previous tickers (if any) stay
        report.errors[COMPANY_TICKERS_PATH] = f"{type(exc).__name__}: {exc}"
        log(f"company tickers not stored: {report.errors[COMPANY_TICKERS_PATH]}")
        return report
    store.replace_tickers(rows)
    report.fetched = 1
    return report
