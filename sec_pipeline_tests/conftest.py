"""Shared fixtures: the real EDGAR test tree and (later) a loopback EDGAR mirror and client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_edgar_path() -> Path:
    """`../shared/edgar` next to the repository root, or `$SEC_PIPELINE_SHARED_EDGAR`."""
    override = os.environ.get("SEC_PIPELINE_SHARED_EDGAR")
    return Path(override) if override else (REPO_ROOT.parent / "shared" / "edgar").resolve()


@pytest.fixture(scope="session")
def shared_edgar() -> Path:
    """Path to the shared EDGAR test tree (skips the test when it is absent)."""
    path = shared_edgar_path()
    if not (path / "MANIFEST.tsv").is_file():
        pytest.skip(f"shared EDGAR test data not found at {path}; set SEC_PIPELINE_SHARED_EDGAR")
    return path
