"""As-of queries on SQLite and PostgreSQL: never a signal of a filing accepted after T, nor a value published
after T; always the version current at T."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from sec_pipeline.store import Store
from sec_pipeline.store.signals_query import QueryError, SignalFilter, query_signals

from .helpers import accession, filing_row, signal_row

DAY = date(2024, 11, 1)
EARLY, LATE = accession(320193, 2024, 1), accession(789019, 2024, 2)


def _tick() -> datetime:
    """A moment strictly between the writes before and after it."""
    time.sleep(0.01)
    moment = datetime.now(UTC)
    time.sleep(0.01)
    return moment


def _as_of(store: Store, moment: datetime | None) -> set[tuple[str, str, float]]:
    page = query_signals(store.engine, SignalFilter(as_of=moment), limit=1000)
    return {(r["accession_no"], r["section"], r["value"]) for r in page.rows}


def test_as_of_returns_only_what_was_accepted_and_published_by_then(store: Store) -> None:
    start = _tick()
    late_acceptance = start + timedelta(hours=1)  # accepted after every moment asked below but `later`
    store.upsert_filings([filing_row(320193, 1, day=DAY, accepted_at=start - timedelta(days=1)),
                          filing_row(789019, 2, day=DAY, accepted_at=late_acceptance)])
    store.stage_signals_many({EARLY: [signal_row("1A", "neg", 0.1)], LATE: [signal_row("7", "neg", 0.3)]})
    store.publish_signals(DAY)
    first = _tick()
    store.stage_signals_many({EARLY: [signal_row("1A", "neg", 0.5)]})  # a new model's value
    store.publish_signals(DAY)
    second = _tick()

    assert _as_of(store, start) == set(), "nothing was published yet"
    assert _as_of(store, first) == {(EARLY, "1A", 0.1)}, "the late filing was not accepted yet"
    assert _as_of(store, second) == {(EARLY, "1A", 0.5)}, "the newer value replaced the older one"
    later = late_acceptance + timedelta(seconds=1)
    assert _as_of(store, later) == {(EARLY, "1A", 0.5), (LATE, "7", 0.3)}, "knowable once accepted"
    assert _as_of(store, None) == {(EARLY, "1A", 0.5), (LATE, "7", 0.3)}

    filings = {f["accession_no"]: f["accepted_at"] for f in store.get_filings()}
    for moment in (start, first, second, later):
        for row in query_signals(store.engine, SignalFilter(as_of=moment), limit=1000).rows:
            assert filings[row["accession_no"]] <= moment
            assert row["published_at"] <= moment and row["available_at"] <= moment


def test_a_filing_of_unknown_acceptance_is_never_returned_as_of(store: Store) -> None:
    store.upsert_filings([filing_row(320193, 1, day=DAY)])  # accepted_at unknown
    store.stage_signals_many({EARLY: [signal_row("1A", "neg", 0.1)]})
    store.publish_signals(DAY)
    assert _as_of(store, datetime.now(UTC) + timedelta(days=1)) == set()
    assert _as_of(store, None) == {(EARLY, "1A", 0.1)}


def test_as_of_without_a_time_zone_is_refused(store: Store) -> None:
    with pytest.raises(QueryError, match="has no time zone"):
        query_signals(store.engine, SignalFilter(as_of=datetime(2004, 2, 11, 14, 30)))
