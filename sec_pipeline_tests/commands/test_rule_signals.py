"""`sec-pipeline rule-signals` on real shared filings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sec_pipeline.cli import main


def rows(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_8k_auditor_change(shared_edgar: Path, event_model_environ: dict[str, str],
                           capsys: pytest.CaptureFixture[str]) -> None:
    path = str(shared_edgar / "filings/8-K/1001426_0001193125-06-037737.htm")
    assert main(["rule-signals", path], event_model_environ) == 0
    trained = capsys.readouterr()
    assert "training one from the carried labels" in trained.err  # a fresh install trains its event model once
    out = [json.loads(line) for line in trained.out.splitlines()]
    item = next(r for r in out if r["name"] == "item_4.01")
    assert item["category"] == "auditor_change" and item["evidence"].startswith("On February 16, 2006, Deloitte")
    learned = [r for r in out if r["family"] == "event" and r["model"] == "event-classifier"]
    assert "auditor_change" in {r["category"] for r in learned}
    assert all(r["evidence"] and r["evidence_end"] > r["evidence_start"] for r in learned)
    evidence = [r for r in out if r["family"] == "event_evidence"]
    for summary in learned:
        quoted = [r for r in evidence if r["section"] == summary["section"] and r["category"] == summary["category"]]
        assert len(quoted) == summary["value"] and quoted[0]["evidence"] == summary["evidence"]
    assert main(["rule-signals", path], event_model_environ) == 0
    again = capsys.readouterr()
    assert "training one" not in again.err  # the stored version, and the same signals
    untimed = [{k: v for k, v in json.loads(line).items() if k != "latency_s"} for line in again.out.splitlines()]
    assert untimed == [{k: v for k, v in r.items() if k != "latency_s"} for r in out]


def test_10k_financials_and_changes(shared_edgar: Path, event_model_environ: dict[str, str],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_edgar / "filings/10-K"
    code = main(["rule-signals", str(folder / "1141391_ma-10-k-2025-02-12.html.gz"), "--form", "10-K",
                 "--previous", str(folder / "1141391_0001141391-24-000022.html.gz"), "--no-embeddings"],
                event_model_environ)
    assert code == 0
    out = rows(capsys)
    financial = {r["name"]: r["value"] for r in out if r["family"] == "financial"}
    assert financial["revenue"] == 28_167e6 and financial["net_income"] == 12_874e6
    simple = {r["section"]: r["value"] for r in out if r["name"] == "simple"}
    assert set(simple) == {"1A", "7"} and all(0.3 < v < 1 for v in simple.values())


def test_missing_file_exit_code(event_model_environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule-signals", "/nonexistent/filing.htm"], event_model_environ) == 2
    assert "no such file" in capsys.readouterr().err
