"""extracted_signals: every parsed filing of a partition to staged signals.

Per filing: lexicon tone for every prose section; sentence sentiment routed by complexity for MD&A,
risk factors and 8-K press releases; 8-K item events and text events (going concern, material weakness,
restatement...) for every section; year-over-year similarity for risk factors and MD&A against the
company's previous filing of the form; XBRL financials from the primary document of 10-Ks and 10-Qs.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sec_pipeline.edgar.sgml import parse_submission
from sec_pipeline.parsing.ixbrl import IxbrlError
from sec_pipeline.signals.changes import find_previous_filing, similarity_signals
from sec_pipeline.signals.cost import estimate_cost, percentile
from sec_pipeline.signals.events import detect_text_events, item_events
from sec_pipeline.signals.financials import extract_financials
from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline.signals.tone import tone_signals
from sec_pipeline.vocabulary import SECTIONS_STORED, FilingStatus, form_family, normalize_cik

SENTIMENT_ITEMS = {
    "10-K": {"1A", "7"},
    "10-Q": {"part1item2", "part2item1a"},
    # results, Regulation FD and other events carry the news (old numbering: 5 other events, 9 Reg FD, 12 results)
    "8-K": {"2.02", "7.01", "8.01", "5", "9", "12"},
}
CHANGE_ITEMS = {"10-K": ("1A", "7"), "10-Q": ("part2item1a",)}
MIN_PROSE_CHARS = 400


@dataclass
class Extractors:
    """What extraction needs besides the store: the routed sentiment models, a factory of the sentence
    encoder for embedding similarity (None skips that metric; called once, when first needed), an EDGAR
    client for previous filings not in the store (None: store only), and the cost figures."""

    router: SentimentRouter
    encoder_factory: Callable[[], object] | None = None
    client: object | None = None
    usd_per_gpu_hour: float = 2.5
    usd_per_cpu_hour: float = 0.05
    device: str = "cpu"
    _encoder: object | None = None

    def encoder(self) -> object | None:
        """The sentence encoder, loaded on first use (None when embeddings are off)."""
        if self._encoder is None and self.encoder_factory is not None:
            self._encoder = self.encoder_factory()
        return self._encoder


@dataclass
class ExtractionReport:
    """What one extracted_signals run did."""

    filing_date: str
    filings: int = 0
    extracted: int = 0
    failed: int = 0
    signals: int = 0
    by_family: Counter = field(default_factory=Counter)
    by_tier: Counter = field(default_factory=Counter)
    seconds_per_filing: list[float] = field(default_factory=list)
    cost_per_filing: list[float] = field(default_factory=list)
    duplicates_dropped: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def p95_seconds(self) -> float:
        """95th percentile of inference seconds per filing."""
        return percentile(self.seconds_per_filing, 95) if self.seconds_per_filing else 0.0

    @property
    def mean_cost(self) -> float:
        """Mean estimated cost per filing in USD."""
        return statistics.fmean(self.cost_per_filing) if self.cost_per_filing else 0.0

    @property
    def tier_shares(self) -> dict[str, float]:
        """Share of routed sections per tier."""
        total = sum(self.by_tier.values())
        return {tier: count / total for tier, count in self.by_tier.items()} if total else {}


def wants_sentiment(form: str, item: str) -> bool:
    """MD&A, risk factors, 8-K news items and press releases (EX-99 exhibits) get transformer sentiment."""
    return item in SENTIMENT_ITEMS.get(form, set()) or (form == "8-K" and item.upper().startswith("EX-99"))


def dedupe(signals: Iterable[Signal]) -> tuple[list[Signal], int]:
    """One signal per (section, family, name): the most confident wins; returns (kept, dropped)."""
    best: dict[tuple[str, str, str], Signal] = {}
    dropped = 0
    for signal in signals:
        key = (signal.section, signal.family, signal.name)
        if key in best:
            dropped += 1
            if (signal.confidence or 0.0) <= (best[key].confidence or 0.0):
                continue
        best[key] = signal
    return list(best.values()), dropped


def previous_section_texts(store, extractors: Extractors, filing: dict, items: Iterable[str]) -> tuple[str, dict]:
    """(accession, {item: text}) of the company's previous filing of this form, from the store or EDGAR."""
    from sec_pipeline.parsing.api import parse_submission_sections

    items = list(items)
    form = filing["form_type"]
    previous = store.previous_filing(filing["cik"], form, filing["filing_date"])
    if previous is not None:
        rows = store.get_sections([previous["accession_no"]], items=items)
        if rows:
            return previous["accession_no"], {r["item"]: r["text"] or "" for r in rows}
    if extractors.client is None:
        return "", {}
    ref = find_previous_filing(extractors.client, filing["cik"], form, filing["filing_date"])
    if ref is None:
        return "", {}
    submission = parse_submission(extractors.client.get(ref.submission_path))
    sections = parse_submission_sections(submission).sections
    return ref.accession_no, {s.item: s.text for s in sections if s.item in items}


def extract_filing(store, blobs, extractors: Extractors, filing: dict, sections: list[dict]) -> list[Signal]:
    """All signals of one filing."""
    form = form_family(filing["form_type"])
    texts = {s["item"]: s.get("text") or "" for s in sections}
    signals: list[Signal] = []
    for item, text in texts.items():
        signals += detect_text_events(item, text)
        if len(text) < MIN_PROSE_CHARS:
            continue
        signals += tone_signals(item, text)
        if wants_sentiment(form, item):
            signals += extractors.router.run_section(item, text).signals
    if form == "8-K":
        declared = filing.get("declared_items") or []
        found = {item: text for item, text in texts.items() if not item.upper().startswith("EX-")}
        signals += item_events(found or dict.fromkeys(declared, ""))
    change_items = [i for i in CHANGE_ITEMS.get(form, ()) if texts.get(i)]
    if change_items:
        previous_accession, previous = previous_section_texts(store, extractors, filing, change_items)
        for item in change_items:
            if previous.get(item):
                encoder = extractors.encoder()
                signals += similarity_signals(
                    item, texts[item], previous[item], encoder,
                    embeddings=encoder is not None, previous_accession=previous_accession,
                )
    if form in ("10-K", "10-Q") and filing.get("raw_uri"):
        primary = parse_submission(blobs.get(filing["raw_uri"])).primary_document
        if primary is not None and "ix:" in primary.text[:200_000].lower():
            try:
                signals += extract_financials(primary.text, form)
            except IxbrlError:
                pass  # "ix:" without inline XBRL facts: the filing simply has no financial signals
    return signals


def extract_partition(
    store,
    blobs,
    day: date,
    extractors: Extractors,
    *,
    accessions: Iterable[str] | None = None,
    ciks: Iterable[str] = (),
    log: Callable[[str], None] = lambda _msg: None,
) -> ExtractionReport:
    """Stage the signals of every parsed filing of `day`; a filing that fails is recorded and skipped."""
    report = ExtractionReport(filing_date=day.isoformat())
    wanted_ciks = {normalize_cik(c) for c in ciks}
    filings = [
        f for f in store.get_filings(
            filing_date=day, accessions=list(accessions) if accessions else None, statuses=list(SECTIONS_STORED)
        )
        if not wanted_ciks or f["cik"] in wanted_ciks
    ]
    for filing in filings:
        report.filings += 1
        accession = filing["accession_no"]
        try:
            sections = store.get_sections([accession])
            started = time.perf_counter()
            # every model of the filing counts (sentiment tiers, the sentence encoder, rules), not only routing
            signals = extract_filing(store, blobs, extractors, filing, sections)
            seconds = time.perf_counter() - started
        except Exception as exc:  # one bad filing never sinks the partition
            report.failed += 1
            report.errors[accession] = f"{type(exc).__name__}: {exc}"
            log(f"extraction failed {accession}: {report.errors[accession]}")
            continue
        signals, dropped = dedupe(signals)
        report.duplicates_dropped += dropped
        cost = estimate_cost(seconds, extractors.device, extractors.usd_per_gpu_hour, extractors.usd_per_cpu_hour)
        per_signal_cost = cost / len(signals) if signals else 0.0
        rows = []
        for signal in signals:
            row = signal.as_row(accession)
            row["filing_date"] = filing["filing_date"]
            row["cost_usd"] = per_signal_cost
            rows.append(row)
            report.by_family[signal.family] += 1
            if signal.family == "routing":
                report.by_tier[signal.tier] += 1
        store.stage_signals(accession, rows)
        store.set_filing_status(accession, FilingStatus.EXTRACTED, None)
        report.extracted += 1
        report.signals += len(rows)
        report.seconds_per_filing.append(seconds)
        report.cost_per_filing.append(cost)
    return report
