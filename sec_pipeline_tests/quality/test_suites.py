"""The expectation suites on a real-data partition: it passes; planted defects fail the right expectation."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.support.partition_data import (
    EIGHT_K,
    SNOW_Q,
    TEN_K,
    TEN_Q,
    companyfacts_lookup,
    good_partition,
)
from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline.quality import gx_runner
from sec_pipeline.quality.outcomes import PARTITION, ValidationOutcome
from sec_pipeline.quality.suites import run_all

pytestmark = pytest.mark.skipif(not shared_edgar_dir().is_dir(), reason="needs ../shared/edgar test data")


@pytest.fixture(scope="module")
def good_report():
    filings, sections, signals = good_partition()
    return run_all(filings, sections, signals, companyfacts_lookup=companyfacts_lookup, build_docs=True)


@pytest.fixture(scope="module")
def defect_report():
    """One partition with every planted defect, each in its own filing or row."""
    filings, sections, signals = good_partition()
    # 1. a 2024 10-K without Item 1A
    sections = sections[~((sections.accession_no == TEN_K[0]) & (sections.item == "1A"))]
    # 2. the 8-K declares 2.02 but only 8.01 was found
    filings.loc[filings.accession_no == EIGHT_K[0], "declared_items"] = pd.Series([["2.02"]], dtype=object).values
    sections = sections[sections.accession_no != EIGHT_K[0]]
    sections = pd.concat([sections, pd.DataFrame([{
        "accession_no": EIGHT_K[0], "item": "8.01", "form_type": "8-K", "title": "Other Events",
        "char_count": 900, "confidence": 0.9, "warnings": [], "filing_date": EIGHT_K[3]}])])
    signals = signals.copy()
    # 3. a probability of 1.7 in the 10-Q
    share = (signals.accession_no == TEN_Q[0]) & (signals.name == "share_positive")
    signals.loc[share, "value"] = 1.7
    # 4. a duplicated signal key in the 10-K
    signals = pd.concat([signals, signals[(signals.accession_no == TEN_K[0]) & (signals.name == "net_tone")]])
    # 5. assets != liabilities + equity for Snowflake (equity off by a billion)
    equity = (signals.accession_no == SNOW_Q[0]) & (signals.name == "stockholders_equity")
    signals.loc[equity, "value"] = signals.loc[equity, "value"] - 1e9
    # 6. a 1990s-style wrapped section that swallowed the document: 9 million chars in Item 1A of the 10-Q
    sections.loc[(sections.accession_no == TEN_Q[0]) & (sections.item == "part2item1a"), "char_count"] = 9_000_000
    return run_all(filings, sections, signals.reset_index(drop=True), companyfacts_lookup=companyfacts_lookup,
                   build_docs=False)


def _outcome(report, scope: str, expectation: str) -> ValidationOutcome:
    found = [o for o in report.outcomes if o.scope == scope and o.expectation == expectation]
    assert len(found) == 1, f"{len(found)} outcomes for {scope} {expectation}"
    return found[0]


def test_good_partition_passes_every_expectation(good_report):
    failed = [(o.scope, o.expectation, o.details) for o in good_report.outcomes if not o.passed]
    assert failed == []
    assert good_report.pass_rate == 1.0
    names = {o.expectation for o in good_report.outcomes}
    for expected in ("sections.required_items_present", "sections.items_match_declared", "sections.size_in_band",
                     "signals.schema", "signals.key_unique", "signals.value_in_unit_range",
                     "financial.balance_sheet_balances", "financial.eps_sign_consistent",
                     "financial.companyfacts_consistent"):
        assert expected in names
    assert _outcome(good_report, SNOW_Q[0], "financial.companyfacts_consistent").passed
    assert good_report.worst_filings.empty


def test_good_partition_has_data_docs(good_report):
    assert "index.html" in good_report.data_docs_files
    pages = [p for p in good_report.data_docs_files if p.startswith("validations/")]
    assert len(pages) == 4  # sections, section_bands, signals, financial
    sections_page = next(v for k, v in good_report.data_docs_files.items() if k.startswith("validations/sections/"))
    assert b"required_items_present" in sections_page and b"items_match_declared" in sections_page
    assert "Pass rate" in good_report.data_docs_html and "100.00%" in good_report.data_docs_html


def test_missing_item_1a_fails_required_items(defect_report):
    outcome = _outcome(defect_report, TEN_K[0], "sections.required_items_present")
    assert not outcome.passed
    assert outcome.details["unexpected"][0]["missing_items"] == "1a"


def test_declared_item_not_found_fails(defect_report):
    outcome = _outcome(defect_report, EIGHT_K[0], "sections.items_match_declared")
    assert not outcome.passed
    row = outcome.details["unexpected"][0]
    assert (row["declared"], row["found_8k_items"]) == ("2.02", "8.01")


def test_probability_above_one_fails_range(defect_report):
    outcome = _outcome(defect_report, TEN_Q[0], "signals.value_in_unit_range")
    assert not outcome.passed
    assert outcome.details["unexpected"][0]["name"] == "share_positive"
    assert outcome.details["unexpected"][0]["value_numeric"] == 1.7
    assert _outcome(defect_report, TEN_K[0], "signals.value_in_unit_range").passed


def test_duplicate_signal_key_fails_uniqueness(defect_report):
    assert not _outcome(defect_report, TEN_K[0], "signals.key_unique").passed
    assert _outcome(defect_report, TEN_Q[0], "signals.key_unique").passed


def test_unbalanced_balance_sheet_fails(defect_report):
    outcome = _outcome(defect_report, SNOW_Q[0], "financial.balance_sheet_balances")
    assert not outcome.passed
    assert "!= liabilities" in outcome.details["unexpected"][0]["balance_detail"]
    # the altered equity no longer matches the companyfacts value of that accession either
    assert not _outcome(defect_report, SNOW_Q[0], "financial.companyfacts_consistent").passed


def test_oversized_section_is_a_warning_not_a_gate(defect_report):
    outcome = _outcome(defect_report, TEN_Q[0], "sections.size_in_band")
    assert not outcome.passed and outcome.severity == "warn"
    gating = [o for o in defect_report.outcomes if o.severity == "error"]
    assert defect_report.pass_rate == pytest.approx(sum(o.passed for o in gating) / len(gating))
    assert defect_report.pass_rate < 1.0
    assert defect_report.failures_by_expectation["sections.size_in_band"] == 1


def test_worst_filings_lists_failing_accessions(defect_report):
    worst = defect_report.worst_filings
    assert set(worst.accession_no) == {TEN_K[0], TEN_Q[0], EIGHT_K[0], SNOW_Q[0]}
    assert "| accession_no | failures | expectations |" in defect_report.worst_filings_markdown()


def test_failing_accessions_and_summary(defect_report, good_report):
    assert defect_report.failing_accessions() == {TEN_K[0], TEN_Q[0], EIGHT_K[0], SNOW_Q[0]}
    assert defect_report.failing_accessions("warn") == {TEN_Q[0]}
    assert not defect_report.partition_failed
    summary = defect_report.summary()
    assert summary["warnings"] == 1 and summary["gating_failures"] >= 6
    assert good_report.summary()["gating_failures"] == 0 and good_report.failing_accessions() == set()


def test_gx_error_is_a_failure_not_a_pass(monkeypatch):
    filings, sections, signals = good_partition()

    def broken(self, *args, **kwargs):
        raise RuntimeError("simulated GX crash")

    monkeypatch.setattr(gx_runner.GXRunner, "_run_suite", broken)
    report = run_all(filings, sections, signals, build_docs=False)
    assert report.outcomes and not any(o.passed for o in report.outcomes)
    assert report.pass_rate == 0.0 and report.partition_failed is True
    assert report.failing_accessions() == {TEN_K[0], TEN_Q[0], EIGHT_K[0], SNOW_Q[0]}
    assert "simulated GX crash" in report.outcomes[0].details["error"]


def test_missing_column_fails_in_gx():
    filings, sections, signals = good_partition()
    report = run_all(filings, sections, signals.drop(columns=["confidence", "tier"]), build_docs=False)
    schema = _outcome(report, PARTITION, "signals.schema")
    assert not schema.passed
    confidence = [o for o in report.outcomes if o.expectation == "signals.confidence_in_range"]
    assert confidence and not any(o.passed for o in confidence)
    assert "GX error" in confidence[0].details["error"]


def test_bad_input_frame_names_the_problem():
    filings, sections, signals = good_partition()
    report = run_all(filings.drop(columns=["declared_items"]), sections, signals, build_docs=False)
    outcome = _outcome(report, PARTITION, "sections.inputs")
    assert not outcome.passed and "declared_items" in outcome.details["error"]
