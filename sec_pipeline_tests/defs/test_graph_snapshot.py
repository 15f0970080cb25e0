"""The asset graph is pinned: every asset's spec and every job, schedule and sensor against a snapshot.

An intended change to the graph updates the snapshot (`pytest sec_pipeline_tests/defs/test_graph_snapshot.py
--snapshot-update`) and shows in review as a diff of __snapshots__/test_graph_snapshot/*.json.
"""

from __future__ import annotations

import dagster as dg
import pytest
from syrupy.extensions.json import JSONSnapshotExtension


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def _partitions(partitions_def: dg.PartitionsDefinition | None) -> dict | None:
    if partitions_def is None:
        return None
    if isinstance(partitions_def, dg.TimeWindowPartitionsDefinition):
        return {
            "type": type(partitions_def).__name__,
            "start": partitions_def.start.isoformat(),
            "timezone": partitions_def.timezone,
            "cron_schedule": partitions_def.cron_schedule,
            "fmt": partitions_def.fmt,
            "end_offset": partitions_def.end_offset,
        }
    return {"type": type(partitions_def).__name__, "repr": repr(partitions_def)}


def _asset(node) -> dict:
    assets_def = node.assets_def
    op = assets_def.op
    return {
        "group": node.group_name,
        "kinds": sorted(node.kinds),
        "partitions": _partitions(node.partitions_def),
        "deps": sorted(key.to_user_string() for key in node.parent_keys),
        "partition_mappings": {key.to_user_string(): repr(mapping)
                               for key, mapping in sorted(node.partition_mappings.items())},
        "checks": [{"name": spec.name, "blocking": spec.blocking, "partitioned": spec.partitions_def is not None}
                   for spec in sorted(assets_def.check_specs, key=lambda spec: spec.name)],
        "tags": dict(sorted(node.tags.items())),
        "owners": sorted(node.owners),
        "pools": sorted(node.pools or ()),
        "op_tags": dict(sorted(op.tags.items())),
        "retry_policy": repr(op.retry_policy),
        "backfill_policy": repr(node.backfill_policy),
        "automation_condition": repr(node.automation_condition),
        "code_version": node.code_version,
    }


def graph_spec(definitions: dg.Definitions) -> dict:
    """The specs of every asset, job, schedule and sensor, as plain JSON values."""
    graph = definitions.resolve_asset_graph()
    jobs = [job for job in definitions.resolve_all_job_defs() if not job.name.startswith("__")]
    repository = definitions.get_repository_def()
    return {
        "assets": {key.to_user_string(): _asset(graph.get(key))
                   for key in sorted(graph.get_all_asset_keys(), key=lambda key: key.to_user_string())},
        "jobs": {
            job.name: {
                "assets": sorted(key.to_user_string() for key in job.asset_layer.selected_asset_keys),
                "partitions": _partitions(job.partitions_def),
                "executor": job.executor_def.name,
                "tags": dict(sorted(job.tags.items())),
            }
            for job in sorted(jobs, key=lambda job: job.name)
        },
        "schedules": {
            schedule.name: {"cron": schedule.cron_schedule, "timezone": schedule.execution_timezone,
                            "job": schedule.job_name, "default_status": schedule.default_status.value}
            for schedule in sorted(repository.schedule_defs, key=lambda schedule: schedule.name)
        },
        "sensors": {
            sensor.name: {"jobs": sorted(target.job_name for target in sensor.targets),
                          "minimum_interval_seconds": sensor.minimum_interval_seconds,
                          "default_status": sensor.default_status.value}
            for sensor in sorted(repository.sensor_defs, key=lambda sensor: sensor.name)
        },
        "resources": sorted(repository.get_top_level_resources()),
    }


def test_asset_graph_matches_the_snapshot(snapshot_json, default_definitions):
    assert graph_spec(default_definitions) == snapshot_json
