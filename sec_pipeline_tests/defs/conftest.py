"""Fixtures of the Dagster-layer tests: the definitions as the code location builds them."""

from __future__ import annotations

import dagster as dg
import pytest

from sec_pipeline.config import PipelineConfig
from sec_pipeline.definitions import load_definitions


@pytest.fixture(scope="session")
def default_definitions(tmp_path_factory: pytest.TempPathFactory) -> dg.Definitions:
    """The definitions with every setting at its default (SEC_PIPELINE_HOME in a temporary folder)."""
    home = tmp_path_factory.mktemp("home")
    return load_definitions(PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(home)}))
