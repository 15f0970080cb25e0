"""The daily schedule: after SEC publishes the nightly index, process the previous filing day."""

from __future__ import annotations

import os
from datetime import timedelta

import dagster as dg

from sec_pipeline.defs.jobs import daily_filings_job

# SEC publishes a day's index at about 22:30 ET; 06:00 the next morning leaves room for late files.
DAILY_CRON = os.environ.get("SEC_PIPELINE_DAILY_CRON", "0 6 * * 2-6")  # Tue-Sat for Mon-Fri filings
TIMEZONE = "America/New_York"


def previous_filing_day_partition(scheduled: dg.ScheduleEvaluationContext) -> str:
    """The partition key of the day before the tick (a weekend or holiday partition is simply empty)."""
    tick = scheduled.scheduled_execution_time
    return (tick - timedelta(days=1)).strftime("%Y-%m-%d")


@dg.schedule(
    cron_schedule=DAILY_CRON,
    execution_timezone=TIMEZONE,
    job=daily_filings_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every business morning at 06:00 New York time, the previous day's filings end to end.",
)
def daily_filings_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Request the previous filing day's partition."""
    partition_key = previous_filing_day_partition(context)
    return dg.RunRequest(run_key=f"daily:{partition_key}", partition_key=partition_key)
