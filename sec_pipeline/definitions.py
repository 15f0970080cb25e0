"""The code location: every definition under sec_pipeline/defs, configured by one PipelineConfig."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from sec_pipeline.config import PipelineConfig
from sec_pipeline.defs.location import Location, loading


def load_definitions(config: PipelineConfig, *, secrets_as_env_vars: bool = False) -> dg.Definitions:
    """The defs folder's definitions, with resources, executor, schedule and sensors built from `config`."""
    with loading(Location(config, secrets_as_env_vars)):
        return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)


@dg.definitions
def defs() -> dg.Definitions:
    """What Dagster loads (`dagster dev`, `dg`, the gRPC server): configured from the process environment."""
    return load_definitions(PipelineConfig.from_env(os.environ), secrets_as_env_vars=True)
