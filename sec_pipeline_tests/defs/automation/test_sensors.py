"""Automation against the mirror: the new-filings sensor, a three-day backfill, on-demand processing."""

from __future__ import annotations

import json

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from sec_pipeline.defs.automation.sensors import new_filings_sensor
from sec_pipeline.defs.resources import EdgarResource, SettingsResource
from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import TEST_USER_AGENT

SENSOR = new_filings_sensor(interval_s=300)


@pytest.fixture
def edgar_resource(edgar_mirror):
    return EdgarResource(user_agent=TEST_USER_AGENT, edgar_url=edgar_mirror, data_url=edgar_mirror,
                         rate_limit=10.0, throttle_pause_s=0.2)


def _tick(instance, edgar_resource, cursor):
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={
        "edgar": edgar_resource, "settings": SettingsResource(forms=["8-K", "10-K", "10-Q"])})
    result = SENSOR(context)
    if isinstance(result, dg.SkipReason):
        return [], context.cursor, result
    return result.run_requests, result.cursor, None


def _accessions(request: dg.RunRequest) -> list[str]:
    return request.run_config["ops"]["raw_filings"]["config"]["accessions"]


def test_sensor_requests_new_filings_once_and_only_new_ones(edgar_resource):
    with dg.DagsterInstance.ephemeral() as instance:
        requests, cursor, _ = _tick(instance, edgar_resource, None)
        assert requests, "the mirror's feed announces held filings"
        keys = [r.partition_key for r in requests]
        assert len(keys) == len(set(keys)), "one run per filing date"
        first = {a for r in requests for a in _accessions(r)}
        for request in requests:
            assert request.run_key.startswith(f"new-filings:{request.partition_key}:")
            assert request.run_config["ops"]["parsed_sections"]["config"]["accessions"] == _accessions(request)

        again, cursor_again, skip = _tick(instance, edgar_resource, cursor)
        assert again == [] and "no new filings" in skip.skip_message

        # forget two accessions: only those are requested again
        seen = json.loads(cursor)["seen"]
        forgotten = sorted(first)[:2]
        partial = json.dumps({"seen": [a for a in seen if a not in forgotten]})
        requests, _, _ = _tick(instance, edgar_resource, partial)
        assert sorted(a for r in requests for a in _accessions(r)) == forgotten


def test_sensor_skips_with_the_cause_when_edgar_fails():
    broken = EdgarResource(user_agent=TEST_USER_AGENT, edgar_url="http://127.0.0.1:9", data_url="http://127.0.0.1:9",
                           rate_limit=10.0, throttle_pause_s=0.1, max_retries=1)
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=None,
                                          resources={"edgar": broken, "settings": SettingsResource()})
        result = SENSOR(context)
    assert isinstance(result, dg.SkipReason)
    assert "getcurrent feed failed" in result.skip_message
    assert context.cursor is None


def _environ(tmp_path, edgar_mirror, **more: str) -> dict[str, str]:
    """The settings of a CLI run against the mirror, with its home (SQLite, blobs, instance) under tmp_path."""
    return {"SEC_PIPELINE_HOME": str(tmp_path / "home"), "SEC_PIPELINE_USER_AGENT": TEST_USER_AGENT,
            "SEC_PIPELINE_EDGAR_URL": edgar_mirror, "SEC_PIPELINE_DATA_URL": edgar_mirror,
            "SEC_PIPELINE_RATE_LIMIT": "10", **more}


def test_three_day_backfill_runs_end_to_end_in_process(tmp_path, edgar_mirror, capsys):
    from sec_pipeline.cli import main

    environ = _environ(tmp_path, edgar_mirror, SEC_PIPELINE_FORMS="8-K")
    assert main(["backfill", "--start", "2007-08-06", "--end", "2007-08-08", "--in-process"], environ) == 0
    database_url = f"sqlite:///{tmp_path / 'home' / 'sec_pipeline.db'}"
    out = capsys.readouterr().out
    assert "[3/3] 2007-08-08 ok" in out and "3 succeeded, 0 failed" in out
    store = Store(database_url)
    assert {f["filing_date"].isoformat() for f in store.get_filings()} == {"2007-08-07"}
    assert store.get_signals(filing_date="2007-08-07"), "published after the gates"
    store.dispose()


def test_process_cik_stores_only_that_companys_filings_of_that_form(tmp_path, edgar_mirror, capsys):
    from sec_pipeline.cli import main

    assert main(["process", "--cik", "0001002517", "--form", "8-K", "--limit", "2"],
                _environ(tmp_path, edgar_mirror)) == 0
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

    assert main(["process", "--cik", "MSFT"], _environ(tmp_path, edgar_mirror)) == 2
    assert "--cik CIK 'MSFT' is not a number" in capsys.readouterr().err
