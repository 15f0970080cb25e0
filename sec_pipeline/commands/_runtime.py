"""Helpers of the commands that run the daily job in this process: the instance, a mirror, the job."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sec_pipeline.config import PipelineConfig

if TYPE_CHECKING:
    import dagster as dg


def dagster_instance(config: PipelineConfig) -> dg.DagsterInstance:
    """DAGSTER_HOME's instance when set, else a persistent one under SEC_PIPELINE_HOME/dagster; created and
    migrated under a file lock (commands._instance), so processes started together never race on it."""
    from sec_pipeline.commands._instance import open_instance

    if config.dagster_home is not None:
        if not config.dagster_home.is_dir():
            raise SystemExit(f"DAGSTER_HOME={config.dagster_home} is not a folder; create it (with a dagster.yaml "
                             "such as deploy/local/dagster.yaml) or unset it")
        return open_instance(config.dagster_home)
    home = config.home / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    return open_instance(home, default_yaml="telemetry:\n  enabled: false\n")


@contextlib.contextmanager
def optional_mirror(config: PipelineConfig, folder: str | None) -> Iterator[PipelineConfig]:
    """`config` itself, or, with FOLDER, `config` pointed at FOLDER served as EDGAR on loopback meanwhile."""
    if not folder:
        yield config
        return
    from sec_pipeline.commands.mirror import MirrorFolderError, mirror_tree
    from sec_pipeline.edgar.mirror.server import MirrorServer

    try:
        tree = mirror_tree(folder)
    except MirrorFolderError as exc:
        raise SystemExit(f"--mirror: {exc}") from None
    with MirrorServer(tree, host="127.0.0.1", port=0) as server:
        yield config.with_edgar_url(server.url)


def daily_job(config: PipelineConfig) -> dg.JobDefinition:
    """The daily filings job of the code location, with its resources built from `config`."""
    from sec_pipeline.definitions import load_definitions

    return load_definitions(config).resolve_job_def("daily_filings_job")
