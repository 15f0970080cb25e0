"""`sec-pipeline process`: one company's latest filings of a form on demand, one daily-job run per date."""

from __future__ import annotations

import dagster as dg
from dagster._core.instance.ref import InstanceRef

from sec_pipeline.store.store import Store
from sec_pipeline_tests.commands.helpers import cli_environ


def test_process_cik_stores_only_that_companys_filings_of_that_form(tmp_path, edgar_mirror, capsys):
    from sec_pipeline.cli import main

    assert main(["process", "--cik", "0001002517", "--form", "8-K", "--limit", "2"],
                cli_environ(tmp_path, edgar_mirror)) == 0
    store = Store(f"sqlite:///{tmp_path / 'home' / 'sec_pipeline.db'}")
    filings = store.get_filings()
    assert len(filings) == 2
    assert {f["cik"] for f in filings} == {"1002517"}
    assert {f["form_type"] for f in filings} == {"8-K"}
    store.dispose()
    dates = {f["filing_date"].isoformat() for f in filings}
    assert f"{len(dates)} of {len(dates)} filing dates succeeded" in capsys.readouterr().out
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(tmp_path / "home" / "dagster"))) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"sec_pipeline/trigger": "process_company"}))
    assert sorted(run.tags["dagster/partition"] for run in runs) == sorted(dates), "one daily-job run per date"
    assert {run.job_name for run in runs} == {"daily_filings_job"}


def test_process_refuses_a_cik_that_is_not_a_number(tmp_path, edgar_mirror, capsys):
    from sec_pipeline.cli import main

    assert main(["process", "--cik", "MSFT"], cli_environ(tmp_path, edgar_mirror)) == 2
    assert "--cik CIK 'MSFT' is not a number" in capsys.readouterr().err
