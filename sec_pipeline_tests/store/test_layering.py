"""The store is a plain library: importing it pulls in neither dagster nor boto3 (S3 is imported lazily)."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys, sec_pipeline.store, sec_pipeline.store.frames, sec_pipeline.store.migrate; "
    "bad = [m for m in ('dagster', 'boto3') if m in sys.modules]; "
    "sys.exit(f'imported {bad}' if bad else 0)"
)


def test_store_imports_no_dagster() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
