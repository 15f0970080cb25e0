"""EDGAR's company tickers file: fetched at ingestion once a day into `tickers`; signals filter and show them."""

from __future__ import annotations

from datetime import date

import pytest

from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.flows.reference_data import COMPANY_TICKERS_PATH, parse_company_tickers, store_tickers
from sec_pipeline.store import Store
from sec_pipeline.store.signals_query import SignalFilter, query_signals
from sec_pipeline_tests.store.helpers import accession, filing_row, signal_row

TODAY = date(2026, 12, 1)


def test_the_file_keeps_edgars_order_and_the_first_row_of_a_ticker() -> None:
    rows = parse_company_tickers({"1": {"cik_str": 1652044, "ticker": "goog", "title": "Alphabet Inc."},
                                  "0": {"cik_str": 1652044, "ticker": "GOOGL", "title": "Alphabet Inc."},
                                  "2": {"cik_str": 1, "ticker": "GOOG", "title": "Impostor"}})
    assert [(r["ticker"], r["cik"], r["rank"]) for r in rows] == [("GOOGL", "1652044", 0), ("GOOG", "1652044", 1)]
    with pytest.raises(ValueError, match="entry '0' lacks cik_str or ticker"):
        parse_company_tickers({"0": {"title": "no ticker"}})
    with pytest.raises(ValueError, match="is not a JSON object"):
        parse_company_tickers([])


def test_tickers_are_fetched_from_the_mirror_once_a_day(client: EdgarClient, sqlite_store: Store) -> None:
    first = store_tickers(client, sqlite_store, TODAY)
    assert (first.fetched, first.reused, first.errors) == (1, 0, {})
    before = client.stats["requests"]
    assert store_tickers(client, sqlite_store, TODAY).reused == 1
    assert client.stats["requests"] == before


def test_a_failed_fetch_is_reported_and_never_raises(sqlite_store: Store) -> None:
    class Broken:
        def get_json(self, path: str) -> object:
            raise ConnectionError(f"no route to {path}")

    report = store_tickers(Broken(), sqlite_store, TODAY)
    assert report.errors == {COMPANY_TICKERS_PATH: f"ConnectionError: no route to {COMPANY_TICKERS_PATH}"}


def test_signals_filter_by_any_ticker_and_show_the_main_one(store: Store) -> None:
    day = date(2024, 11, 1)
    store.replace_tickers([{"ticker": "GOOGL", "cik": 1652044, "title": "Alphabet", "rank": 0},
                           {"ticker": "GOOG", "cik": 1652044, "title": "Alphabet", "rank": 1}])
    store.upsert_filings([filing_row(1652044, 1, day=day), filing_row(2488, 2, day=day)])
    store.stage_signals_many({accession(1652044, 2024, 1): [signal_row("1A", "neg", 0.1)],
                              accession(2488, 2024, 2): [signal_row("1A", "neg", 0.2)]})
    store.publish_signals(day)
    for ticker in ("GOOG", "googl"):
        rows = query_signals(store.engine, SignalFilter(ticker=ticker)).rows
        assert [(r["cik"], r["ticker"]) for r in rows] == [("1652044", "GOOGL")]
    every = query_signals(store.engine, SignalFilter()).rows
    assert {r["cik"]: r["ticker"] for r in every} == {"1652044": "GOOGL", "2488": None}
