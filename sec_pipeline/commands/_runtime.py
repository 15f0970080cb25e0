"""Helpers shared by the commands that run Dagster jobs: the instance, a mirror, the job."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from sec_pipeline.settings import Settings


def dagster_instance(settings: Settings):
    """DAGSTER_HOME's instance when set, else a persistent one under SEC_PIPELINE_HOME/dagster."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    home = settings.home / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n")
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home)))


@contextlib.contextmanager
def optional_mirror(folder: str | None) -> Iterator[None]:
    """Serve FOLDER as EDGAR on loopback for the duration, pointing the settings at it."""
    if not folder:
        yield
        return
    from sec_pipeline.commands.mirror import MirrorFolderError, mirror_tree
    from sec_pipeline.edgar.mirror.server import MirrorServer

    try:
        tree = mirror_tree(folder)
    except MirrorFolderError as exc:
        raise SystemExit(f"--mirror: {exc}") from None
    saved = {k: os.environ.get(k) for k in ("SEC_PIPELINE_EDGAR_URL", "SEC_PIPELINE_DATA_URL")}
    with MirrorServer(tree, host="127.0.0.1", port=0) as server:
        os.environ["SEC_PIPELINE_EDGAR_URL"] = server.url
        os.environ["SEC_PIPELINE_DATA_URL"] = server.url
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def daily_job():
    """The daily filings job, with resources built from the environment as it is now."""
    from sec_pipeline.definitions import build_definitions

    return build_definitions().resolve_job_def("daily_filings_job")
