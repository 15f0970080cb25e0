"""The stage_failures gate: a partition whose filings failed a stage, or that produced no signal, is never green;
an empty day says "no filings" on every check instead of reporting 0.0."""

from __future__ import annotations

from datetime import date

import sec_pipeline.flows.extraction as extraction
from sec_pipeline.defs.resources import SettingsResource
from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import materialize_partition, resources

DATE = "1999-09-28"  # a 10-K and an 8-K


def _checks(result) -> dict:
    return {e.asset_check_key.name: e for e in result.get_asset_check_evaluations()}


def test_extraction_failures_above_the_share_fail_the_gate_and_block_publication(
    eight_k_fails, edgar_mirror, database_url, tmp_path
):
    result = materialize_partition(DATE, resources(edgar_mirror, database_url, tmp_path))
    assert not result.success
    assert result.asset_materializations_for_node("extracted_signals"), "extraction records failures, goes on"
    gate = _checks(result)["stage_failures"]
    assert not gate.passed and gate.severity.value == "ERROR" and gate.partition == DATE
    assert "1 of 2 filings failed a stage {'extract': 1}: share 50% > allowed 20%" in gate.description
    assert "previous-year filing not found" in gate.description
    assert not result.asset_materializations_for_node("published_signals")
    store = Store(database_url)
    try:
        assert store.get_signals(filing_date=date.fromisoformat(DATE)) == []
        failed = [f for f in store.get_filings(filing_date=DATE) if f["error"]]
        assert [(f["form_type"][:3], f["status"]) for f in failed] == [("8-K", "parsed")]
    finally:
        store.dispose()


def test_extraction_failures_within_the_share_pass(eight_k_fails, edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    resource_defs = {**resources(edgar_mirror, database_url, tmp_path),
                     "settings": SettingsResource(max_failure_share=0.5)}
    result = materialize_partition(DATE, resource_defs)
    assert result.success
    gate = _checks(result)["stage_failures"]
    assert gate.passed and "share 50% within the allowed 50%" in gate.description
    assert result.asset_materializations_for_node("published_signals")


def test_filings_without_any_signal_fail_the_gate(monkeypatch, edgar_mirror, database_url, tmp_path):
    monkeypatch.setattr(extraction, "extract_filing", lambda *args, **kwargs: [])
    resource_defs = {**resources(edgar_mirror, database_url, tmp_path),
                     "settings": SettingsResource(max_failure_share=1.0)}
    result = materialize_partition(DATE, resource_defs)
    assert not result.success
    gate = _checks(result)["stage_failures"]
    assert not gate.passed and gate.description.startswith("2 filings but no signals were produced")
    assert not result.asset_materializations_for_node("published_signals")


def test_an_empty_day_says_no_filings_on_every_check(edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = materialize_partition(DATE, resources(edgar_mirror, database_url, tmp_path), ciks=["1"])
    checks = _checks(result)
    for name in ("completeness", "p95_inference_seconds", "cost_per_filing", "stage_failures"):
        assert checks[name].passed, name
        assert checks[name].description == "no filings", (name, checks[name].description)
        assert checks[name].metadata["observed_value"].value == "no filings", name
