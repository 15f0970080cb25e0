"""The Definitions load, and their configuration, automation and instance config behave."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from sec_pipeline.config import PipelineConfig
from sec_pipeline.definitions import load_definitions

REPO = Path(__file__).resolve().parents[2]


def test_the_code_location_loads_from_the_environment(monkeypatch, tmp_path):
    from sec_pipeline.definitions import defs

    monkeypatch.setenv("SEC_PIPELINE_HOME", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'secret.db'}")
    definitions = defs()
    assert definitions.resolve_job_def("daily_filings_job") is not None
    store = definitions.resources["store"]
    assert isinstance(store.database_url, dg.EnvVar) and store.database_url.env_var_name == "DATABASE_URL", \
        "a secret set in the environment reaches its resource as an EnvVar, never as its value"
    assert definitions.resources["edgar"].cache_dir == str(tmp_path / "http-cache")


def test_every_asset_is_documented_grouped_and_owned(default_definitions):
    graph = default_definitions.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and len(node.description) > 40, key
        assert node.group_name and node.group_name != "default", key
        assert node.owners, key


@pytest.mark.parametrize(("day", "partition"), [
    (16, "2024-03-15"),  # Saturday morning: Friday
    (18, "2024-03-15"),  # Monday morning (under a custom cron): Friday again, which its run key deduplicates
    (19, "2024-03-18"),  # Tuesday morning: Monday
])
def test_schedule_targets_the_previous_business_day_partition(default_definitions, day, partition):
    schedule = default_definitions.resolve_schedule_def("daily_filings_schedule")
    tick = datetime(2024, 3, day, 6, 0, tzinfo=ZoneInfo("America/New_York"))
    with dg.build_schedule_context(
        scheduled_execution_time=tick, repository_def=default_definitions.get_repository_def()
    ) as context:
        request = schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == partition and request.run_key == f"daily:{partition}"
    assert schedule.execution_timezone == "America/New_York"


def test_definition_time_settings_come_from_the_config(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path), "SEC_PIPELINE_DAILY_CRON": "30 7 * * 2-6",
                                      "SEC_PIPELINE_SENSOR_INTERVAL": "120", "SEC_PIPELINE_EXECUTOR": "in_process",
                                      "SEC_PIPELINE_FORMS": "8-K", "SEC_PIPELINE_MIN_PASS_RATE": "80%"})
    definitions = load_definitions(config)
    assert definitions.resolve_schedule_def("daily_filings_schedule").cron_schedule == "30 7 * * 2-6"
    assert definitions.resolve_sensor_def("new_filings_sensor").minimum_interval_seconds == 120
    assert definitions.resolve_job_def("daily_filings_job").executor_def.name == "in_process"
    settings = definitions.resources["settings"]
    assert settings.forms == ["8-K"] and settings.thresholds().validation_pass_rate == 0.8


def test_the_defs_folder_does_not_load_on_its_own():
    from sec_pipeline.defs.location import current_location

    with pytest.raises(RuntimeError, match="sec_pipeline.definitions"):
        current_location()


@pytest.mark.parametrize("config", ["deploy/local/dagster.yaml"])
def test_local_instance_config_loads(tmp_path, config):
    (tmp_path / "dagster.yaml").write_text((REPO / config).read_text())
    instance = dg.DagsterInstance.from_ref(dg._core.instance.ref.InstanceRef.from_dir(str(tmp_path)))
    try:
        concurrency = instance.get_concurrency_config()
        assert concurrency.pool_config.default_pool_limit == 1
        assert concurrency.run_queue_config.max_concurrent_runs == 4
        assert instance.run_retries_enabled
        assert not instance.run_retries_retry_on_asset_or_op_failure, "a failed gate or user error is not rerun"
    finally:
        instance.dispose()


def test_every_step_that_talks_to_edgar_is_in_the_edgar_pool(default_definitions):
    from sec_pipeline.defs.constants import EDGAR_POOL

    steps = {(job.name, op.name): op for job in default_definitions.resolve_all_job_defs()
             for op in job.graph.iterate_op_defs()}
    talking = {name for (_, name), op in steps.items() if "edgar" in op.required_resource_keys}
    assert talking == {"raw_filings"}, "only ingestion talks to EDGAR (ARCHITECTURE.md, 'Only ingestion talks')"
    assert all(op.pool == EDGAR_POOL for (_, name), op in steps.items() if name in talking)
