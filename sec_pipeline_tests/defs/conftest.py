"""Fixtures of the Dagster-layer tests: the definitions as the code location builds them."""

from __future__ import annotations

import dagster as dg
import pytest

import sec_pipeline.flows.extraction as extraction
from sec_pipeline.config import PipelineConfig
from sec_pipeline.definitions import load_definitions


@pytest.fixture(scope="session")
def default_definitions(tmp_path_factory: pytest.TempPathFactory) -> dg.Definitions:
    """The definitions with every setting at its default (SEC_PIPELINE_HOME in a temporary folder)."""
    home = tmp_path_factory.mktemp("home")
    return load_definitions(PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(home)}))


@pytest.fixture
def eight_k_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction of every 8-K fails as if its previous-year filing were missing (the 10-K goes through)."""
    real = extraction._extract

    def extract(store, blobs, filing, extractors):
        if filing["form_type"].startswith("8-K"):
            raise LookupError("previous-year filing not found")
        return real(store, blobs, filing, extractors)

    monkeypatch.setattr(extraction, "_extract", extract)
