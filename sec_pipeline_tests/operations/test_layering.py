"""The operations package is a plain library: importing any of its modules pulls in no dagster."""

from __future__ import annotations

import subprocess
import sys

MODULES = ("health", "metrics", "backup", "snapshots", "maintenance", "database", "probe")
CHECK = (
    "import sys; "
    + "; ".join(f"import sec_pipeline.operations.{name}" for name in MODULES)
    + "; sys.exit('imported dagster' if 'dagster' in sys.modules else 0)"
)


def test_operations_imports_no_dagster() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
