"""extracted_signals: a partition whose extraction fails for more than the allowed share of filings is not green."""

from __future__ import annotations

import pytest

import sec_pipeline.flows.extraction as extraction
from sec_pipeline.defs.resources import SettingsResource
from sec_pipeline.defs.signals.assets import extracted_signals
from sec_pipeline_tests.defs.pipeline_helpers import materialize_partition, resources

DATE = "1999-09-28"  # a 10-K and an 8-K


@pytest.fixture
def eight_k_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    real = extraction._extract

    def extract(store, blobs, filing, extractors):
        if filing["form_type"].startswith("8-K"):
            raise LookupError("previous-year filing not found")
        return real(store, blobs, filing, extractors)

    monkeypatch.setattr(extraction, "_extract", extract)


def test_extraction_failures_above_the_share_fail_the_step_with_the_errors(eight_k_fails, edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = materialize_partition(DATE, resources(edgar_mirror, database_url, tmp_path))
    assert not result.success
    failure = result.failure_data_for_node("extracted_signals")
    assert failure is not None and failure.user_failure_data is not None
    assert "1 of 2 filings of 1999-09-28 failed extraction (share 50% > allowed 20%)" in failure.user_failure_data.description
    errors = failure.user_failure_data.metadata["errors"].value
    assert list(errors.values()) == ["LookupError: previous-year filing not found"]
    assert not result.asset_materializations_for_node("extracted_signals")


def test_extraction_failures_within_the_share_pass(eight_k_fails, edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    resource_defs = {**resources(edgar_mirror, database_url, tmp_path),
                     "settings": SettingsResource(max_failure_share=0.5, model_filing_accuracy=0.0)}
    result = materialize_partition(DATE, resource_defs)
    assert result.success
    meta = next(m.metadata for m in result.asset_materializations_for_node("extracted_signals")
                if m.asset_key == extracted_signals.key)  # (the first run also records the model it trained)
    assert (meta["filings"].value, meta["failures"].value) == (2, 1)
    assert list(meta["errors"].value.values()) == ["LookupError: previous-year filing not found"]
