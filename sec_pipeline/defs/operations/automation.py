"""Incident levers on the Dagster instance: pause and resume the automation, drain the run queue.

`pause_automation` stops every running schedule and every running sensor that launches pipeline runs (the
alert sensor, which only reports, and the backup and maintenance schedules keep running) and remembers their names in the instance's key-value store, so
`resume_automation` starts exactly those again (and not the ones an operator had kept off). The code location is loaded in process under the name the workspace gives it, so the
instigator states it changes are the ones the daemon reads (they are keyed by location, repository and name).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import dagster as dg
from dagster import DagsterRunStatus

if TYPE_CHECKING:
    from dagster._core.remote_representation.external import RemoteSchedule, RemoteSensor

DEFINITIONS_MODULE = "sec_pipeline.definitions"
CODE_LOCATION = "sec_pipeline"  # workspace.yaml's location_name and pyproject's code_location_name
PAUSED_KEY = "sec_pipeline/paused_automation"
DRAIN_MESSAGE = "Canceled from the queue by `sec-pipeline drain`."


@contextlib.contextmanager
def remote_repository(instance: dg.DagsterInstance) -> Iterator:
    """The sec_pipeline repository as the daemon sees it, loaded in this process."""
    from dagster._core.remote_origin import InProcessCodeLocationOrigin
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

    origin = InProcessCodeLocationOrigin(LoadableTargetOrigin(module_name=DEFINITIONS_MODULE),
                                         location_name=CODE_LOCATION)
    with origin.create_location(instance) as location:
        (repository,) = location.get_repositories().values()
        yield repository


def _instigators(repository) -> dict[str, RemoteSchedule | RemoteSensor]:
    """The schedules and the sensors that launch pipeline runs, by name (backups and maintenance excluded)."""
    from sec_pipeline.defs.operations.jobs import OPERATIONS_JOBS

    schedules = [schedule for schedule in repository.get_schedules() if schedule.job_name not in OPERATIONS_JOBS]
    sensors = [sensor for sensor in repository.get_sensors() if sensor.get_targets()]
    return {item.name: item for item in [*schedules, *sensors]}


def _is_running(instance: dg.DagsterInstance, instigator) -> bool:
    stored = instance.get_instigator_state(instigator.get_remote_origin_id(), instigator.selector_id)
    return instigator.get_current_instigator_state(stored).is_running


def _paused(instance: dg.DagsterInstance) -> list[str]:
    raw = instance.run_storage.get_cursor_values({PAUSED_KEY}).get(PAUSED_KEY)
    return json.loads(raw) if raw else []


def automation_states(instance: dg.DagsterInstance) -> Mapping[str, bool]:
    """Name -> whether it is running, for the schedules and the sensors that launch runs."""
    with remote_repository(instance) as repository:
        return {name: _is_running(instance, item) for name, item in sorted(_instigators(repository).items())}


def pause_automation(instance: dg.DagsterInstance) -> list[str]:
    """Stop every running schedule and sensor; returns the names stopped now (all are remembered)."""
    from dagster._core.remote_representation.external import RemoteSchedule

    stopped = []
    with remote_repository(instance) as repository:
        for name, item in sorted(_instigators(repository).items()):
            if not _is_running(instance, item):
                continue
            if isinstance(item, RemoteSchedule):
                instance.stop_schedule(item.get_remote_origin_id(), item.selector_id, item)
            else:
                instance.stop_sensor(item.get_remote_origin_id(), item.selector_id, item)
            stopped.append(name)
    remembered = sorted(set(_paused(instance)) | set(stopped))
    instance.run_storage.set_cursor_values({PAUSED_KEY: json.dumps(remembered)})
    return stopped


def resume_automation(instance: dg.DagsterInstance) -> list[str]:
    """Start the schedules and sensors the pauses stopped; returns their names."""
    from dagster._core.remote_representation.external import RemoteSchedule

    started = []
    with remote_repository(instance) as repository:
        instigators = _instigators(repository)
        for name in _paused(instance):
            item = instigators.get(name)
            if item is None or _is_running(instance, item):
                continue  # removed from the code since, or started by hand meanwhile
            if isinstance(item, RemoteSchedule):
                instance.start_schedule(item)
            else:
                instance.start_sensor(item)
            started.append(name)
    instance.run_storage.set_cursor_values({PAUSED_KEY: json.dumps([])})
    return started


def drain_queue(instance: dg.DagsterInstance, tags: Mapping[str, str] | None = None) -> list[str]:
    """Cancel every queued run (with all of `tags`, when given) before it starts; returns their run ids.
    Runs already in progress go on."""
    canceled = []
    for run in instance.get_runs(dg.RunsFilter(statuses=[DagsterRunStatus.QUEUED], tags=dict(tags or {}))):
        instance.report_run_canceling(run, message=DRAIN_MESSAGE)
        instance.report_run_canceled(run, message=DRAIN_MESSAGE)
        canceled.append(run.run_id)
    return canceled
