"""extracted_signals: every parsed filing of a partition to staged signals, from the store only.

Per filing: lexicon tone for every prose section; sentence sentiment routed by complexity for MD&A,
risk factors and 8-K press releases (`model_signals`); 8-K item events and text events (going concern,
material weakness, restatement..., by the learned `event_model` detector when loaded) for every section, year-over-year similarity for risk factors and MD&A
against the company's previous filing of the form (stored and linked by ingestion), and XBRL financials from
the inline-XBRL document of 10-Ks and 10-Qs (stored by sectioning) (`rule_signals`, also behind
`sec-pipeline rule-signals`). Nothing here talks to EDGAR.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sec_pipeline.flows.batches import FilingRows, batched, write_batch
from sec_pipeline.parsing.ixbrl import IxbrlError
from sec_pipeline.signals.changes import CHANGE_ITEMS, similarity_signals
from sec_pipeline.signals.cost import estimate_cost, percentile
from sec_pipeline.signals.embeddings import Encoder
from sec_pipeline.signals.event_detector import EventDetector
from sec_pipeline.signals.events import detect_text_events, item_events
from sec_pipeline.signals.financials import extract_financials
from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline.signals.tone import tone_signals
from sec_pipeline.store.blobs import BlobStore
from sec_pipeline.store.rows import Filing, FilingUpdate, StagedSignalInput
from sec_pipeline.store.store import Store
from sec_pipeline.vocabulary import (
    FINANCIAL_STATEMENT_FAMILIES,
    SECTIONS_STORED,
    FilingStatus,
    form_family,
    normalize_cik,
)

SENTIMENT_ITEMS = {
    "10-K": {"1A", "7"},
    "10-Q": {"part1item2", "part2item1a"},
    # results, Regulation FD and other events carry the news (old numbering: 5 other events, 9 Reg FD, 12 results)
    "8-K": {"2.02", "7.01", "8.01", "5", "9", "12"},
}
MIN_PROSE_CHARS = 400


@dataclass
class Extractors:
    """What extraction needs besides the store: the routed sentiment models, a factory of the sentence
    encoder for embedding similarity (None skips that metric; called once, when first needed), and the
    cost figures; `events` is the learned text event detector (None: the text event rules)."""

    router: SentimentRouter
    encoder_factory: Callable[[], Encoder] | None = None
    events: EventDetector | None = None
    usd_per_gpu_hour: float = 2.5
    usd_per_cpu_hour: float = 0.05
    device: str = "cpu"
    _encoder: Encoder | None = None

    def encoder(self) -> Encoder | None:
        """The sentence encoder, loaded on first use (None when embeddings are off)."""
        if self._encoder is None and self.encoder_factory is not None:
            self._encoder = self.encoder_factory()
        return self._encoder


@dataclass(frozen=True)
class PreviousSections:
    """The sections of the previous filing of the form that the year-over-year signals compare with."""

    accession_no: str | None
    texts: Mapping[str, str]


@dataclass
class ExtractionReport:
    """What one extracted_signals run did."""

    filing_date: str
    filings: int = 0
    extracted: int = 0
    failed: int = 0
    signals: int = 0
    by_family: Counter[str] = field(default_factory=Counter)
    by_tier: Counter[str] = field(default_factory=Counter)
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


def rule_signals(
    form: str,
    texts: Mapping[str, str],
    *,
    declared_items: Sequence[str] = (),
    previous: PreviousSections | None = None,
    ixbrl_text: str | None = None,
    encoder: Callable[[], Encoder | None] = lambda: None,
    events: EventDetector | None = None,
    report_year: int | None = None,
) -> list[Signal]:
    """The rule-based signals of one filing from its section texts ({item: text}).

    Text events of every section (by the learned detector `events` when given, else by the rules); for 8-Ks the item events of the items found (the declared items when none
    was found); the year-over-year change of the CHANGE_ITEMS sections against `previous`; XBRL financials of
    10-Ks and 10-Qs from `ixbrl_text`, their inline-XBRL document. `encoder` is called when a comparison runs
    and gives the sentence encoder (None skips the embedding metric). `report_year`, the year of the period the
    filing reports on, lets the learned detector drop events a sentence dates before it.
    """
    form = form_family(form)
    signals: list[Signal] = []
    if events is not None:
        signals += events.detect_filing(form, texts, report_year)
    else:
        for item, text in texts.items():
            signals += detect_text_events(item, text)
    if form == "8-K":
        found = {item: text for item, text in texts.items() if not item.upper().startswith("EX-")}
        signals += item_events(found or dict.fromkeys(declared_items, ""))
    if previous is not None:
        for item in CHANGE_ITEMS.get(form, ()):
            if texts.get(item) and previous.texts.get(item):
                model = encoder()
                signals += similarity_signals(item, texts[item], previous.texts[item], model,
                                              embeddings=model is not None, previous_accession=previous.accession_no)
    if form in FINANCIAL_STATEMENT_FAMILIES and ixbrl_text is not None:
        try:
            signals += extract_financials(ixbrl_text, form)
        except IxbrlError:
            pass  # "ix:" without inline XBRL facts: the filing simply has no financial signals
    return signals


def model_signals(form: str, texts: Mapping[str, str], router: SentimentRouter) -> list[Signal]:
    """Lexicon tone of every prose section and routed transformer sentiment of the SENTIMENT_ITEMS ones."""
    form = form_family(form)
    signals: list[Signal] = []
    for item, text in texts.items():
        if len(text) < MIN_PROSE_CHARS:
            continue
        signals += tone_signals(item, text)
        if wants_sentiment(form, item):
            signals += router.run_section(item, text).signals
    return signals


def extract_filing(
    extractors: Extractors,
    filing: Filing,
    texts: Mapping[str, str],
    previous: PreviousSections | None = None,
    ixbrl_text: str | None = None,
) -> list[Signal]:
    """All signals of one filing (a `filings` row) from its section texts, the previous filing's sections and
    its inline-XBRL document."""
    period = filing.get("period_of_report")
    return model_signals(filing["form_type"], texts, extractors.router) + rule_signals(
        filing["form_type"], texts, declared_items=filing["declared_items"] or [], previous=previous,
        ixbrl_text=ixbrl_text, encoder=extractors.encoder, events=extractors.events,
        report_year=period.year if period else None,
    )


def previous_sections(store: Store, filing: Filing, texts: Mapping[str, str]) -> PreviousSections | None:
    """The stored sections to compare with: of the previous filing ingestion linked, or, for a filing ingestion
    never looked up (imported), of the latest earlier filing of the form in the store. None when there is
    none or the filing has no section to compare."""
    items = [item for item in CHANGE_ITEMS.get(form_family(filing["form_type"]), ()) if texts.get(item)]
    if not items:
        return None
    accession = filing["previous_accession_no"]
    if filing["previous_checked_at"] is None:
        earlier = store.previous_filing(filing["cik"], filing["form_type"], filing["filing_date"])
        accession = earlier["accession_no"] if earlier else None
    if not accession:
        return None
    rows = store.get_sections([accession], items=items)
    return PreviousSections(accession, {r["item"]: r.get("text") or "" for r in rows}) if rows else None


def inline_xbrl_text(blobs: BlobStore, filing: Filing) -> str | None:
    """The stored inline-XBRL document of a 10-K or 10-Q (None for other forms or when it has none)."""
    if form_family(filing["form_type"]) not in FINANCIAL_STATEMENT_FAMILIES or not filing["ixbrl_uri"]:
        return None
    return blobs.get(filing["ixbrl_uri"]).decode("utf-8")


def staged_rows(
    accession_no: str, filing_date: date, signals: Sequence[Signal], cost_usd: float
) -> list[StagedSignalInput]:
    """The `staged_signals` rows of one filing's signals, each carrying its share of the filing's cost."""
    return [
        {
            "accession_no": accession_no, "filing_date": filing_date, "section": s.section, "family": s.family,
            "name": s.name, "category": s.category, "value": s.value, "label": s.label, "confidence": s.confidence,
            "evidence": s.evidence, "evidence_start": s.evidence_start, "evidence_end": s.evidence_end,
            "model": s.model, "model_version": s.model_version, "tier": s.tier, "latency_s": s.latency_s,
            "cost_usd": cost_usd, "unit": s.unit, "period": s.period,
        }
        for s in signals
    ]


@dataclass(frozen=True)
class _Extracted:
    """One filing's deduplicated signals, their rows and what they cost, waiting for their batch's write."""

    signals: list[Signal]
    dropped: int
    seconds: float
    cost: float
    rows: FilingRows[StagedSignalInput]


def extract_partition(
    store: Store,
    blobs: BlobStore,
    day: date,
    extractors: Extractors,
    *,
    accessions: Iterable[str] | None = None,
    ciks: Iterable[str] = (),
    log: Callable[[str], None] = lambda _msg: None,
) -> ExtractionReport:
    """Stage the signals of every parsed filing of `day`, BATCH_FILINGS filings per write; a filing that fails
    (to be extracted or written) is recorded with its error and skipped, and keeps its status."""
    report = ExtractionReport(filing_date=day.isoformat())
    wanted_ciks = {normalize_cik(c) for c in ciks}
    filings = [
        f for f in store.get_filings(
            filing_date=day, accessions=list(accessions) if accessions else None, statuses=list(SECTIONS_STORED)
        )
        if not wanted_ciks or f["cik"] in wanted_ciks
    ]
    report.filings = len(filings)
    for batch in batched(filings):
        done: list[_Extracted] = []
        for filing in batch:
            try:
                done.append(_extract(store, blobs, filing, extractors))
            except Exception as exc:  # one bad filing never sinks the partition
                _failed(store, filing["accession_no"], f"{type(exc).__name__}: {exc}", report, log)
        errors = write_batch(store, store.stage_signals_many, [extracted.rows for extracted in done])
        for extracted in done:
            if extracted.rows.accession_no in errors:
                _failed(store, extracted.rows.accession_no, errors[extracted.rows.accession_no], report, log)
            else:
                _count(report, extracted)
    return report


def _extract(store: Store, blobs: BlobStore, filing: Filing, extractors: Extractors) -> _Extracted:
    """The signals of one filing from the store, timed and costed."""
    accession = filing["accession_no"]
    texts = {s["item"]: s.get("text") or "" for s in store.get_sections([accession])}
    previous = previous_sections(store, filing, texts)
    ixbrl_text = inline_xbrl_text(blobs, filing)
    started = time.perf_counter()
    # every model of the filing counts (sentiment tiers, the sentence encoder, rules), not only routing
    signals = extract_filing(extractors, filing, texts, previous, ixbrl_text)
    seconds = time.perf_counter() - started
    signals, dropped = dedupe(signals)
    cost = estimate_cost(seconds, extractors.device, extractors.usd_per_gpu_hour, extractors.usd_per_cpu_hour)
    rows = staged_rows(accession, filing["filing_date"], signals, cost / len(signals) if signals else 0.0)
    update: FilingUpdate = {"accession_no": accession, "status": FilingStatus.EXTRACTED, "error": None}
    return _Extracted(signals, dropped, seconds, cost, FilingRows(update, rows))


def _failed(store: Store, accession: str, error: str, report: ExtractionReport, log: Callable[[str], None]) -> None:
    """Record the failure on the filing (status `parsed` kept, error set: the stage_failures gate counts it)."""
    store.set_filing_status(accession, FilingStatus.PARSED, error)
    report.failed += 1
    report.errors[accession] = error
    log(f"extraction failed {accession}: {error}")


def _count(report: ExtractionReport, extracted: _Extracted) -> None:
    """Add a filing whose signals are staged to the report."""
    report.extracted += 1
    report.signals += len(extracted.signals)
    report.duplicates_dropped += extracted.dropped
    report.seconds_per_filing.append(extracted.seconds)
    report.cost_per_filing.append(extracted.cost)
    for signal in extracted.signals:
        report.by_family[signal.family] += 1
        if signal.family == "routing":
            report.by_tier[signal.tier] += 1
