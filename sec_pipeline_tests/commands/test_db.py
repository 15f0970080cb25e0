"""`sec-pipeline db migrate|status` against DATABASE_URL (both backends)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import make_url

from sec_pipeline.cli import main


def test_status_then_migrate(database_url: str, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql" and not url.password:
        url = url.set(password="s3cret")  # trust auth ignores it; the output must not show it
    environ = {"DATABASE_URL": url.render_as_string(hide_password=False), "SEC_PIPELINE_HOME": str(tmp_path)}

    def _run(argv: list[str]) -> int:
        return main(argv, environ)

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


def test_an_unreachable_database_is_one_line_without_the_password(monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://reader:hunter2secret@127.0.0.1:1/app")
    assert main(["db", "status"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "cannot reach the database" in err
    assert "hunter2secret" not in err and "127.0.0.1:1" in err
