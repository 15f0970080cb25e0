"""The backup and maintenance jobs run in process on real resources; their schedules are the runbook's."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest
from dagster._utils.schedules import cron_string_iterator

from sec_pipeline.defs.operations.jobs import (
    backup_job,
    daily_backup_schedule,
    maintenance_job,
    maintenance_schedule,
    weekly_backup_schedule,
)
from sec_pipeline.defs.resources import BlobStoreResource, OperationsResource, StoreResource
from sec_pipeline.operations.backup import list_backups
from sec_pipeline.store import LocalBlobStore, Store
from sec_pipeline_tests.operations.helpers import seed


@pytest.mark.parametrize(("schedule", "cron", "first_tick"), [
    (daily_backup_schedule, "0 2 * * *", "2025-01-07T02:00:00+00:00"),
    (weekly_backup_schedule, "0 1 * * 0", "2025-01-12T01:00:00+00:00"),
    (maintenance_schedule, "0 2 * * 0", "2025-01-12T02:00:00+00:00"),
])
def test_schedules(schedule: dg.ScheduleDefinition, cron: str, first_tick: str) -> None:
    assert (schedule.cron_schedule, schedule.execution_timezone) == (cron, "UTC")
    assert schedule.default_status is dg.DefaultScheduleStatus.RUNNING
    start = datetime.fromisoformat("2025-01-06T12:00:00+00:00")  # a Monday
    assert next(cron_string_iterator(start.timestamp(), cron, "UTC")).isoformat() == first_tick


def test_backup_schedules_choose_their_series() -> None:
    for schedule, kind in ((daily_backup_schedule, "daily"), (weekly_backup_schedule, "weekly")):
        request = schedule.evaluate_tick(dg.build_schedule_context()).run_requests[0]
        assert request.run_config == {"ops": {"backup_app_database": {"config": {"kind": kind}}}}


def test_jobs_run_on_real_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path / "home"))
    url = f"sqlite:///{tmp_path / 'app.db'}"
    blobs = LocalBlobStore(tmp_path / "blobs")
    store = Store(url, blobs=blobs)
    store.migrate()
    seed(store)
    store.dispose()
    resources = {"store": StoreResource(database_url=url, blobs=BlobStoreResource(local_dir=str(tmp_path / "blobs"))),
                 "operations": OperationsResource(configuration={"home": str(tmp_path / "home")})}
    with dg.DagsterInstance.ephemeral() as instance:
        backed_up = backup_job.execute_in_process(
            resources=resources, instance=instance,
            run_config={"ops": {"backup_app_database": {"config": {"kind": "weekly"}}}})
        maintained = maintenance_job.execute_in_process(resources=resources, instance=instance)
        with pytest.raises(dg.DagsterInvalidConfigError):
            backup_job.execute_in_process(resources=resources, instance=instance,
                                          run_config={"ops": {"backup_app_database": {"config": {"kind": "monthly"}}}})
    assert backed_up.success and maintained.success
    (backup,) = list_backups(blobs)
    assert backup.kind == "weekly" and backed_up.output_for_node("backup_app_database") == backup.id
    report = maintained.output_for_node("maintain_app_database")
    assert report["integrity"] == "ok" and report["runbook_indexes"]["idx_filings_cik_date"]


def test_the_operations_definitions_load_with_the_pipeline() -> None:
    from sec_pipeline.config import PipelineConfig
    from sec_pipeline.definitions import load_definitions

    repository = load_definitions(PipelineConfig.from_env({})).get_repository_def()
    assert {"backup_job", "maintenance_job"} <= {job.name for job in repository.get_all_jobs()}
    assert {"daily_backup_schedule", "weekly_backup_schedule", "maintenance_schedule"} <= {
        s.name for s in repository.schedule_defs}
