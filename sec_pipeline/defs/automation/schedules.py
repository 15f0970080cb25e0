"""The daily schedule: after SEC publishes the nightly index, process the previous business day's partition."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.defs.automation.jobs import daily_filings_job
from sec_pipeline.defs.location import current_location
from sec_pipeline.defs.partitions import daily_partitions, previous_business_day


def daily_filings_schedule(cron: str) -> dg.ScheduleDefinition:
    """The schedule on `cron` (SEC_PIPELINE_DAILY_CRON; SEC publishes a day's index at about 22:30 ET, so the
    default 06:00 Tuesday to Saturday leaves room for late files). Each tick requests the business-day
    partition before the tick's date; a Monday tick under a custom cron asks again for Friday, which its run
    key makes a no-op."""

    @dg.schedule(
        name="daily_filings_schedule",
        cron_schedule=cron,
        execution_timezone=daily_partitions.timezone,
        job=daily_filings_job,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Every business morning at 06:00 New York time, the previous business day's filings end to end.",
    )
    def request_previous_filing_day(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        tick = context.scheduled_execution_time
        partition_key = previous_business_day(tick)
        return dg.RunRequest(run_key=f"daily:{partition_key}", partition_key=partition_key)

    return request_previous_filing_day


@dg.definitions
def schedules() -> dg.Definitions:
    """The daily schedule on the configured cron."""
    return dg.Definitions(schedules=[daily_filings_schedule(current_location().config.daily_cron)])
