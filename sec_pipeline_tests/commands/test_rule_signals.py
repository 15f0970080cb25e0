"""`sec-pipeline rule-signals` on real shared filings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sec_pipeline.cli import main


def rows(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_8k_auditor_change(shared_edgar: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule-signals", str(shared_edgar / "filings/8-K/1001426_0001193125-06-037737.htm")]) == 0
    out = rows(capsys)
    item = next(r for r in out if r["name"] == "item_4.01")
    assert item["category"] == "auditor_change" and item["evidence"].startswith("On February 16, 2006, Deloitte")
    assert {"auditor_change", "material_weakness"} <= {r["category"] for r in out if r["model"] == "event-rules"}


def test_10k_financials_and_changes(shared_edgar: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_edgar / "filings/10-K"
    code = main(["rule-signals", str(folder / "1141391_ma-10-k-2025-02-12.html.gz"), "--form", "10-K",
                 "--previous", str(folder / "1141391_0001141391-24-000022.html.gz"), "--no-embeddings"])
    assert code == 0
    out = rows(capsys)
    financial = {r["name"]: r["value"] for r in out if r["family"] == "financial"}
    assert financial["revenue"] == 28_167e6 and financial["net_income"] == 12_874e6
    simple = {r["section"]: r["value"] for r in out if r["name"] == "simple"}
    assert set(simple) == {"1A", "7"} and all(0.3 < v < 1 for v in simple.values())


def test_missing_file_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule-signals", "/nonexistent/filing.htm"]) == 2
    assert "no such file" in capsys.readouterr().err
