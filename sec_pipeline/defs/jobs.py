"""Jobs: the daily filings job over every partitioned asset, and on-demand company processing."""

from __future__ import annotations

import os

import dagster as dg

from sec_pipeline.defs.config import PARTITIONED_ASSETS

daily_filings_selection = dg.AssetSelection.assets(*PARTITIONED_ASSETS)

daily_filings_job = dg.define_asset_job(
    name="daily_filings_job",
    selection=daily_filings_selection,
    description="raw_filings -> parsed_sections -> extracted_signals -> signal_validations for one filing date.",
)


def executor_from_env() -> dg.ExecutorDefinition:
    """The executor named by SEC_PIPELINE_EXECUTOR: multiprocess (default), in_process or k8s."""
    choice = os.environ.get("SEC_PIPELINE_EXECUTOR", "multiprocess").strip().lower()
    if choice == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    if choice == "in_process":
        return dg.in_process_executor
    if choice != "multiprocess":
        raise ValueError(
            f"SEC_PIPELINE_EXECUTOR={choice!r} is not one of multiprocess, in_process, k8s; unset it or pick one"
        )
    return dg.multiprocess_executor
