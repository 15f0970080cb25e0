"""The executor of every job, named by SEC_PIPELINE_EXECUTOR: multiprocess (default), in_process or k8s."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.defs.location import current_location


def executor_for(name: str) -> dg.ExecutorDefinition:
    """The executor called `name` (one of sec_pipeline.config.EXECUTORS)."""
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    return {"in_process": dg.in_process_executor, "multiprocess": dg.multiprocess_executor}[name]


@dg.definitions
def execution() -> dg.Definitions:
    """The configured executor."""
    return dg.Definitions(executor=executor_for(current_location().config.executor))
