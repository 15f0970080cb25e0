"""Signal rows: their key, the families that produce them and the model tiers behind them."""

from __future__ import annotations

# One signal per (filing, section, family, name): the upsert key of `staged_signals` and `signals`.
SIGNAL_KEY: tuple[str, ...] = ("accession_no", "section", "family", "name")

# tone: lexicon word shares; sentiment: sentence classifier shares; risk_change: year-over-year similarity;
# event: 8-K items and text events; event_evidence: each sentence asserting a text event; financial: XBRL
# facts; routing: the section's complexity score.
EVENT_EVIDENCE_FAMILY = "event_evidence"
SIGNAL_FAMILIES: tuple[str, ...] = ("tone", "sentiment", "risk_change", "event", EVENT_EVIDENCE_FAMILY, "financial",
                                    "routing")

# Who produced the value: the sentiment router's tiers (fast, accurate, lexicon fallback), rule-based
# extractors (rule, rules), the learned event detector (model), XBRL facts (xbrl), or nothing recorded ("").
SIGNAL_TIERS: tuple[str, ...] = ("fast", "accurate", "lexicon", "rule", "rules", "model", "xbrl", "")
