"""Where the repository and the shared EDGAR test tree are."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS = REPO_ROOT / "benchmarks" / "results"
SHARED_EDGAR_ENV = "SEC_PIPELINE_SHARED_EDGAR"


def shared_edgar_dir() -> Path:
    """$SEC_PIPELINE_SHARED_EDGAR, else ../shared/edgar next to the repository root."""
    override = os.environ.get(SHARED_EDGAR_ENV)
    return Path(override) if override else (REPO_ROOT.parent / "shared" / "edgar").resolve()
