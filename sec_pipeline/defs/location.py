"""The configuration the defs folder is loading with, handed over by `sec_pipeline.definitions.load_definitions`.

Definition-time settings (resources, the executor, the schedule's cron, the sensor's interval) are read here
while the folder loads; asset bodies and sensors read theirs from resources at run time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from sec_pipeline.config import PipelineConfig


@dataclass(frozen=True)
class Location:
    """The code location's configuration, and whether its secrets reach resources as dg.EnvVar."""

    config: PipelineConfig
    secrets_as_env_vars: bool


_loading: ContextVar[Location | None] = ContextVar("sec_pipeline_location", default=None)


@contextlib.contextmanager
def loading(location: Location) -> Iterator[None]:
    """Make `location` the one the defs folder reads while it loads."""
    token = _loading.set(location)
    try:
        yield
    finally:
        _loading.reset(token)


def current_location() -> Location:
    """The location being loaded; outside `load_definitions` there is none."""
    location = _loading.get()
    if location is None:
        raise RuntimeError("the defs folder loads through sec_pipeline.definitions (dagster -m "
                           "sec_pipeline.definitions, dg, or load_definitions(config)), not on its own")
    return location
