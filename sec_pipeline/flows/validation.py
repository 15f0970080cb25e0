"""signal_validations and the gates: run the suites on a partition, record them, measure accuracy, publish.

Gates (thresholds from quality.thresholds): extraction accuracy (section accuracy against EDGAR's own labels,
and every transformer model whose signals are staged scored on the filing-sentiment test split, the text it is
applied to, against `model_filing_accuracy`, and on held-out PhraseBank when configured, against
`extraction_accuracy`), the validation pass rate, and stage failures (the share of the partition's filings
that failed download, parsing or extraction, and filings without any signal; the rule lives in
flows.failure_share).
Signals are staged by extraction and published by `publish_partition` only after the gates pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from sec_pipeline.flows.failure_share import StageFailures, stage_failures
from sec_pipeline.quality.financial_checks import CompanyFactsLookup
from sec_pipeline.quality.gold import (
    AccuracyResult,
    PredictFn,
    filing_accuracy,
    model_accuracy,
    section_accuracy,
)
from sec_pipeline.quality.outcomes import ValidationOutcome, ValidationReport
from sec_pipeline.quality.report_html import DATA_DOCS_FOLDER
from sec_pipeline.quality.suites import run_all
from sec_pipeline.quality.thresholds import Thresholds
from sec_pipeline.store.blobs import BlobStore
from sec_pipeline.store.frames import filings_frame, sections_frame, signals_frame
from sec_pipeline.store.rows import ValidationInput
from sec_pipeline.store.store import Store

MODEL_TIERS = ("accurate", "fast")
FILING_GOLD = "filing_test"
PHRASEBANK_GOLD = "phrasebank_allagree"
ModelScore = tuple[str, str, "AccuracyResult | Exception"]  # (model@version, gold set, result or why not)


@dataclass
class Gate:
    """One gate's verdict: observed value against its threshold, with the reason when it fails."""

    name: str
    passed: bool
    observed: float | None
    threshold: float
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class ValidationRun:
    """The suites' report, the gates, and where the Data Docs went."""

    report: ValidationReport
    gates: list[Gate]
    data_docs_uri: str | None
    filings: int
    signals: int


def models_in_use(signals: pd.DataFrame) -> list[tuple[str, str]]:
    """(model, version) pairs of the transformer tiers among a partition's staged signals."""
    if signals.empty:
        return []
    used = signals[signals["tier"].isin(MODEL_TIERS) & (signals["family"] == "sentiment")]
    return sorted({(m, v) for m, v in zip(used["model"], used["model_version"], strict=True) if m})


def measure_models(
    used: list[tuple[str, str]], gold_path: str, cache_dir: Path, load_predict: Callable[[str], PredictFn]
) -> list[ModelScore]:
    """Each model's accuracy on the filing test split and, with `gold_path`, on held-out PhraseBank (cached per
    version; the model loads once, only when some score is not cached); an exception stands for 'could not
    measure'."""
    results: list[ModelScore] = []
    for model, version in used:
        name = f"{model}@{version}"
        predict = _lazy(load_predict, model)
        for gold in (FILING_GOLD, PHRASEBANK_GOLD) if gold_path else (FILING_GOLD,):
            try:
                result = (filing_accuracy(predict, cache_dir, version) if gold == FILING_GOLD
                          else model_accuracy(predict, gold_path, cache_dir, version))
                results.append((name, gold, result))
            except Exception as exc:
                results.append((name, gold, exc))
    return results


def _lazy(load_predict: Callable[[str], PredictFn], model: str) -> PredictFn:
    loaded: list[PredictFn] = []

    def predict(sentences: list[str]) -> Sequence[str]:
        if not loaded:
            loaded.append(load_predict(model))
        return loaded[0](sentences)

    return predict


def extraction_gate(
    sections_result: AccuracyResult, model_results: list[ModelScore], threshold: float,
    filing_threshold: float | None = None,
) -> Gate:
    """Extraction accuracy = the lowest of section accuracy and each model's held-out PhraseBank accuracy, all
    against `threshold`; each model's filing-test accuracy must also reach `filing_threshold` (default:
    `threshold`). The observed value is the lowest of them all."""
    filing_threshold = threshold if filing_threshold is None else filing_threshold
    parts: dict[str, dict[str, Any]] = {"section_accuracy": {"value": sections_result.value, "n": sections_result.n,
                                                             "threshold": threshold}}
    failures = []
    for name, gold, result in model_results:
        key = f"{name} {gold}"
        if isinstance(result, Exception):
            failures.append(f"model {name} could not be measured on {gold}: {type(result).__name__}: {result}")
            parts[key] = {"error": str(result)}
            continue
        limit = filing_threshold if gold == FILING_GOLD else threshold
        parts[key] = {"value": result.value, "n": result.n, "threshold": limit,
                      **{k: result.details[k] for k in ("macro_f1", "clear_accuracy") if k in result.details}}
    below = [k for k, v in parts.items() if "value" in v and v["value"] < v["threshold"]]
    observed = min(v["value"] for v in parts.values() if "value" in v)
    passed = not failures and not below
    if failures:
        message = "; ".join(failures)
    elif below:
        message = "extraction accuracy below threshold: " + "; ".join(f"{k} {parts[k]['value']:.3f} < {parts[k]['threshold']:.2f}"
                                                  for k in below)
    else:
        worst = min((k for k in parts if "value" in parts[k]), key=lambda k: parts[k]["value"])
        message = f"extraction accuracy {observed:.3f} (lowest: {worst}); every part reaches its threshold"
    return Gate("extraction_accuracy", passed, observed, threshold, message, parts)


def pass_rate_gate(report: ValidationReport, threshold: float) -> Gate:
    """Validation pass rate against its threshold; a partition with no outcome fails (nothing was checked)."""
    if not report.outcomes:
        return Gate("validation_pass_rate", False, None, threshold, "no expectation was evaluated")
    passed = report.pass_rate >= threshold
    worst = sorted(report.failures_by_expectation.items(), key=lambda kv: -kv[1])[:5]
    message = f"pass rate {report.pass_rate:.3f} vs threshold {threshold:.2f}; most failed: {dict(worst)}"
    return Gate("validation_pass_rate", passed, report.pass_rate, threshold, message)


def failure_gate(failures: StageFailures, signals: int, max_share: float) -> Gate:
    """Fails when more than `max_share` of the partition's filings failed a stage, or when filings exist but no
    signal was staged; an empty partition passes with "no filings"."""
    details: dict[str, Any] = {"filings": failures.filings, "failed_by_stage": dict(failures.by_stage),
                               "signals": signals, "errors": dict(list(failures.errors.items())[:20])}
    if not failures.filings:
        return Gate("stage_failures", True, None, max_share, "no filings", details)
    share = failures.share
    summary = f"{failures.failed} of {failures.filings} filings failed a stage {dict(failures.by_stage)}"
    if share > max_share:
        first = dict(list(failures.errors.items())[:3])
        return Gate("stage_failures", False, share, max_share,
                    f"{summary}: share {share:.0%} > allowed {max_share:.0%}; first errors: {first}", details)
    if not signals:
        return Gate("stage_failures", False, share, max_share,
                    f"{failures.filings} filings but no signals were produced ({summary})", details)
    return Gate("stage_failures", True, share, max_share,
                f"{summary}: share {share:.0%} within the allowed {max_share:.0%}; {signals} signals", details)


def validation_rows(partition: str, run_id: str, outcomes: Iterable[ValidationOutcome]) -> list[ValidationInput]:
    """The `validations` rows of a partition's outcomes."""
    rows: list[ValidationInput] = []
    for outcome in outcomes:
        row = outcome.as_row()
        rows.append({"partition": partition, "scope": row["scope"], "expectation": row["expectation"],
                     "passed": row["passed"], "observed_value": row["observed_value"], "details": row["details"],
                     "run_id": run_id})
    return rows


def validate_partition(
    store: Store,
    blobs: BlobStore,
    day: date,
    *,
    thresholds: Thresholds,
    gold_path: str,
    cache_dir: Path,
    load_predict: Callable[[str], PredictFn],
    companyfacts_lookup: CompanyFactsLookup | None = None,
    max_failure_share: float = 0.2,
    run_id: str = "",
) -> ValidationRun:
    """Run the suites on the partition's staged data, record every outcome and evaluate the gates."""
    filings = filings_frame(store, day)
    sections = sections_frame(store, day)
    signals = signals_frame(store, day)
    report = run_all(filings, sections, signals, companyfacts_lookup=companyfacts_lookup,
                     title=f"sec_pipeline validations {day}")
    partition = day.isoformat()
    store.upsert_validations(validation_rows(partition, run_id, report.outcomes))
    docs_uri = None
    if report.data_docs_html:
        docs_uri = blobs.put(f"validations/{partition}/index.html", report.data_docs_html.encode("utf-8"))
        for relative, data in report.data_docs_files.items():
            blobs.put(f"validations/{partition}/{DATA_DOCS_FOLDER}/{relative}", data)
    gates = [
        extraction_gate(
            section_accuracy(filings, sections),
            measure_models(models_in_use(signals), gold_path, cache_dir, load_predict),
            thresholds.extraction_accuracy, thresholds.model_filing_accuracy,
        ),
        pass_rate_gate(report, thresholds.validation_pass_rate),
        failure_gate(stage_failures(filings.to_dict("records")), len(signals), max_failure_share),
    ]
    return ValidationRun(report, gates, docs_uri, len(filings), len(signals))


def publish_partition(store: Store, day: date) -> int:
    """Publish the partition's staged signals (call only after its gates passed)."""
    return store.publish_signals(day)
