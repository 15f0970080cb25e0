"""The one daily partitions definition: EDGAR filing dates in New York time."""

from datetime import date

import dagster as dg

# EDGAR's electronic filings begin in 1993; daily indexes from 1994 Q3, full indexes before that.
EDGAR_START_DATE = "1993-01-01"

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=EDGAR_START_DATE,
    timezone="America/New_York",
    end_offset=1,  # today's partition exists, so the new-filings sensor can target it during the day
)

# Each backfill run covers one filing date, so a failed date retries alone.
PER_DATE = dg.BackfillPolicy.multi_run(max_partitions_per_run=1)


def check_partition_date(day: date, flag: str = "--date") -> None:
    """ValueError naming the valid range when `day` is not a partition (before 1993 or in the future)."""
    first, last = daily_partitions.get_first_partition_key(), daily_partitions.get_last_partition_key()
    if first is None or last is None or not first <= day.isoformat() <= last:
        raise ValueError(f"{flag} {day} is outside the filing dates: give a date from {first} to {last}")


def partition_day(context: dg.AssetExecutionContext):
    """The filing date (a `date`) of the partition an asset step materializes."""
    return daily_partitions.time_window_for_partition_key(context.partition_key).start.date()
