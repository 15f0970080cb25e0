"""The signal record every extractor returns (one row of the `signals` table, less the accession)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signal:
    """One signal extracted from one section of one filing.

    `section` is the item name as `parsing` reports it ("1A", "7", "part2item1a", "2.02", "EX-99.1") or
    "filing" for filing-level signals (XBRL financials). `family` groups extractors (tone, sentiment,
    risk_change, event, financial, routing); `name` is the signal within the family; `category` is what a
    user filters on (e.g. "negative", "going_concern", "revenue"). `evidence` quotes the sentence that
    supports the signal, with its character offsets in the section text.
    """

    section: str
    family: str
    name: str
    category: str
    value: float | None = None
    label: str | None = None
    confidence: float | None = None
    evidence: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    model: str = ""
    model_version: str = ""
    tier: str = ""
    latency_s: float = 0.0
    unit: str | None = None
    period: str | None = None
