"""The daily schedule: after SEC publishes the nightly index, process the previous filing day."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from sec_pipeline.defs.automation.jobs import daily_filings_job
from sec_pipeline.defs.location import current_location

TIMEZONE = "America/New_York"


def previous_filing_day_partition(scheduled: dg.ScheduleEvaluationContext) -> str:
    """The partition key of the day before the tick (a weekend or holiday partition is simply empty)."""
    tick = scheduled.scheduled_execution_time
    return (tick - timedelta(days=1)).strftime("%Y-%m-%d")


def daily_filings_schedule(cron: str) -> dg.ScheduleDefinition:
    """The schedule on `cron` (SEC_PIPELINE_DAILY_CRON; SEC publishes a day's index at about 22:30 ET, so the
    default 06:00 Tuesday to Saturday leaves room for late files)."""

    @dg.schedule(
        name="daily_filings_schedule",
        cron_schedule=cron,
        execution_timezone=TIMEZONE,
        job=daily_filings_job,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Every business morning at 06:00 New York time, the previous day's filings end to end.",
    )
    def request_previous_filing_day(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        partition_key = previous_filing_day_partition(context)
        return dg.RunRequest(run_key=f"daily:{partition_key}", partition_key=partition_key)

    return request_previous_filing_day


@dg.definitions
def schedules() -> dg.Definitions:
    """The daily schedule on the configured cron."""
    return dg.Definitions(schedules=[daily_filings_schedule(current_location().config.daily_cron)])
