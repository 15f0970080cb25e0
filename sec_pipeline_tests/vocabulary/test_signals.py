"""vocabulary.signals: the signal key, families and tiers, as the store and the extractors use them."""

from __future__ import annotations

from sec_pipeline import vocabulary as v


def test_signal_names_match_the_store_and_the_extractors() -> None:
    from sec_pipeline.signals import changes, events, financials
    from sec_pipeline.store import schema

    assert tuple(c.name for c in schema.staged_signals.primary_key.columns) == v.SIGNAL_KEY
    assert tuple(c.name for c in schema.signals.primary_key.columns) == (*v.SIGNAL_KEY, "published_at")  # versions
    assert {events.FAMILY, changes.FAMILY, financials.FAMILY} <= set(v.SIGNAL_FAMILIES)
    assert "" in v.SIGNAL_TIERS and "rules" in v.SIGNAL_TIERS
