"""Incident levers on a real instance: pause and resume the automation by one command, drain the queue."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._core.instance.ref import InstanceRef

from benchmarks.support.paths import REPO_ROOT
from sec_pipeline.cli import main
from sec_pipeline.defs.operations.automation import (
    CODE_LOCATION,
    automation_states,
    drain_queue,
    pause_automation,
    remote_repository,
    resume_automation,
)
from sec_pipeline_tests.operations.helpers import add_runs

LAUNCHERS = {"daily_filings_schedule", "new_filings_sensor"}


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A persistent instance configured like deploy/local (queued runs, SQLite storage)."""
    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path / "home"))
    home = tmp_path / "dagster"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "local" / "dagster.yaml", home)
    local = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home)))
    yield local
    local.dispose()


def test_the_location_name_is_the_workspace_one() -> None:
    workspace = yaml.safe_load((REPO_ROOT / "workspace.yaml").read_text())
    assert workspace["load_from"][0]["python_module"]["location_name"] == CODE_LOCATION


def test_pause_stops_what_runs_and_resume_starts_only_that(instance) -> None:
    with remote_repository(instance) as repository:
        instance.start_schedule(repository.get_schedule("daily_filings_schedule"))
        instance.start_sensor(repository.get_sensor("new_filings_sensor"))
    states = automation_states(instance)
    assert "failure_alert_sensor" not in states  # it only reports: pausing never silences the alerts
    assert {name for name, running in states.items() if running} == LAUNCHERS

    assert set(pause_automation(instance)) == LAUNCHERS
    assert not any(automation_states(instance).values())
    assert pause_automation(instance) == []  # a second pause changes nothing and forgets nothing

    assert set(resume_automation(instance)) == LAUNCHERS
    assert {name for name, running in automation_states(instance).items() if running} == LAUNCHERS
    assert resume_automation(instance) == []

    with remote_repository(instance) as repository:  # an operator turns the sensor off for good
        sensor = repository.get_sensor("new_filings_sensor")
        instance.stop_sensor(sensor.get_remote_origin_id(), sensor.selector_id, sensor)
    assert pause_automation(instance) == ["daily_filings_schedule"]
    assert resume_automation(instance) == ["daily_filings_schedule"]
    assert automation_states(instance)["new_filings_sensor"] is False


def test_drain_cancels_queued_runs_only(instance) -> None:
    S = dg.DagsterRunStatus
    backfill = add_runs(instance, S.QUEUED, S.QUEUED, tags={"sec_pipeline/backfill": "cli"})
    other = add_runs(instance, S.QUEUED)
    finished = add_runs(instance, S.SUCCESS)
    assert sorted(drain_queue(instance, {"sec_pipeline/backfill": "cli"})) == sorted(backfill)
    assert drain_queue(instance) == other
    assert {instance.get_run_by_id(run_id).status for run_id in backfill + other} == {S.CANCELED}
    assert instance.get_run_by_id(finished[0]).status is S.SUCCESS


def test_pause_resume_drain_commands(instance, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("DAGSTER_HOME", instance.root_directory)
    with remote_repository(instance) as repository:
        instance.start_schedule(repository.get_schedule("daily_filings_schedule"))
    add_runs(instance, dg.DagsterRunStatus.QUEUED)
    assert main(["pause"]) == 0 and capsys.readouterr().out.strip() == "paused: daily_filings_schedule"
    assert main(["drain", "--tag", "sec_pipeline/backfill=cli"]) == 0
    assert capsys.readouterr().out.strip() == "canceled 0 queued runs"
    assert main(["drain"]) == 0 and capsys.readouterr().out.startswith("canceled 1 queued runs: ")
    assert main(["resume"]) == 0 and capsys.readouterr().out.strip() == "resumed: daily_filings_schedule"
    with pytest.raises(SystemExit):
        main(["drain", "--tag", "no-equals-sign"])
