"""Per-filing checks and per-partition figures of section parsing (the parsed_sections asset metadata)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from sec_pipeline.parsing.api import ParsedDocument
from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.parsing.items import form_family

# Items every filing of the form must have (Item 1A only since 2005, so it is not required here).
REQUIRED_ITEMS: dict[str, tuple[str, ...]] = {
    "10-K": ("1", "7", "8"),
    "10-Q": ("part1item1", "part1item2"),
}


def missing_required_items(doc: ParsedDocument) -> list[str]:
    """Required items the parser did not find; for an 8-K, ["any item"] when it found no item at all."""
    family = form_family(doc.form)
    found = set(doc.items())
    if family == "8-K":
        return [] if any(not i.startswith("EX-") for i in found) else ["any item"]
    return [i for i in REQUIRED_ITEMS[family] if i not in found]


@dataclass(frozen=True)
class ParseRecord:
    """One parsed filing with what it cost: seconds spent and bytes of source."""

    doc: ParsedDocument
    seconds: float
    source_bytes: int


def partition_metrics(records: list[ParseRecord]) -> dict[str, object]:
    """Sections per form, filings missing required items, mean confidence, 8-K agreement rate, s/MB."""
    sections_per_form: Counter[str] = Counter()
    confidences: list[float] = []
    missing = 0
    agree = compared = 0
    for r in records:
        family = form_family(r.doc.form)
        sections_per_form[family] += len(r.doc.sections)
        confidences += [s.confidence for s in r.doc.sections]
        missing += bool(missing_required_items(r.doc))
        if family == "8-K" and r.doc.declared_items:
            compared += 1
            agree += compare_8k_items(r.doc.items(), r.doc.declared_items).agree
    megabytes = sum(r.source_bytes for r in records) / 1e6
    return {
        "filings": len(records),
        "sections_per_form": dict(sections_per_form),
        "filings_missing_required_items": missing,
        "mean_confidence": round(statistics.fmean(confidences), 4) if confidences else None,
        "eight_k_agreement_rate": round(agree / compared, 4) if compared else None,
        "eight_k_compared": compared,
        "parse_seconds_per_mb": round(sum(r.seconds for r in records) / megabytes, 4) if megabytes else None,
    }
