"""The code location: every definition under sec_pipeline/defs, configured by one PipelineConfig."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dagster as dg
from dagster_shared import record

from sec_pipeline.config import PipelineConfig
from sec_pipeline.defs.location import Location, loading
from sec_pipeline.defs.storage import storage_kinds


def load_definitions(config: PipelineConfig, *, secrets_as_env_vars: bool = False) -> dg.Definitions:
    """The defs folder's definitions, with resources, executor, schedule and sensors built from `config`,
    kinds naming the configured storage and every asset linked to its source (file and line)."""
    with loading(Location(config, secrets_as_env_vars)):
        loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    with warnings.catch_warnings():  # code references are a Dagster beta: its warnings, here only
        warnings.filterwarnings("ignore", category=dg.BetaWarning,
                                message=".*(with_source_code_references|CodeReference)")
        assets = list({id(asset): asset for asset in loaded.assets or ()}.values())  # a module's imports repeat
        linked = record.copy(loaded, assets=dg.with_source_code_references(assets))
    with warnings.catch_warnings():  # a preview in Dagster 1.13; the same call in the assets' own modules
        warnings.filterwarnings("ignore", category=dg.PreviewWarning, message=".*map_(resolved_)?asset_specs")
        return linked.map_asset_specs(func=storage_kinds(config))


@dg.definitions
def defs() -> dg.Definitions:
    """What Dagster loads (`dagster dev`, `dg`, the gRPC server): configured from the process environment."""
    return load_definitions(PipelineConfig.from_env(os.environ), secrets_as_env_vars=True)
