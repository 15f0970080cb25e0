"""The one partitions definition: EDGAR filing days (Monday to Friday) in New York time, and its checks."""

import warnings
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from sec_pipeline.edgar.index import DAILY_INDEX_START

# EDGAR accepts filings on business days only, and serves a daily index from 1994-07-01 on: one partition per
# weekday from then. A holiday is a partition whose daily index is empty (it succeeds with zero filings).
daily_partitions = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 * * 1-5",
    start=DAILY_INDEX_START.isoformat(),
    fmt="%Y-%m-%d",
    timezone="America/New_York",
    end_offset=1,  # today's partition exists, so the new-filings sensor can target it during the day
)

# Each backfill run covers one filing date, so a failed date retries alone. `backfill_policy=` on @asset is a
# Dagster beta that warns once per asset on every load (ten lines per `sec-pipeline run`): that warning only
# is silenced, for every asset module, which all import this one before they declare their assets.
PER_DATE = dg.BackfillPolicy.multi_run(max_partitions_per_run=1)
warnings.filterwarnings("ignore", message="Parameter `backfill_policy` of function `asset`", category=dg.BetaWarning)


def partitioned_check(name: str, asset: str, description: str, *, blocking: bool = False) -> dg.AssetCheckSpec:
    """A check of a partitioned asset evaluated once per filing day (its evaluations carry the partition).

    `partitions_def` on a check spec is a Dagster preview feature that warns on every load; that one warning
    is silenced here, where the feature is used, and nowhere else."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Specifying a partitions_def on an AssetCheckSpec",
                                category=dg.PreviewWarning)
        return dg.AssetCheckSpec(name, asset=asset, description=description, blocking=blocking,
                                 partitions_def=daily_partitions)


def check_partition_date(day: date, flag: str = "--date", *, business_day: bool = True) -> None:
    """ValueError naming the valid range when `day` is before 1994-07-01 or in the future, and (with
    `business_day`) when it is a weekend, which has no partition."""
    first, last = daily_partitions.get_first_partition_key(), daily_partitions.get_last_partition_key()
    if first is None or last is None or not first <= day.isoformat() <= last:
        raise ValueError(f"{flag} {day} is outside the filing dates: give a date from {first} to {last}")
    if business_day and not daily_partitions.has_partition_key(day.isoformat()):
        raise ValueError(f"{flag} {day} is a {day:%A}: EDGAR files on business days, give a Monday to Friday")


def business_days(start: date, end: date) -> list[str]:
    """The partition keys (business days) from `start` to `end`, both included (none when end < start)."""
    zone = ZoneInfo(daily_partitions.timezone)
    window = dg.TimeWindow(datetime.combine(start, time(), zone), datetime.combine(end + timedelta(days=1), time(), zone))
    keys = daily_partitions.get_partition_keys_in_time_window(window)
    return [key for key in keys if start.isoformat() <= key <= end.isoformat()]  # a Friday's window spans the weekend


def previous_business_day(moment: datetime) -> str:
    """The key of the last business day before `moment`'s date (Saturday to Monday mornings: the Friday)."""
    return daily_partitions.get_partition_key_for_timestamp((moment - timedelta(days=1)).timestamp())


def partition_day(context: dg.AssetExecutionContext):
    """The filing date (a `date`) of the partition an asset step materializes."""
    return daily_partitions.time_window_for_partition_key(context.partition_key).start.date()
