"""`sec-pipeline db migrate|status` against DATABASE_URL (both backends)."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy.engine import make_url

from sec_pipeline.commands import db


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sec-pipeline")
    db.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_status_then_migrate(database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql" and not url.password:
        url = url.set(password="s3cret")  # trust auth ignores it; the output must not show it
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path))
    assert _run(["db", "status"]) == 1
    before = json.loads(capsys.readouterr().out)
    assert before["revision"] is None and before["rows"] == {}
    assert _run(["db", "migrate"]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out
    after = json.loads(out)
    assert after["up_to_date"] and after["revision"] == after["head"]
    assert after["rows"] == {t: 0 for t in ("filings", "sections", "staged_signals", "signals", "validations",
                                            "model_versions")}
    assert _run(["db", "migrate"]) == 0
