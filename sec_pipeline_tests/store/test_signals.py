"""Signals: write-audit-publish. Staged rows stay invisible until publish; publish is atomic per scope."""

from __future__ import annotations

from datetime import date

import pytest

from sec_pipeline.store import Store

from .helpers import accession, filing_row, signal_row, strip_times

DAY = date(2024, 11, 1)
A1, A2 = accession(320193, 2024, 1), accession(789019, 2024, 2)


@pytest.fixture
def filed(store: Store) -> Store:
    store.upsert_filings([filing_row(320193, 1, day=DAY), filing_row(789019, 2, day=DAY)])
    return store


def _published(store: Store) -> dict[tuple[str, str], float]:
    return {(r["accession_no"], r["section"]): r["value"] for r in store.get_signals(filing_date=DAY)}


def test_write_audit_publish(filed: Store) -> None:
    store = filed
    assert store.stage_signals_many({A1: [signal_row("1A", "neg", 0.1), signal_row("7", "neg", 0.2)]}) == 2
    assert store.stage_signals_many({A2: [signal_row("7", "neg", 0.3)]}) == 1
    assert store.get_signals(DAY) == []  # staged is not published
    assert len(store.get_staged_signals(filing_date=DAY)) == 3
    (staged_a2,) = [r for r in store.get_staged_signals(DAY) if r["accession_no"] == A2]
    assert staged_a2["filing_date"] == DAY  # looked up from filings

    assert store.publish_signals(DAY) == 3
    assert _published(store) == {(A1, "1A"): 0.1, (A1, "7"): 0.2, (A2, "7"): 0.3}
    first = store.get_signals(filing_date=DAY)

    # A re-run stages new values but its gate fails: nothing published changes.
    store.stage_signals_many({A1: [signal_row("1A", "neg", 0.9)]})
    assert store.get_signals(filing_date=DAY) == first

    # The next publish makes published == staged: new value in, stale row (A1, section 7) out.
    assert store.publish_signals(DAY) == 2
    rows = store.get_signals(filing_date=DAY)
    assert [(r["accession_no"], r["section"], r["value"]) for r in rows] == [(A1, "1A", 0.9), (A2, "7", 0.3)]
    assert all(r["published_at"] is not None for r in rows)
    assert store.publish_signals(DAY) == 2  # idempotent
    assert strip_times(store.get_signals(filing_date=DAY)) == strip_times(rows)


def test_stage_errors(filed: Store) -> None:
    store = filed
    with pytest.raises(LookupError, match="upsert the filing first"):
        store.stage_signals_many({accession(1, 2024, 9): [signal_row("7", "neg", 0.1)]})
    with pytest.raises(ValueError, match="occurs twice"):
        store.stage_signals_many({A1: [signal_row("7", "neg", 0.1), signal_row("7", "neg", 0.2)]})
    with pytest.raises(ValueError, match="passed as a signal of"):
        store.stage_signals_many({A1: [{**signal_row("7", "neg", 0.1), "accession_no": A2}]})
    explicit = {**signal_row("7", "neg", 0.1), "filing_date": "2024-12-02"}
    store.stage_signals_many({accession(1, 2024, 9): [explicit]})  # filing_date given: no filing needed
    assert store.get_staged_signals(filing_date="2024-12-02")[0]["value"] == 0.1


def test_stage_many_is_one_transaction(filed: Store) -> None:
    store = filed
    store.stage_signals_many({A1: [signal_row("7", "old", 0.0)]})
    assert store.stage_signals_many({A1: [signal_row("7", "neg", 0.1)], A2: [signal_row("1A", "neg", 0.2),
                                                                            signal_row("7", "neg", 0.3)]}) == 3
    staged = store.get_staged_signals(filing_date=DAY)
    assert [(r["accession_no"], r["section"], r["name"]) for r in staged] == [
        (A1, "7", "neg"), (A2, "1A", "neg"), (A2, "7", "neg")]
    with pytest.raises(LookupError, match="0000000001-24-000009"):
        store.stage_signals_many({A1: [], accession(1, 2024, 9): [signal_row("7", "neg", 0.1)]})
    assert [r["accession_no"] for r in store.get_staged_signals(DAY)].count(A1) == 1  # the failed call deleted nothing
