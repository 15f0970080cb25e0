"""The one failure-share rule: which stage a stored filing failed, and the share of a partition's filings that failed.

Every stage records a filing that fails and goes on (download: status `failed`; parse: `parse_failed`;
extraction: status `parsed` kept, with its error). No stage fails the partition itself: the blocking
`stage_failures` gate of signal_validations (flows.validation.failure_gate) fails it when more than the allowed
share (SEC_PIPELINE_MAX_FAILURE_SHARE, default 0.2) of its filings failed any stage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sec_pipeline.vocabulary import FilingStatus

STAGES = ("download", "parse", "extract")


def failure_share(failed: int, total: int) -> float:
    """Failed filings over all filings of the stage (0 when there were none)."""
    return failed / total if total else 0.0


def failed_stage(status: str, error: str | None) -> str | None:
    """The stage a stored filing failed at, from its status and error; None when it did not fail."""
    if status == FilingStatus.FAILED:
        return "download"
    if status == FilingStatus.PARSE_FAILED:
        return "parse"
    if status == FilingStatus.PARSED and error:
        return "extract"
    return None


@dataclass(frozen=True)
class StageFailures:
    """The filings of a partition that failed a stage: counts by stage and errors by accession."""

    filings: int
    by_stage: Mapping[str, int] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        """Filings that failed any stage."""
        return sum(self.by_stage.values())

    @property
    def share(self) -> float:
        """Failed filings over all filings (0 when there were none)."""
        return failure_share(self.failed, self.filings)


def stage_failures(filings: Iterable[Mapping[Any, Any]]) -> StageFailures:
    """Count the stored filings (rows with `accession_no`, `status`, `error`) that failed each stage."""
    rows = list(filings)
    by_stage: Counter[str] = Counter()
    errors: dict[str, str] = {}
    for row in rows:
        error = row.get("error")
        stage = failed_stage(str(row["status"]), error if isinstance(error, str) else None)
        if stage is not None:
            by_stage[stage] += 1
            errors[str(row["accession_no"])] = f"{stage}: {error or 'no error recorded'}"
    return StageFailures(len(rows), {stage: by_stage[stage] for stage in STAGES if by_stage[stage]}, errors)
