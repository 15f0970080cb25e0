"""DagsterInstanceProbe on real instances: runs, heartbeats, step durations, check values, EDGAR traffic from
a real raw_filings run against a mirror that answers 429 and 403, and run retention."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest
from dagster._daemon.types import DaemonHeartbeat

from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline.defs.filings.assets import raw_filings
from sec_pipeline.defs.operations.instance_probe import QUALITY_CHECKS, DagsterInstanceProbe
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.operations.probe import QualityFigures
from sec_pipeline_tests.defs.pipeline_helpers import resources
from sec_pipeline_tests.operations.helpers import add_runs


def test_runs_heartbeats_and_retention() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        probe = DagsterInstanceProbe(instance)
        S = dg.DagsterRunStatus
        add_runs(instance, S.SUCCESS, S.SUCCESS, S.FAILURE, S.QUEUED, S.QUEUED, S.QUEUED, S.CANCELED)
        assert probe.queued_runs() == 3
        counts = probe.run_counts(datetime.now(UTC) - timedelta(hours=1))
        assert (counts["success"], counts["failure"], counts["queued"], counts["canceled"]) == (2, 1, 3, 1)
        assert counts["started"] == 0
        assert sum(probe.run_counts(datetime.now(UTC) + timedelta(hours=1)).values()) == 0
        assert probe.daemon_heartbeats() == {}
        beat = time.time() - 42
        instance.add_daemon_heartbeat(DaemonHeartbeat(beat, "SCHEDULER", "daemon-1", None))
        assert probe.daemon_heartbeats() == {"SCHEDULER": datetime.fromtimestamp(beat, UTC)}
        assert probe.delete_runs_before(datetime.now(UTC) - timedelta(days=1)) == 0
        assert probe.delete_runs_before(datetime.now(UTC) + timedelta(minutes=1)) == 4  # finished runs only
        assert instance.get_runs_count() == 3 and probe.queued_runs() == 3


def test_a_failed_preload_is_raised_by_every_read() -> None:
    def broken() -> dg.DagsterInstance:
        raise OSError("dagster.yaml points at an unreachable database")

    probe = DagsterInstanceProbe(load=broken)
    probe.preload(5)
    with pytest.raises(OSError, match="unreachable"):
        probe.queued_runs()
    slow = DagsterInstanceProbe(load=lambda: time.sleep(3) or dg.DagsterInstance.ephemeral())
    started = time.monotonic()
    slow.preload(0.2)
    with pytest.raises(TimeoutError, match="did not load within 0.2 s"):
        slow.queued_runs()
    assert time.monotonic() - started < 1
    with pytest.raises(ValueError, match="DagsterInstance"):
        DagsterInstanceProbe()


def _stand_in(asset_name: str, checks: dict[str, str], values: dict[str, float]) -> dg.AssetsDefinition:
    """An asset with a real asset's key and check names; check -> QualityFigures field, reported from
    `values` as observed values."""

    @dg.asset(name=asset_name, check_specs=[dg.AssetCheckSpec(c, asset=asset_name) for c in checks])
    def stand_in() -> dg.MaterializeResult:
        return dg.MaterializeResult(check_results=[
            dg.AssetCheckResult(check_name=check, passed=True, metadata={"observed_value": values[field]})
            for check, field in checks.items()
        ])

    return stand_in


def _checked_assets(values: dict[str, float]) -> list[dg.AssetsDefinition]:
    names = sorted({asset for asset, _ in QUALITY_CHECKS.values()})
    return [_stand_in(name, {check: field for field, (asset, check) in QUALITY_CHECKS.items() if asset == name},
                      values) for name in names]


def test_quality_figures_and_step_durations() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        probe = DagsterInstanceProbe(instance)
        assert probe.quality_figures() == QualityFigures()
        assert probe.step_durations(10) == {}
        first = {"extraction_accuracy": 0.97, "validation_pass_rate": 0.93, "p95_inference_seconds": 12.5,
                 "cost_per_filing_usd": 0.02}
        assert dg.materialize(_checked_assets(first), instance=instance).success
        latest = {**first, "extraction_accuracy": 0.91, "p95_inference_seconds": float("nan")}
        assert dg.materialize(_checked_assets(latest), instance=instance).success
        figures = probe.quality_figures()
        assert figures == QualityFigures(0.91, 0.93, None, 0.02)  # the newest evaluation; NaN means no value
        durations = probe.step_durations(10)
        assert set(durations) == {"extracted_signals", "signal_validations"}
        assert all(0 <= seconds < 60 for seconds in durations.values())


def test_quality_checks_name_real_checks() -> None:
    from sec_pipeline.config import PipelineConfig
    from sec_pipeline.definitions import load_definitions

    defs = load_definitions(PipelineConfig.from_env({}))

    keys = {key for key in defs.resolve_asset_graph().asset_check_keys}
    for asset, check in QUALITY_CHECKS.values():
        assert dg.AssetCheckKey(dg.AssetKey(asset), check) in keys


def test_edgar_traffic_of_a_real_raw_filings_run(shared_edgar: Path, tmp_path: Path) -> None:
    with MirrorServer(SharedTree(shared_edgar), host="127.0.0.1") as mirror, dg.DagsterInstance.ephemeral() as instance:
        mirror.faults.script("429", "403-throttle")
        result = dg.materialize([raw_filings], partition_key="2023-02-27", instance=instance,
                                resources=resources(mirror.url, f"sqlite:///{tmp_path / 'app.db'}", tmp_path))
        assert result.success
        traffic = DagsterInstanceProbe(instance).edgar_traffic(datetime.now(UTC) - timedelta(hours=1))
        served = mirror.faults.snapshot()
    assert (traffic.answers_429, traffic.answers_403) == (1, 1)
    assert traffic.requests == served.requests >= 3
