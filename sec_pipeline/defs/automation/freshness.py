"""The freshness expectation of what consumers read: yesterday's business day published by the morning."""

from __future__ import annotations

import dagster as dg

from sec_pipeline.defs.partitions import daily_partitions
from sec_pipeline.defs.quality.assets import published_signals

# The daily schedule starts at 06:00 New York time; by 09:00 on a business day the previous business day's
# signals are published (Monday: Friday's), or the check fails and shows on published_signals in the UI.
PUBLISHED_BY = "0 9 * * 1-5"

published_signals_freshness = dg.build_time_partition_freshness_checks(
    assets=[published_signals], deadline_cron=PUBLISHED_BY, timezone=daily_partitions.timezone,
    severity=dg.AssetCheckSeverity.WARN,
)


@dg.definitions
def freshness() -> dg.Definitions:
    """The freshness check of published_signals and the sensor that evaluates it."""
    sensor = dg.build_sensor_for_freshness_checks(
        freshness_checks=published_signals_freshness, name="published_signals_freshness_sensor",
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
    return dg.Definitions(asset_checks=published_signals_freshness, sensors=[sensor])
