"""The one failure-share rule: the stage each stored filing failed, and the stage_failures gate's verdict."""

from __future__ import annotations

from sec_pipeline.flows.failure_share import StageFailures, failed_stage, stage_failures
from sec_pipeline.flows.validation import failure_gate


def test_the_stage_of_a_failure_comes_from_status_and_error() -> None:
    assert failed_stage("failed", "HTTP 404") == "download"
    assert failed_stage("parse_failed", "no items") == "parse"
    assert failed_stage("parsed", "LookupError: previous-year filing not found") == "extract"
    assert failed_stage("parsed", None) is None  # parsed, not extracted yet
    assert failed_stage("extracted", None) is None and failed_stage("downloaded", None) is None


def test_stage_failures_count_every_stage() -> None:
    rows = [
        {"accession_no": "a", "status": "failed", "error": "EDGAR answered an HTML page instead of the filing"},
        {"accession_no": "b", "status": "parse_failed", "error": "SourceError: empty"},
        {"accession_no": "c", "status": "parsed", "error": "LookupError: x"},
        {"accession_no": "d", "status": "extracted", "error": None},
        {"accession_no": "e", "status": "extracted", "error": float("nan")},  # a pandas frame's missing value
    ]
    failures = stage_failures(rows)
    assert (failures.filings, failures.failed, dict(failures.by_stage)) == (
        5, 3, {"download": 1, "parse": 1, "extract": 1})
    assert failures.share == 0.6 and failures.errors["b"] == "parse: SourceError: empty"


def test_the_gate_fails_above_the_share_and_without_signals_and_passes_an_empty_day() -> None:
    one_of_five = StageFailures(5, {"download": 1}, {"a": "download: HTTP 404"})
    assert failure_gate(one_of_five, signals=10, max_share=0.2).passed
    two_of_five = StageFailures(5, {"download": 1, "extract": 1}, {"a": "download: x", "c": "extract: y"})
    verdict = failure_gate(two_of_five, signals=10, max_share=0.2)
    assert not verdict.passed and verdict.observed == 0.4
    assert "2 of 5 filings failed a stage" in verdict.message and "share 40% > allowed 20%" in verdict.message
    none = failure_gate(StageFailures(3), signals=0, max_share=0.2)
    assert not none.passed and none.message.startswith("3 filings but no signals were produced")
    empty = failure_gate(StageFailures(0), signals=0, max_share=0.2)
    assert empty.passed and empty.observed is None and empty.message == "no filings"
