"""The expectation suites of a partition (sections, signals, financial cross-checks) and `run_all`.

Each suite is a list of `Check`s validated by Great Expectations on one frame. Domain rules that GX cannot
express directly (required items per form and era, 8-K items vs declared items, section size bands, the
financial cross-checks) are computed first as boolean columns (see section_checks and financial_checks) and
validated with `ExpectColumnValuesToBeInSet([True])`, so every rule appears in the Data Docs.

Outcome scopes: "partition" for table-level expectations (schema), else the accession number. Expectation
names are stable (`sections.required_items_present`, `signals.confidence_in_range`, ...): with the partition
and scope they form the `validations` table key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from sec_pipeline.quality import rules
from sec_pipeline.quality.financial_checks import CompanyFactsLookup, financial_checks
from sec_pipeline.quality.gx_runner import Check, GXRunner
from sec_pipeline.quality.outcomes import (
    ERROR,
    PARTITION,
    WARN,
    ValidationOutcome,
    ValidationReport,
    summarize,
)
from sec_pipeline.quality.report_html import render_outcomes_html
from sec_pipeline.quality.section_checks import filing_checks, section_band_checks
from sec_pipeline.vocabulary import SIGNAL_FAMILIES, SIGNAL_KEY, SIGNAL_TIERS


def _true(column: str) -> Callable[[Any], Any]:
    return lambda gxe: gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True])


def _not_null(column: str) -> Callable[[Any], Any]:
    return lambda gxe: gxe.ExpectColumnValuesToNotBeNull(column=column)


def sections_suite() -> list[Check]:
    """Per-filing checks on the frame from `section_checks.filing_checks`."""
    return [
        Check("sections.required_items_present", _true("required_items_present"),
              applies_column="required_items_present",
              describe="10-K from 2006 has Items 1, 1A, 7, 8 (2001-2005: 1, 7, 8); 10-Q has Part I Items 1 "
                       "and 2; pre-2001: at least one item"),
        Check("sections.items_match_declared", _true("items_match_declared"),
              applies_column="items_match_declared",
              describe="8-K items found equal the items declared in the SEC header"),
    ]


def section_bands_suite() -> list[Check]:
    """Per-section size band check (WARN) on the frame from `section_checks.section_band_checks`."""
    return [Check("sections.size_in_band", _true("section_size_in_band"), severity=WARN,
                  describe="section char_count within its item's band (vocabulary quality_band)")]


def signals_suite() -> list[Check]:
    """Schema, keys, ranges, allowed values and uniqueness on the frame from `prepare_signals`."""
    checks = [
        Check("signals.schema", lambda gxe: gxe.ExpectTableColumnsToMatchSet(
            column_set=list(rules.SIGNAL_COLUMNS), exact_match=False), per_accession=False,
            describe="the signals table's columns are all present"),
    ]
    for column in SIGNAL_KEY + ("category",):
        checks.append(Check(f"signals.{column}_not_null",
                            _not_null(column),
                            describe=f"{column} is never null"))
    checks += [
        Check("signals.key_unique", lambda gxe: gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(SIGNAL_KEY)), describe="one row per (accession_no, section, family, name)"),
        Check("signals.family_allowed", lambda gxe: gxe.ExpectColumnValuesToBeInSet(
            column="family", value_set=list(SIGNAL_FAMILIES)), describe=f"family in {SIGNAL_FAMILIES}"),
        Check("signals.category_allowed", _true("category_allowed"),
              describe="category in the family's vocabulary (rules.ALLOWED_CATEGORIES) or snake_case"),
        Check("signals.tier_allowed", lambda gxe: gxe.ExpectColumnValuesToBeInSet(
            column="tier_or_empty", value_set=list(SIGNAL_TIERS)), describe=f"tier in {SIGNAL_TIERS}"),
        Check("signals.confidence_in_range", lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="confidence", min_value=0.0, max_value=1.0), describe="confidence in [0, 1]"),
        Check("signals.value_in_unit_range", lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="value_numeric", min_value=0.0, max_value=1.0, row_condition='value_rule=="unit"',
            condition_parser="pandas"), describe="shares, probabilities, similarities in [0, 1]"),
        Check("signals.value_in_signed_unit_range", lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="value_numeric", min_value=-1.0, max_value=1.0, row_condition='value_rule=="signed_unit"',
            condition_parser="pandas"), describe="net tone and polarity in [-1, 1]"),
        Check("signals.latency_nonnegative", lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="latency_s", min_value=0.0), describe="latency_s >= 0"),
        Check("signals.cost_nonnegative", lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="cost_usd", min_value=0.0), describe="cost_usd >= 0"),
        Check("signals.evidence_offsets_ordered", lambda gxe: gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="evidence_end", column_B="evidence_start", or_equal=True,
            ignore_row_if="either_value_is_missing"), describe="evidence_end >= evidence_start"),
    ]
    return checks


def financial_suite() -> list[Check]:
    """Cross-checks on the frame from `financial_checks.financial_checks`."""
    return [
        Check("financial.balance_sheet_balances", _true("balance_sheet_balances"),
              applies_column="balance_sheet_balances",
              describe="assets = liabilities + equity within 0.5% (noncontrolling interest may explain)"),
        Check("financial.eps_sign_consistent", _true("eps_sign_consistent"),
              applies_column="eps_sign_consistent", describe="EPS sign consistent with net income"),
        Check("financial.companyfacts_consistent", _true("companyfacts_consistent"),
              applies_column="companyfacts_consistent",
              describe="values agree with data.sec.gov companyfacts for this accession"),
    ]


def prepare_signals(
    signals: pd.DataFrame, allowed_categories: Mapping[str, frozenset[str]] | None = None
) -> pd.DataFrame:
    """The signals frame plus derived columns: value_numeric, value_rule, category_allowed, tier_or_empty.

    A derived column is left out when its source columns are missing, so its expectation fails in GX.
    """
    allowed = dict(rules.ALLOWED_CATEGORIES if allowed_categories is None else allowed_categories)
    frame = signals.copy()
    pattern = re.compile(rules.CATEGORY_PATTERN)
    if "value" in frame.columns:
        frame["value_numeric"] = pd.to_numeric(frame["value"], errors="coerce")
    if {"family", "name"} <= set(frame.columns):
        rule = []
        for family, name in zip(frame["family"], frame["name"], strict=True):
            bounds = rules.value_range(str(family), str(name))
            rule.append("unbounded" if bounds is None else ("signed_unit" if bounds[0] < 0 else "unit"))
        frame["value_rule"] = rule
    if {"family", "category"} <= set(frame.columns):
        frame["category_allowed"] = [
            (category in allowed[family]) if family in allowed
            else bool(isinstance(category, str) and pattern.match(category))
            for family, category in zip(frame["family"], frame["category"], strict=True)
        ]
    if "tier" in frame.columns:
        frame["tier_or_empty"] = frame["tier"].astype("object").where(frame["tier"].notna(), "")
    return frame


def _input_failure(expectation: str, exc: Exception) -> ValidationOutcome:
    return ValidationOutcome(PARTITION, expectation, False, None,
                             {"error": f"{type(exc).__name__}: {exc}"}, ERROR)


def validate_sections(filings: pd.DataFrame, sections: pd.DataFrame, runner: GXRunner) -> list[ValidationOutcome]:
    """Required items, 8-K declared items and size bands; a bad input frame is a failed outcome."""
    try:
        per_filing = filing_checks(filings, sections)
        per_section = section_band_checks(sections)
    except Exception as exc:
        return [_input_failure("sections.inputs", exc)]
    outcomes = runner.validate("sections", per_filing, sections_suite(),
                               detail_columns=("form_type", "missing_items", "declared", "found_8k_items"))
    outcomes += runner.validate("section_bands", per_section, section_bands_suite(),
                                detail_columns=("item", "band_min", "band_max"))
    return outcomes


def validate_signals(
    signals: pd.DataFrame, runner: GXRunner, allowed_categories: Mapping[str, frozenset[str]] | None = None
) -> list[ValidationOutcome]:
    """Schema, keys, ranges, allowed values and uniqueness of the signals frame."""
    try:
        frame = prepare_signals(signals, allowed_categories)
    except Exception as exc:
        return [_input_failure("signals.inputs", exc)]
    return runner.validate("signals", frame, signals_suite(), detail_columns=("section", "family", "name"))


def validate_financials(
    signals: pd.DataFrame, filings: pd.DataFrame | None, runner: GXRunner,
    companyfacts_lookup: CompanyFactsLookup | None = None,
) -> list[ValidationOutcome]:
    """Balance sheet identity, EPS sign and companyfacts agreement of the financial signals."""
    try:
        frame = financial_checks(signals, filings, companyfacts_lookup)
    except Exception as exc:
        return [_input_failure("financial.inputs", exc)]
    return runner.validate("financial", frame, financial_suite(),
                           detail_columns=("balance_detail", "eps_detail", "companyfacts_detail"))


def run_all(
    filings: pd.DataFrame,
    sections: pd.DataFrame,
    signals: pd.DataFrame,
    *,
    companyfacts_lookup: CompanyFactsLookup | None = None,
    allowed_categories: Mapping[str, frozenset[str]] | None = None,
    build_docs: bool = True,
    title: str = "sec_pipeline validations",
) -> ValidationReport:
    """Run every suite on a partition's frames and summarize (pass rate, failures, worst filings, HTML).

    `companyfacts_lookup(cik)` returns the data.sec.gov companyfacts JSON of a CIK (or None); when it raises,
    the filings of that CIK fail `financial.companyfacts_consistent` with the error. With `build_docs` the
    report carries GX Data Docs pages (`data_docs_files`, relative path -> bytes) and a self-contained
    summary page (`data_docs_html`).
    """
    try:
        runner = GXRunner(build_docs=build_docs)
    except Exception as exc:  # GX could not even start: everything fails, with the reason
        outcomes = [_input_failure(name, exc) for name in ("sections.gx", "signals.gx", "financial.gx")]
        return summarize(outcomes, render_outcomes_html(outcomes, 0.0, title))
    with runner:
        outcomes = validate_sections(filings, sections, runner)
        outcomes += validate_signals(signals, runner, allowed_categories)
        outcomes += validate_financials(signals, filings, runner, companyfacts_lookup)
        files = runner.data_docs_files()
    report = summarize(outcomes, data_docs_files=files)
    report.data_docs_html = render_outcomes_html(outcomes, report.pass_rate, title, sorted(files))
    return report
