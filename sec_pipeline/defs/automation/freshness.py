"""The freshness expectation of what consumers read: yesterday's business day published by the morning.

Dagster's `build_time_partition_freshness_checks` expects the last partition of the definition, which with
`end_offset=1` is today's (still filling) partition; so the check here names the business day before the
deadline itself, and a schedule evaluates it through business hours.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
from dagster._utils.schedules import get_latest_completed_cron_tick

from sec_pipeline.defs.partitions import daily_partitions, previous_business_day
from sec_pipeline.defs.quality.assets import published_signals

# The daily schedule starts at 06:00 New York time; by 09:00 on a business day the previous business day's
# signals are published (on Monday: Friday's), or the check fails and shows on published_signals in the UI.
PUBLISHED_BY = "0 9 * * 1-5"
FRESHNESS_CRON = "0 9-17 * * 1-5"  # at the deadline, then hourly, so a late publication turns it green


def expected_partition(now: datetime) -> tuple[datetime, str]:
    """The latest deadline before `now` and the business day that had to be published by then."""
    deadline = get_latest_completed_cron_tick(PUBLISHED_BY, now, daily_partitions.timezone)
    return deadline, previous_business_day(deadline)


@dg.asset_check(asset=published_signals, name="published_by_morning",
                description="the previous business day's signals published by 09:00 New York time (WARN)")
def published_by_morning(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
    """Passes when the partition due at the latest deadline has been materialized."""
    deadline, due = expected_partition(datetime.now(ZoneInfo(daily_partitions.timezone)))
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=published_signals.key, asset_partitions=[due]), limit=1).records
    return dg.AssetCheckResult(
        passed=bool(records),
        severity=dg.AssetCheckSeverity.WARN,
        description=f"signals of {due} {'published' if records else 'NOT published'} (due {deadline:%Y-%m-%d %H:%M %Z})",
        metadata={"due_partition": due, "deadline": dg.MetadataValue.timestamp(deadline)},
    )


freshness_job = dg.define_asset_job(
    "published_signals_freshness_job", selection=dg.AssetSelection.checks(published_by_morning),
    description="Evaluates the published_by_morning check of published_signals.",
)

freshness_schedule = dg.ScheduleDefinition(
    name="published_signals_freshness_schedule", cron_schedule=FRESHNESS_CRON, job=freshness_job,
    execution_timezone=daily_partitions.timezone, default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Business hours, hourly from 09:00 New York time: is the previous business day published?",
)
