"""`sec-pipeline health`: passes against the project's own mirror; EDGAR down is one warning, not a wait."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sec_pipeline.cli import main
from sec_pipeline_tests.commands.helpers import cli_environ


def _checks(out: str) -> dict[str, dict[str, object]]:
    return {check["name"]: check for check in json.loads(out)["checks"]}


def test_health_passes_against_the_mirror(shared_edgar: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    environ = cli_environ(tmp_path, "http://127.0.0.1:9")  # nothing listens there: --mirror replaces it
    code = main(["health", "--json", "--mirror", str(shared_edgar)], environ)
    checks = _checks(capsys.readouterr().out)
    assert checks["edgar"]["status"] == "ok", checks["edgar"]
    assert code in (0, 1) and not [c for c in checks.values() if c["status"] == "critical"]


def test_edgar_unreachable_is_one_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["health", "--json"], cli_environ(tmp_path, "http://127.0.0.1:9"))
    edgar = _checks(capsys.readouterr().out)["edgar"]
    assert code == 1 and edgar["status"] == "warning" and str(edgar["value"]).startswith("ConnectError")
