"""The freshness check: the business day before each 09:00 deadline must be published."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from sec_pipeline.defs.automation.freshness import expected_partition, freshness_job, published_by_morning
from sec_pipeline.defs.partitions import daily_partitions

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("now", "deadline", "due"), [
    (datetime(2024, 3, 19, 10, 0, tzinfo=NY), datetime(2024, 3, 19, 9, 0, tzinfo=NY), "2024-03-18"),  # Tue
    (datetime(2024, 3, 19, 8, 0, tzinfo=NY), datetime(2024, 3, 18, 9, 0, tzinfo=NY), "2024-03-15"),  # Tue early
    (datetime(2024, 3, 18, 9, 30, tzinfo=NY), datetime(2024, 3, 18, 9, 0, tzinfo=NY), "2024-03-15"),  # Mon
    (datetime(2024, 3, 17, 12, 0, tzinfo=NY), datetime(2024, 3, 15, 9, 0, tzinfo=NY), "2024-03-14"),  # Sun
])
def test_the_due_partition_is_the_business_day_before_the_latest_deadline(now, deadline, due):
    assert expected_partition(now) == (deadline, due)


def test_the_check_fails_until_the_due_partition_is_published(default_definitions):
    instance = dg.DagsterInstance.ephemeral()
    spec = dg.AssetSpec("published_signals", partitions_def=daily_partitions)

    def evaluate() -> dg.AssetCheckEvaluation:
        result = dg.materialize([spec, published_by_morning], selection=dg.AssetSelection.checks(published_by_morning),
                                instance=instance)
        [evaluation] = result.get_asset_check_evaluations()
        return evaluation

    missing = evaluate()
    due = missing.metadata["due_partition"].value
    assert not missing.passed and f"signals of {due} NOT published" in (missing.description or "")
    instance.report_runless_asset_event(dg.AssetMaterialization("published_signals", partition=due))
    assert evaluate().passed
    assert default_definitions.resolve_job_def(freshness_job.name) is not None
    schedule = default_definitions.resolve_schedule_def("published_signals_freshness_schedule")
    assert schedule.cron_schedule == "0 9-17 * * 1-5" and schedule.execution_timezone == "America/New_York"
