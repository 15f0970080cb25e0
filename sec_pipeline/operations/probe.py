"""What operations reads from (and prunes in) the Dagster instance, as a protocol without Dagster types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

FAILURE = "failure"
SUCCESS = "success"


@dataclass(frozen=True)
class QualityFigures:
    """The latest observed value of each gate and warning check (None: never evaluated)."""

    extraction_accuracy: float | None = None
    validation_pass_rate: float | None = None
    p95_inference_seconds: float | None = None
    cost_per_filing_usd: float | None = None


@dataclass(frozen=True)
class EdgarTraffic:
    """EDGAR requests made by raw_filings steps, and the 429 and 403 answers among them."""

    requests: int = 0
    answers_429: int = 0
    answers_403: int = 0


class InstanceProbe(Protocol):
    """Read access to the Dagster instance, plus the one destructive action maintenance needs."""

    def queued_runs(self) -> int:
        """Runs waiting in the run queue."""
        ...

    def run_counts(self, since: datetime) -> Mapping[str, int]:
        """Runs last updated at or after `since`, by lower-case status ("success", "failure", "queued", ...)."""
        ...

    def daemon_heartbeats(self) -> Mapping[str, datetime]:
        """The last heartbeat (UTC) of each daemon that ever ran against the instance, by daemon type."""
        ...

    def step_durations(self, runs: int) -> Mapping[str, float]:
        """Seconds each step took in the most recent of the last `runs` finished runs that executed it."""
        ...

    def quality_figures(self) -> QualityFigures:
        """The latest values of the extraction-accuracy and pass-rate gates and the p95 and cost checks."""
        ...

    def edgar_traffic(self, since: datetime) -> EdgarTraffic:
        """EDGAR requests and 429/403 answers of the raw_filings materializations since `since`."""
        ...

    def delete_runs_before(self, cutoff: datetime) -> int:
        """Delete finished runs (with their event logs) last updated before `cutoff`; how many went."""
        ...


def failed_run_share(counts: Mapping[str, int]) -> float:
    """Failed runs over finished runs (success + failure; canceled runs are neither); 0 without any."""
    finished = counts.get(SUCCESS, 0) + counts.get(FAILURE, 0)
    return counts.get(FAILURE, 0) / finished if finished else 0.0
