"""Per-partition figures of section parsing."""

from __future__ import annotations

from sec_pipeline.parsing.api import ParsedDocument
from sec_pipeline.parsing.metrics import ParseRecord, missing_required_items, partition_metrics
from sec_pipeline.parsing.sections import Section


def _section(item: str, confidence: float = 0.9) -> Section:
    return Section(item, "t", 0, 10, 0, 10, 10, confidence, [], "x" * 10)


def test_missing_required_items() -> None:
    assert missing_required_items(ParsedDocument("10-K", [_section("1"), _section("7")], "")) == ["8"]
    assert missing_required_items(ParsedDocument("10-Q/A", [_section("part1item1"), _section("part1item2")], "")) == []
    assert missing_required_items(ParsedDocument("8-K", [_section("EX-99.1")], "")) == ["any item"]


def test_partition_metrics() -> None:
    k8_ok = ParsedDocument("8-K", [_section("2.02", 1.0), _section("9.01", 0.8)], "", declared_items=["2.02", "9.01"])
    k8_bad = ParsedDocument("8-K", [_section("8.01", 0.6)], "", declared_items=["8.01", "9.01"])
    tenk = ParsedDocument("10-K", [_section("1", 0.6)], "")
    m = partition_metrics([ParseRecord(k8_ok, 0.1, 1_000_000), ParseRecord(k8_bad, 0.1, 500_000),
                           ParseRecord(tenk, 0.3, 500_000)])
    assert m["sections_per_form"] == {"8-K": 3, "10-K": 1}
    assert m["filings_missing_required_items"] == 1
    assert m["mean_confidence"] == 0.75
    assert m["eight_k_agreement_rate"] == 0.5 and m["eight_k_compared"] == 2
    assert m["parse_seconds_per_mb"] == 0.25
