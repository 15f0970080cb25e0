"""`sec-pipeline backfill`: a three-day backfill against the mirror, end to end in process."""

from __future__ import annotations

from sec_pipeline.store.store import Store
from sec_pipeline_tests.commands.helpers import cli_environ


def test_three_day_backfill_runs_end_to_end_in_process(tmp_path, edgar_mirror, capsys):
    from sec_pipeline.cli import main

    environ = cli_environ(tmp_path, edgar_mirror, SEC_PIPELINE_FORMS="8-K")
    assert main(["backfill", "--start", "2007-08-06", "--end", "2007-08-08", "--in-process"], environ) == 0
    database_url = f"sqlite:///{tmp_path / 'home' / 'sec_pipeline.db'}"
    out = capsys.readouterr().out
    assert "[3/3] 2007-08-08 ok" in out and "3 succeeded, 0 failed" in out
    store = Store(database_url)
    assert {f["filing_date"].isoformat() for f in store.get_filings()} == {"2007-08-07"}
    assert store.get_signals(filing_date="2007-08-07"), "published after the gates"
    store.dispose()
