"""The vocabulary is the lowest floor: importing it pulls in no dagster and no other sec_pipeline module."""

from __future__ import annotations

import subprocess
import sys


def test_vocabulary_imports_no_dagster_and_no_other_sec_pipeline_module() -> None:
    check = (
        "import sys, sec_pipeline.vocabulary; "
        "bad = [m for m in sys.modules if m == 'dagster' or m.startswith('dagster.') or "
        "(m.startswith('sec_pipeline.') and not m.startswith('sec_pipeline.vocabulary'))]; "
        "sys.exit(f'imported {bad}' if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
