"""parsed_sections: split each stored filing of a partition into its Items."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sec_pipeline.edgar.sgml import parse_submission
from sec_pipeline.parsing.api import PARSER_VERSION, parse_submission_sections
from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.quality.rules import missing_items
from sec_pipeline.vocabulary import RAW_STORED, FilingStatus, form_family, normalize_cik, normalize_item


@dataclass
class SectionReport:
    """What one parsed_sections run did."""

    filing_date: str
    filings: int = 0
    parsed: int = 0
    failed: int = 0
    sections: int = 0
    sections_by_form: Counter = field(default_factory=Counter)
    missing_required: dict[str, list[str]] = field(default_factory=dict)
    confidences: list[float] = field(default_factory=list)
    eight_k_checked: int = 0
    eight_k_agree: int = 0
    megabytes: float = 0.0
    parse_seconds: float = 0.0
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def mean_confidence(self) -> float:
        """Mean section confidence (0 when there are no sections)."""
        return statistics.fmean(self.confidences) if self.confidences else 0.0

    @property
    def eight_k_agreement(self) -> float | None:
        """Share of 8-Ks whose items found equal the declared items (None when none declared)."""
        return self.eight_k_agree / self.eight_k_checked if self.eight_k_checked else None

    @property
    def seconds_per_mb(self) -> float:
        """Parse seconds per megabyte of raw submission."""
        return self.parse_seconds / self.megabytes if self.megabytes else 0.0


def missing_required_items(form_type: str, filing_date: date, items: list[str]) -> list[str]:
    """Required items (per form and era, as the validation suite defines them) that the parse did not find."""
    return missing_items(form_type, filing_date.year, {normalize_item(i) for i in items}) or []


def section_rows(accession_no: str, form_type: str, sections: Iterable) -> list[dict[str, object]]:
    """Rows of the `sections` table for parsed sections."""
    return [
        {
            "accession_no": accession_no,
            "item": s.item,
            "form_type": form_type,
            "title": s.title,
            "start_offset": s.start,
            "end_offset": s.end,
            "source_start": s.source_start,
            "source_end": s.source_end,
            "char_count": s.char_count,
            "confidence": s.confidence,
            "warnings": list(s.warnings),
            "text": s.text,
            "parser_version": PARSER_VERSION,
        }
        for s in sections
    ]


def parse_partition(
    store,
    blobs,
    day: date,
    *,
    accessions: Iterable[str] | None = None,
    ciks: Iterable[str] = (),
    log: Callable[[str], None] = lambda _msg: None,
) -> SectionReport:
    """Parse every downloaded filing of `day` (or the given accessions) and replace its sections."""
    report = SectionReport(filing_date=day.isoformat())
    filings = store.get_filings(
        filing_date=day, accessions=list(accessions) if accessions else None, statuses=list(RAW_STORED)
    )
    wanted_ciks = {normalize_cik(c) for c in ciks}
    for filing in filings:
        if wanted_ciks and filing["cik"] not in wanted_ciks:
            continue
        report.filings += 1
        accession = filing["accession_no"]
        try:
            raw = blobs.get(filing["raw_uri"])
            started = time.perf_counter()
            submission = parse_submission(raw)
            parsed = parse_submission_sections(submission)
            report.parse_seconds += time.perf_counter() - started
            report.megabytes += len(raw) / 1e6
        except Exception as exc:  # one bad filing never sinks the partition
            error = f"{type(exc).__name__}: {exc}"
            store.set_filing_status(accession, FilingStatus.PARSE_FAILED, error)
            report.failed += 1
            report.errors[accession] = error
            log(f"parse failed {accession}: {error}")
            continue
        store.replace_sections(accession, section_rows(accession, filing["form_type"], parsed.sections))
        store.set_filing_status(accession, FilingStatus.PARSED, None)
        report.parsed += 1
        form = form_family(filing["form_type"])
        items = [s.item for s in parsed.sections]
        report.sections += len(items)
        report.sections_by_form[form] += len(items)
        report.confidences.extend(s.confidence for s in parsed.sections)
        missing = missing_required_items(filing["form_type"], filing["filing_date"], items)
        if missing:
            report.missing_required[accession] = missing
        if form == "8-K" and filing.get("declared_items"):
            report.eight_k_checked += 1
            found = [i for i in items if not i.upper().startswith("EX-")]
            if compare_8k_items(found, filing["declared_items"]).agree:
                report.eight_k_agree += 1
    return report
