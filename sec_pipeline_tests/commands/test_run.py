"""`sec-pipeline run` and `backfill`: unusable arguments get a one-line error and exit 2 before any run starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from sec_pipeline.cli import main
from sec_pipeline_tests.commands.helpers import cli_environ


@pytest.mark.parametrize(("argv", "more", "message"), [
    (["run", "--date", "2099-01-02"], {}, "--date 2099-01-02 is outside the filing dates: give a date from 1993-01-01 to "),
    (["run", "--date", "1992-12-31"], {}, "--date 1992-12-31 is outside the filing dates: give a date from 1993-01-01"),
    (["run", "--date", "2007-08-07", "--cik", "AAPL"], {}, "CIK 'AAPL' is not a number"),
    (["run", "--date", "2007-08-07"], {"DATABASE_URL": "postgresql://u:hunter2@db:abc/x"}, "is not a database URL"),
    (["backfill", "--start", "1990-01-01", "--end", "1990-01-02", "--in-process"], {}, "--start 1990-01-01 is outside"),
    (["backfill", "--start", "2007-08-07", "--end", "2099-01-01", "--in-process"], {}, "--end 2099-01-01 is outside"),
])
def test_unusable_arguments_fail_in_one_line_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], more: dict[str, str], message: str
) -> None:
    environ = cli_environ(tmp_path, "http://127.0.0.1:9", **more)  # nothing listens: no request may be made
    assert main(argv, environ) == 2
    out, err = capsys.readouterr()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err and "hunter2" not in err
    assert "running" not in out
    assert not (tmp_path / "home" / "dagster").exists(), "no Dagster instance was created"
