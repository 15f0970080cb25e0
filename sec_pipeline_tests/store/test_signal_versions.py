"""Published signals keep history: new values add versions and close the old ones; identical reruns add none."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sec_pipeline.store import Store

from .helpers import accession, filing_row, signal_row

DAY = date(2024, 11, 1)
A1 = accession(320193, 2024, 1)
FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


def _versions(store: Store) -> list[tuple[str, float, bool]]:
    return [(r["section"], r["value"], r["superseded_at"] is None) for r in store.get_signals(DAY, history=True)]


def test_new_values_add_versions_and_reruns_add_none(store: Store) -> None:
    accepted = datetime(2024, 11, 1, 21, 30, tzinfo=UTC)
    store.upsert_filings([filing_row(320193, 1, day=DAY, accepted_at=accepted)])
    store.stage_signals_many({A1: [signal_row("1A", "neg", 0.1), signal_row("7", "neg", 0.2)]})
    store.publish_signals(DAY)
    store.publish_signals(DAY)  # identical values: no new version
    rerun = signal_row("7", "neg", 0.2) | {"latency_s": 9.0}  # run-dependent fields are not content
    store.stage_signals_many({A1: [signal_row("1A", "neg", 0.5), rerun]})
    store.publish_signals(DAY)
    assert _versions(store) == [("1A", 0.1, False), ("1A", 0.5, True), ("7", 0.2, True)]

    old, new = store.get_signals(DAY, history=True)[:2]
    assert old["superseded_at"] == new["published_at"]
    assert all(r["available_at"] == max(accepted, r["published_at"]) for r in (old, new))
    assert [r["value"] for r in store.get_signals(DAY)] == [0.5, 0.2]  # the current view

    store.stage_signals_many({A1: [signal_row("7", "neg", 0.2)]})  # section 1A no longer staged: closed
    store.publish_signals(DAY)
    assert _versions(store) == [("1A", 0.1, False), ("1A", 0.5, False), ("7", 0.2, True)]


def test_available_at_waits_for_a_later_acceptance_and_amendments_are_marked(store: Store) -> None:
    store.upsert_filings([filing_row(320193, 1, day=DAY, form="10-K/A", accepted_at=FUTURE)])
    store.stage_signals_many({A1: [signal_row("1A", "neg", 0.1)]})
    before = datetime.now(UTC) - timedelta(seconds=1)
    store.publish_signals(DAY)
    (row,) = store.get_signals(DAY)
    assert row["available_at"] == FUTURE
    assert row["published_at"] > before
    assert row["is_amendment"] is True


def test_amendments_link_to_the_latest_earlier_filing_of_the_base_form(store: Store) -> None:
    base_old = filing_row(320193, 1, day=date(2023, 11, 1))
    base = filing_row(320193, 2, day=date(2024, 11, 1))
    other_form = filing_row(320193, 3, form="10-Q", day=date(2024, 12, 1))
    amendment = filing_row(320193, 4, form="10-K/A", day=date(2025, 1, 15))
    store.upsert_filings([base_old, base, other_form, amendment])
    accessions = [row["accession_no"] for row in (base_old, base, other_form, amendment)]
    assert store.link_amendments(accessions) == 1
    links = {f["accession_no"]: f["amends_accession_no"] for f in store.get_filings()}
    assert links == {base_old["accession_no"]: None, base["accession_no"]: None,
                     other_form["accession_no"]: None, amendment["accession_no"]: base["accession_no"]}
