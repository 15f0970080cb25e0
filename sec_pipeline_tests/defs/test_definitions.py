"""The Definitions load, and their automation and instance config behave."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

REPO = Path(__file__).resolve().parents[2]


def test_definitions_load_with_expected_assets():
    from sec_pipeline.definitions import defs

    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"raw_filings", "parsed_sections"} <= keys
    assert defs.resolve_job_def("daily_filings_job") is not None


def test_every_asset_is_documented_grouped_and_owned():
    from sec_pipeline.definitions import defs

    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and len(node.description) > 40, key
        assert node.group_name and node.group_name != "default", key
        assert node.owners, key


def test_schedule_targets_previous_day_partition():
    from sec_pipeline.definitions import defs

    schedule = defs.resolve_schedule_def("daily_filings_schedule")
    tick = datetime(2024, 3, 16, 6, 0, tzinfo=ZoneInfo("America/New_York"))
    with dg.build_schedule_context(
        scheduled_execution_time=tick, repository_def=defs.get_repository_def()
    ) as context:
        request = schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2024-03-15"
    assert schedule.execution_timezone == "America/New_York"


def test_unknown_executor_is_refused(monkeypatch):
    from sec_pipeline.defs.jobs import executor_from_env

    monkeypatch.setenv("SEC_PIPELINE_EXECUTOR", "spark")
    with pytest.raises(ValueError, match="SEC_PIPELINE_EXECUTOR"):
        executor_from_env()


@pytest.mark.parametrize("config", ["deploy/local/dagster.yaml"])
def test_local_instance_config_loads(tmp_path, config):
    (tmp_path / "dagster.yaml").write_text((REPO / config).read_text())
    instance = dg.DagsterInstance.from_ref(dg._core.instance.ref.InstanceRef.from_dir(str(tmp_path)))
    try:
        concurrency = instance.get_concurrency_config()
        assert concurrency.pool_config.default_pool_limit == 1
        assert concurrency.run_queue_config.max_concurrent_runs == 4
        assert instance.run_retries_enabled
    finally:
        instance.dispose()
