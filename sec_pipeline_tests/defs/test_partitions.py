"""Business-day partitions from EDGAR's first daily index, and checks evaluated once per partition."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pytest
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus

from sec_pipeline.defs.partitions import business_days, check_partition_date, daily_partitions
from sec_pipeline.edgar.index import DAILY_INDEX_START
from sec_pipeline_tests.defs.pipeline_helpers import PARTITIONED, materialize_partition, resources

DATE = "2007-08-07"  # a Tuesday with three 8-Ks


def test_partitions_are_business_days_from_the_first_daily_index():
    assert daily_partitions.get_first_partition_key() == DAILY_INDEX_START.isoformat() == "1994-07-01"
    week = business_days(date(2007, 8, 3), date(2007, 8, 13))
    assert week == ["2007-08-03", "2007-08-06", "2007-08-07", "2007-08-08", "2007-08-09", "2007-08-10",
                    "2007-08-13"]
    assert daily_partitions.time_window_for_partition_key("2007-08-03").start.date() == date(2007, 8, 3)
    assert not daily_partitions.has_partition_key("2007-08-04")


@pytest.mark.parametrize(("day", "message"), [
    (date(2007, 8, 4), "--date 2007-08-04 is a Saturday: EDGAR files on business days"),
    (date(1994, 6, 30), "--date 1994-06-30 is outside the filing dates: give a date from 1994-07-01"),
])
def test_a_day_without_a_partition_is_refused_with_the_reason(day, message):
    with pytest.raises(ValueError, match=message):
        check_partition_date(day)
    check_partition_date(date(2007, 8, 4), business_day=False)  # inside the range: a backfill bound


def test_a_run_writes_one_evaluation_per_check_carrying_its_partition(edgar_mirror, tmp_path):
    instance = dg.DagsterInstance.ephemeral()
    result = materialize_partition(DATE, resources(edgar_mirror, f"sqlite:///{tmp_path / 'app.db'}", tmp_path),
                                   instance)
    assert result.success
    check_keys = [key for assets_def in PARTITIONED for key in assets_def.check_keys]
    assert len(check_keys) == 6  # completeness, p95 latency, cost, extraction accuracy, pass rate, stage failures
    for key in check_keys:
        history = instance.event_log_storage.get_asset_check_execution_history(key, limit=10)
        assert len(history) == 1, (key, [(r.status, r.partition) for r in history])
        record = history[0]
        assert record.partition == DATE, key
        assert record.status in (AssetCheckExecutionRecordStatus.SUCCEEDED,
                                 AssetCheckExecutionRecordStatus.FAILED), key
        evaluation = record.event.asset_check_evaluation
        assert evaluation is not None and evaluation.partition == DATE, key
