"""signal_validations' and published_signals' flows on a real SQLite store: the suites, the gates, publication.

The partition is AMD's 10-K of 2023-02-27, taken through the ingest, sectioning and extraction flows first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sec_pipeline.flows.extraction import Extractors, extract_partition
from sec_pipeline.flows.sectioning import parse_partition
from sec_pipeline.flows.validation import ValidationRun, publish_partition, validate_partition
from sec_pipeline.quality.phrasebank import is_heldout
from sec_pipeline.quality.thresholds import Thresholds
from sec_pipeline.signals.routing import SentimentRouter
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline.vocabulary import SIGNAL_KEY
from sec_pipeline_tests.flows.conftest import AMD_2023, AMD_DAY


@pytest.fixture
def amd_extracted(amd_ingested: Store, blobs: LocalBlobStore) -> Store:
    """The store after the sectioning and extraction flows (lexicon sentiment: no transformer model staged)."""
    parse_partition(amd_ingested, blobs, AMD_DAY)
    extract_partition(amd_ingested, blobs, AMD_DAY, Extractors(router=SentimentRouter(None, None, lexicon_fallback=True)))
    return amd_ingested


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    """A PhraseBank file whose held-out sentences are two positive and two neutral ones."""
    lines: list[str] = []
    number = 0
    for label in ("positive", "positive", "neutral", "neutral"):
        while True:
            number += 1
            sentence = f"Net sales were EUR {number} mn in the quarter ."
            if is_heldout(sentence):
                lines.append(f"{sentence}@{label}")
                break
    path = tmp_path / "Sentences_AllAgree.txt"
    path.write_bytes("\r\n".join(lines).encode("iso-8859-1"))
    return path


def validate(store: Store, blobs: LocalBlobStore, cache_dir: Path, *, gold_path: str = "",
             load_predict: Callable[[str], Callable] | None = None, run_id: str = "") -> ValidationRun:
    """validate_partition on AMD's day with the default thresholds."""
    def refuse(model: str) -> Callable:
        raise AssertionError(f"no model should be loaded, asked for {model!r}")

    return validate_partition(store, blobs, AMD_DAY, thresholds=Thresholds(), gold_path=gold_path,
                              cache_dir=cache_dir, load_predict=load_predict or refuse, run_id=run_id)


def keys(rows: list[dict]) -> set[tuple]:
    return {tuple(row[name] for name in SIGNAL_KEY) for row in rows}


def with_sentiment_model(store: Store, model: str, version: str) -> None:
    """Restage the partition's sentiment signals as if the fast transformer tier `model@version` produced them."""
    staged = store.get_staged_signals(filing_date=AMD_DAY)
    store.stage_signals_many({AMD_2023: [{**row, "tier": "fast", "model": model, "model_version": version}
                                         if row["family"] == "sentiment" else row for row in staged]})


def test_a_clean_partition_passes_every_gate_and_records_every_outcome(amd_extracted, blobs, tmp_path) -> None:
    run = validate(amd_extracted, blobs, tmp_path / "accuracy", run_id="run-1")
    staged = amd_extracted.get_staged_signals(filing_date=AMD_DAY)
    assert (run.filings, run.signals) == (1, len(staged))
    assert {gate.name: gate.passed for gate in run.gates} == {"extraction_accuracy": True,
                                                              "validation_pass_rate": True,
                                                              "stage_failures": True}, run.gates
    assert run.gates[0].details["section_accuracy"] == {"value": 1.0, "n": 1, "threshold": 0.95}
    stored = amd_extracted.get_validations(AMD_DAY.isoformat())
    assert len(stored) == len(run.report.outcomes) > 0
    assert {row["run_id"] for row in stored} == {"run-1"} and all(row["passed"] for row in stored)
    assert b"sec_pipeline validations 2023-02-27" in blobs.get(run.data_docs_uri), "Data Docs in the blob store"


def test_publication_makes_the_published_signals_the_staged_ones(amd_extracted, blobs, tmp_path) -> None:
    validate(amd_extracted, blobs, tmp_path / "accuracy")
    assert amd_extracted.get_signals(filing_date=AMD_DAY) == [], "validation publishes nothing"
    staged = amd_extracted.get_staged_signals(filing_date=AMD_DAY)
    assert publish_partition(amd_extracted, AMD_DAY) == len(staged)
    assert keys(amd_extracted.get_signals(filing_date=AMD_DAY)) == keys(staged)
    assert publish_partition(amd_extracted, AMD_DAY) == len(staged), "publishing again changes nothing"
    assert keys(amd_extracted.get_signals(filing_date=AMD_DAY)) == keys(staged)


def test_a_missing_required_item_fails_the_extraction_gate(amd_extracted, blobs, tmp_path) -> None:
    sections = amd_extracted.get_sections(AMD_2023)
    amd_extracted.replace_sections_many({AMD_2023: [row for row in sections if row["item"] != "1A"]})
    run = validate(amd_extracted, blobs, tmp_path / "accuracy")
    extraction, pass_rate, _stage_failures = run.gates
    assert (extraction.passed, extraction.observed) == (False, 0.0)
    assert "section_accuracy 0.000 < 0.95" in extraction.message
    assert run.report.failures_by_expectation == {"sections.required_items_present": 1}
    failed = [row for row in amd_extracted.get_validations(AMD_DAY.isoformat()) if not row["passed"]]
    assert [(row["scope"], row["expectation"]) for row in failed] == [(AMD_2023, "sections.required_items_present")]
    assert pass_rate.passed, "one failed expectation of about twenty stays above the 90% pass rate"


def test_a_staged_model_is_scored_on_the_filing_test_split_without_any_setting(amd_extracted, blobs,
                                                                              tmp_path) -> None:
    from sec_pipeline.signals.filing_labels import load_filing_labels

    with_sentiment_model(amd_extracted, "tiny-finbert", "v1")
    gold = {r.text: r.label for r in load_filing_labels()}
    oracle = validate(amd_extracted, blobs, tmp_path / "oracle",
                      load_predict=lambda model: lambda sentences: [gold[s] for s in sentences]).gates[0]
    assert oracle.passed and oracle.details["tiny-finbert@v1 filing_test"]["value"] == 1.0
    assert oracle.details["tiny-finbert@v1 filing_test"]["n"] > 500

    neutral = validate(amd_extracted, blobs, tmp_path / "neutral",
                       load_predict=lambda model: lambda sentences: ["neutral"] * len(sentences)).gates[0]
    part = neutral.details["tiny-finbert@v1 filing_test"]
    assert not neutral.passed and part["value"] < part["threshold"] == Thresholds().model_filing_accuracy
    assert "tiny-finbert@v1 filing_test" in neutral.message


def test_a_staged_models_held_out_accuracy_is_the_extraction_gate(amd_extracted, blobs, tmp_path,
                                                                  gold_file) -> None:
    with_sentiment_model(amd_extracted, "tiny-finbert", "v1")
    loaded: list[str] = []

    def load_predict(model: str) -> Callable:
        loaded.append(model)
        return lambda sentences: ["neutral"] * len(sentences)

    extraction = validate(amd_extracted, blobs, tmp_path / "accuracy", gold_path=str(gold_file),
                          load_predict=load_predict).gates[0]
    assert loaded == ["tiny-finbert"], "the model is loaded once, by name, for both gold sets"
    phrasebank = extraction.details["tiny-finbert@v1 phrasebank_allagree"]
    assert (extraction.observed, phrasebank["value"], phrasebank["n"]) == (0.5, 0.5, 4)
    assert not extraction.passed and "tiny-finbert@v1 phrasebank_allagree 0.500 < 0.95" in extraction.message
