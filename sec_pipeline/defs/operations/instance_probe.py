"""`DagsterInstanceProbe`: the operations package's `InstanceProbe` over a DagsterInstance."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import dagster as dg
from dagster import DagsterRunStatus

from sec_pipeline.operations.probe import EdgarTraffic, QualityFigures

FINISHED = (DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED)
# QualityFigures field -> (asset, check) whose latest evaluation's observed_value it reports.
QUALITY_CHECKS = {
    "extraction_accuracy": ("signal_validations", "extraction_accuracy"),
    "validation_pass_rate": ("signal_validations", "validation_pass_rate"),
    "p95_inference_seconds": ("extracted_signals", "p95_inference_seconds"),
    "cost_per_filing_usd": ("extracted_signals", "cost_per_filing"),
}
INGEST_ASSET = "raw_filings"
# EdgarTraffic field -> the raw_filings materialization metadata entry summed into it.
TRAFFIC_METADATA = {"requests": "requests", "answers_429": "http_429_answers", "answers_403": "http_403_answers"}
_PAGE = 500
# How long a command waits for the instance before its reads fail fast (health, the API's launcher).
INSTANCE_LOAD_TIMEOUT_S = 10.0


class DagsterInstanceProbe:
    """Reads runs, heartbeats, check evaluations and materializations of a Dagster instance, which is given
    or loaded once by `load` (on first use, or ahead of time by `preload`)."""

    def __init__(self, instance: dg.DagsterInstance | None = None,
                 load: Callable[[], dg.DagsterInstance] | None = None) -> None:
        if instance is None and load is None:
            raise ValueError("give a DagsterInstance or a function that loads one")
        self._instance = instance
        self._load = load
        self._lock = threading.Lock()
        self._failure: Exception | None = None

    @property
    def instance(self) -> dg.DagsterInstance:
        """The instance (loaded by the first caller); a failed or timed-out preload is raised again."""
        if self._instance is None and self._failure is not None:
            raise self._failure
        with self._lock:
            if self._instance is None:
                assert self._load is not None  # __init__ takes an instance or a loader
                self._instance = self._load()
            return self._instance

    def preload(self, timeout_s: float = INSTANCE_LOAD_TIMEOUT_S) -> None:
        """Load the instance now, waiting at most `timeout_s`, so that later reads do not pay for it; when it
        fails or takes longer, every later read raises that at once instead."""

        def load() -> None:
            try:
                _ = self.instance
            except Exception as exc:  # noqa: BLE001 - kept and raised by every later read
                self._failure = exc

        thread = threading.Thread(target=load, name="dagster-instance-load", daemon=True)
        thread.start()
        thread.join(timeout_s)
        if thread.is_alive():
            self._failure = TimeoutError(f"the Dagster instance did not load within {timeout_s:g} s")

    def queued_runs(self) -> int:
        """Runs in the QUEUED state."""
        return self.instance.get_runs_count(dg.RunsFilter(statuses=[DagsterRunStatus.QUEUED]))

    def run_counts(self, since: datetime) -> Mapping[str, int]:
        """Runs updated since `since`, for every run status (zeros included)."""
        return {
            status.value.lower(): self.instance.get_runs_count(dg.RunsFilter(statuses=[status], updated_after=since))
            for status in DagsterRunStatus
        }

    def daemon_heartbeats(self) -> Mapping[str, datetime]:
        """Last heartbeat of each daemon type."""
        return {daemon: datetime.fromtimestamp(beat.timestamp, UTC)
                for daemon, beat in self.instance.get_daemon_heartbeats().items()}

    def step_durations(self, runs: int) -> Mapping[str, float]:
        """Step key -> seconds, from the newest of the last `runs` finished runs that ran the step."""
        durations: dict[str, float] = {}
        for record in self.instance.get_run_records(dg.RunsFilter(statuses=list(FINISHED)), limit=runs):
            for stat in self.instance.get_run_step_stats(record.dagster_run.run_id):
                if stat.step_key not in durations and stat.start_time and stat.end_time:
                    durations[stat.step_key] = stat.end_time - stat.start_time
        return durations

    def quality_figures(self) -> QualityFigures:
        """Observed values of the latest evaluations of the gate and warning checks."""
        values: dict[str, float | None] = {}
        for field, (asset, check) in QUALITY_CHECKS.items():
            record = self.instance.get_latest_asset_check_evaluation_record(
                dg.AssetCheckKey(dg.AssetKey(asset), check))
            event = record.event.dagster_event if record and record.event else None
            evaluation = event.event_specific_data if event is not None else None
            observed = evaluation.metadata.get("observed_value") if isinstance(evaluation, dg.AssetCheckEvaluation) \
                else None
            value = getattr(observed, "value", None)
            values[field] = float(value) if isinstance(value, (int, float)) and value == value else None  # NaN: none
        return QualityFigures(**values)

    def edgar_traffic(self, since: datetime) -> EdgarTraffic:
        """Sums of the requests and 429/403 answers recorded by raw_filings materializations since `since`."""
        totals = dict.fromkeys(TRAFFIC_METADATA, 0)
        records_filter = dg.AssetRecordsFilter(asset_key=dg.AssetKey(INGEST_ASSET), after_timestamp=since.timestamp())
        cursor = None
        while True:
            page = self.instance.fetch_materializations(records_filter, limit=_PAGE, cursor=cursor)
            for record in page.records:
                metadata = record.asset_materialization.metadata if record.asset_materialization else {}
                for field, entry in TRAFFIC_METADATA.items():
                    totals[field] += int(getattr(metadata.get(entry), "value", 0) or 0)
            if not page.has_more:
                return EdgarTraffic(**totals)
            cursor = page.cursor

    def delete_runs_before(self, cutoff: datetime) -> int:
        """Delete finished runs last updated before `cutoff`, with their event logs."""
        deleted = 0
        while True:
            records = self.instance.get_run_records(
                dg.RunsFilter(statuses=list(FINISHED), updated_before=cutoff), limit=_PAGE)
            for record in records:
                self.instance.delete_run(record.dagster_run.run_id)
            deleted += len(records)
            if len(records) < _PAGE:
                return deleted
