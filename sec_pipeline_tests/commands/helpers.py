"""The settings of a CLI run in the command tests."""

from __future__ import annotations

from pathlib import Path

from sec_pipeline_tests.conftest import TEST_USER_AGENT
from sec_pipeline_tests.signals.conftest import tiny_training_settings


def cli_environ(tmp_path: Path, edgar_mirror: str, **more: str) -> dict[str, str]:
    """The settings of a CLI run against the mirror, with its home (SQLite, blobs, instance) under tmp_path, and
    a tiny base model for the sentiment model the run trains."""
    return {"SEC_PIPELINE_HOME": str(tmp_path / "home"), "SEC_PIPELINE_USER_AGENT": TEST_USER_AGENT,
            "SEC_PIPELINE_EDGAR_URL": edgar_mirror, "SEC_PIPELINE_DATA_URL": edgar_mirror,
            "SEC_PIPELINE_RATE_LIMIT": "10", **tiny_training_settings(tmp_path / "tiny_base"), **more}
