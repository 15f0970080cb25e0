"""parsed_sections: split each stored filing of a partition (and the previous filings ingestion linked to them)
into its Items, and keep the filing's inline-XBRL document in the blob store for extraction."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from sec_pipeline.edgar.sgml import decode
from sec_pipeline.flows.batches import FilingRows, batched, write_batch
from sec_pipeline.parsing.api import PARSER_VERSION, ParsedDocument, parse_text
from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.parsing.sections import Section
from sec_pipeline.quality.rules import missing_items
from sec_pipeline.store.blobs import BlobStore, raw_key
from sec_pipeline.store.rows import Filing, SectionInput
from sec_pipeline.store.store import Store
from sec_pipeline.vocabulary import RAW_IN_BLOBS, FilingStatus, form_family, normalize_cik, normalize_item

UNPARSED_STATUSES = (FilingStatus.DOWNLOADED,)
INLINE_XBRL_NAME = "inline-xbrl.htm"  # blob name of an inline-XBRL document that has no file name


@dataclass
class SectionReport:
    """What one parsed_sections run did."""

    filing_date: str
    filings: int = 0
    parsed: int = 0
    failed: int = 0
    sections: int = 0
    sections_by_form: Counter[str] = field(default_factory=Counter)
    missing_required: dict[str, list[str]] = field(default_factory=dict)
    confidences: list[float] = field(default_factory=list)
    eight_k_checked: int = 0
    eight_k_agree: int = 0
    megabytes: float = 0.0
    parse_seconds: float = 0.0
    previous_parsed: int = 0  # linked previous filings parsed (not counted in `filings`)
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


def section_rows(accession_no: str, form_type: str, sections: Iterable[Section]) -> list[SectionInput]:
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


def parse_submission_bytes(raw: bytes, filing: Filing) -> ParsedDocument:
    """The sections of a stored filing's full submission, read as `sec-pipeline parse` reads a file."""
    return parse_text(decode(raw), filing["form_type"], name=filing["accession_no"])


def parsed_rows(blobs: BlobStore, filing: Filing, parsed: ParsedDocument) -> FilingRows[SectionInput]:
    """The filing's sections and the update of its row (primary and inline-XBRL documents, status `parsed`);
    its inline-XBRL document goes to the blob store here (once)."""
    accession = filing["accession_no"]
    ixbrl_uri = None
    if parsed.inline_xbrl is not None:
        key = raw_key(filing["cik"], accession, parsed.inline_xbrl.filename or INLINE_XBRL_NAME)
        ixbrl_uri = blobs.uri(key) if blobs.exists(key) else blobs.put(key, parsed.inline_xbrl.text.encode("utf-8"))
    return FilingRows(
        update={
            "accession_no": accession, "primary_document": parsed.primary_document or None,
            "ixbrl_document": parsed.inline_xbrl.filename if parsed.inline_xbrl else None, "ixbrl_uri": ixbrl_uri,
            "status": FilingStatus.PARSED, "error": None,
        },
        rows=section_rows(accession, filing["form_type"], parsed.sections),
    )


def parse_partition(
    store: Store,
    blobs: BlobStore,
    day: date,
    *,
    accessions: Iterable[str] | None = None,
    ciks: Iterable[str] = (),
    log: Callable[[str], None] = lambda _msg: None,
) -> SectionReport:
    """Parse every downloaded filing of `day` (or the given accessions) and replace its sections; then the
    previous filings linked to them that are not parsed yet (the year-over-year signals read their sections).

    Sections are written BATCH_FILINGS filings at a time. A filing that cannot be parsed or written is marked
    `parse_failed` with its error; the others go on.
    """
    report = SectionReport(filing_date=day.isoformat())
    wanted_ciks = {normalize_cik(c) for c in ciks}
    filings = [
        f for f in store.get_filings(
            filing_date=day, accessions=list(accessions) if accessions else None, statuses=list(RAW_IN_BLOBS)
        )
        if not wanted_ciks or f["cik"] in wanted_ciks
    ]
    report.filings = len(filings)
    for filing, parsed in _parse_all(store, blobs, filings, report, log):
        report.parsed += 1
        _count(report, filing, parsed)
    report.failed = report.filings - report.parsed
    linked = [f["previous_accession_no"] for f in filings if f["previous_accession_no"]]
    previous = store.get_filings(accessions=linked, statuses=list(UNPARSED_STATUSES)) if linked else []
    report.previous_parsed = sum(1 for _ in _parse_all(store, blobs, previous, report, log))
    return report


def _parse_all(store: Store, blobs: BlobStore, filings: Sequence[Filing], report: SectionReport,
               log: Callable[[str], None]) -> Iterator[tuple[Filing, ParsedDocument]]:
    """Parse `filings` and write them in batches; yields each filing once its sections and status are written.
    A filing that fails to parse or to be written is marked `parse_failed` and its error goes to the report."""
    for batch in batched(filings):
        done: list[tuple[Filing, ParsedDocument, FilingRows[SectionInput]]] = []
        for filing in batch:
            try:
                parsed = _parse(blobs, filing, report)
                done.append((filing, parsed, parsed_rows(blobs, filing, parsed)))
            except Exception as exc:  # one bad filing never sinks the partition
                _failed(store, filing["accession_no"], f"{type(exc).__name__}: {exc}", report, log)
        errors = write_batch(store, store.replace_sections_many, [rows for _, _, rows in done])
        for filing, parsed, _rows in done:
            if filing["accession_no"] in errors:
                _failed(store, filing["accession_no"], errors[filing["accession_no"]], report, log)
            else:
                yield filing, parsed


def _parse(blobs: BlobStore, filing: Filing, report: SectionReport) -> ParsedDocument:
    """Parse one stored filing; its time and size go to the report."""
    if not filing["raw_uri"]:
        raise ValueError(f"filing {filing['accession_no']} has no raw_uri; ingest it again to store its submission")
    raw = blobs.get(filing["raw_uri"])
    started = time.perf_counter()
    parsed = parse_submission_bytes(raw, filing)
    report.parse_seconds += time.perf_counter() - started
    report.megabytes += len(raw) / 1e6
    return parsed


def _failed(store: Store, accession: str, error: str, report: SectionReport, log: Callable[[str], None]) -> None:
    store.set_filing_status(accession, FilingStatus.PARSE_FAILED, error)
    report.errors[accession] = error
    log(f"parse failed {accession}: {error}")


def _count(report: SectionReport, filing: Filing, parsed: ParsedDocument) -> None:
    """Add a parsed filing of the partition to the report's section counts and checks."""
    accession = filing["accession_no"]
    form = form_family(filing["form_type"])
    items = [s.item for s in parsed.sections]
    report.sections += len(items)
    report.sections_by_form[form] += len(items)
    report.confidences.extend(s.confidence for s in parsed.sections)
    missing = missing_required_items(filing["form_type"], filing["filing_date"], items)
    if missing:
        report.missing_required[accession] = missing
    if form == "8-K" and filing["declared_items"]:
        report.eight_k_checked += 1
        found = [i for i in items if not i.upper().startswith("EX-")]
        if compare_8k_items(found, filing["declared_items"]).agree:
            report.eight_k_agree += 1
