"""`sec-pipeline run` and `backfill`: unusable arguments get a one-line error and exit 2 before any run starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from sec_pipeline.cli import main
from sec_pipeline_tests.commands.helpers import cli_environ


@pytest.mark.parametrize(("argv", "more", "message"), [
    (["run", "--date", "2099-01-02"], {}, "--date 2099-01-02 is outside the filing dates: give a date from 1994-07-01 to "),
    (["run", "--date", "1994-06-30"], {}, "--date 1994-06-30 is outside the filing dates: give a date from 1994-07-01"),
    (["run", "--date", "2007-08-04"], {}, "--date 2007-08-04 is a Saturday: EDGAR files on business days"),
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


STEPS = ("raw_filings", "parsed_sections", "extracted_signals", "signal_validations", "published_signals")


def test_run_prints_one_line_per_step_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared_edgar: Path, edgar_mirror: str
) -> None:
    from sec_pipeline_tests.defs.pipeline_helpers import manifest_filings

    accession = sorted(manifest_filings(shared_edgar, "2007-08-07"))[0]
    environ = cli_environ(tmp_path, edgar_mirror, SEC_PIPELINE_FORMS="8-K")
    assert main(["run", "--date", "2007-08-07", "--accession", accession], environ) == 0
    out, err = capsys.readouterr()
    step_lines = [line for line in out.splitlines() if line.startswith("  ") and line.split()[0] in STEPS]
    assert [line.split()[:2] for line in step_lines] == [[step, "ok"] for step in STEPS]
    assert "1 filings" in step_lines[0] and "filings/s" in step_lines[0]
    assert "filings of 2007-08-07: 1" in out and out.rstrip().splitlines()[-1].startswith("succeeded in ")
    assert "DEBUG" not in out + err and "STEP_SUCCESS" not in out + err
    assert "Warning" not in err, err  # no BetaWarning / PreviewWarning lines


def test_verbose_run_gives_dagsters_event_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edgar_mirror: str
) -> None:
    environ = cli_environ(tmp_path, edgar_mirror, SEC_PIPELINE_FORMS="8-K")
    assert main(["run", "--date", "2021-07-05", "--verbose"], environ) == 0  # a holiday: no filings
    out, err = capsys.readouterr()
    assert "STEP_SUCCESS" in out + err and "RUN_SUCCESS" in out + err
    assert "Warning" not in err
