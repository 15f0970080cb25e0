"""Plain result types of the quality suites, and the pass-rate arithmetic.

Pass rate: the share of ERROR-severity outcomes that passed, where an outcome is one (scope, expectation)
pair, scope being "partition", a form type or an accession number. WARN-severity outcomes (advisory, such as
section size bands) are reported and listed among the failures but do not count toward the pass rate, so an
advisory finding never blocks publication. An outcome whose validator could not run is a failed outcome.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypedDict

import pandas as pd

ERROR = "error"
WARN = "warn"
PARTITION = "partition"


class OutcomeRow(TypedDict):
    """An outcome as the `validations` table keeps it, less partition and run id (values JSON-serializable)."""

    scope: str
    expectation: str
    passed: bool
    observed_value: Any
    details: dict[str, Any]


@dataclass(frozen=True)
class ValidationOutcome:
    """One expectation evaluated on one scope (the `validations` table row, less partition and run id)."""

    scope: str
    expectation: str
    passed: bool
    observed_value: Any = None
    details: dict[str, Any] = field(default_factory=dict)
    severity: str = ERROR

    def as_row(self) -> OutcomeRow:
        """The outcome as a `validations` row, less partition and run id (details JSON-serializable)."""
        return {
            "scope": self.scope,
            "expectation": self.expectation,
            "passed": self.passed,
            "observed_value": _jsonable(self.observed_value),
            "details": _jsonable({**self.details, "severity": self.severity}),
        }


@dataclass
class ValidationReport:
    """All outcomes of a partition's validation and their summary."""

    outcomes: list[ValidationOutcome]
    pass_rate: float
    failures_by_expectation: dict[str, int]
    worst_filings: pd.DataFrame
    data_docs_html: str | None = None
    data_docs_files: dict[str, bytes] = field(default_factory=dict)

    @property
    def failed(self) -> list[ValidationOutcome]:
        """The outcomes that did not pass (both severities)."""
        return [o for o in self.outcomes if not o.passed]

    def failing_accessions(self, severity: str = ERROR) -> set[str]:
        """Accessions with at least one failed outcome of `severity` (publish the others, or none)."""
        return {o.scope for o in self.outcomes
                if not o.passed and o.severity == severity and _looks_like_accession(o.scope)}

    @property
    def partition_failed(self) -> bool:
        """True when a partition-level ERROR outcome failed (schema, bad input, GX crash): publish nothing."""
        return any(not o.passed and o.severity == ERROR and o.scope == PARTITION for o in self.outcomes)

    def summary(self) -> dict[str, Any]:
        """Plain numbers for asset metadata: pass rate, counts, failures by expectation."""
        gating = [o for o in self.outcomes if o.severity == ERROR]
        return {
            "pass_rate": self.pass_rate,
            "outcomes": len(self.outcomes),
            "gating_outcomes": len(gating),
            "gating_failures": sum(not o.passed for o in gating),
            "warnings": sum(not o.passed for o in self.outcomes if o.severity != ERROR),
            "failures_by_expectation": dict(self.failures_by_expectation),
        }

    def worst_filings_markdown(self) -> str:
        """The worst filings as a markdown table (for asset metadata)."""
        return frame_to_markdown(self.worst_filings)


def pass_rate(outcomes: list[ValidationOutcome]) -> float:
    """Share of ERROR-severity outcomes that passed; 0.0 when there are none (nothing was validated)."""
    gating = [o for o in outcomes if o.severity == ERROR]
    if not gating:
        return 0.0
    return sum(o.passed for o in gating) / len(gating)


def failures_by_expectation(outcomes: list[ValidationOutcome]) -> dict[str, int]:
    """Failed outcome count per expectation name, most frequent first."""
    counts = Counter(o.expectation for o in outcomes if not o.passed)
    return dict(counts.most_common())


def worst_filings(outcomes: list[ValidationOutcome], limit: int = 10) -> pd.DataFrame:
    """The accessions with the most failed outcomes: accession_no, failures, expectations."""
    per: dict[str, list[str]] = {}
    for o in outcomes:
        if not o.passed and o.scope != PARTITION and _looks_like_accession(o.scope):
            per.setdefault(o.scope, []).append(o.expectation)
    ranked = sorted(per.items(), key=lambda item: (-len(item[1]), item[0]))
    rows = [
        {"accession_no": acc, "failures": len(names), "expectations": ", ".join(sorted(set(names)))}
        for acc, names in ranked
    ]
    return pd.DataFrame(rows[:limit], columns=["accession_no", "failures", "expectations"])


def summarize(
    outcomes: list[ValidationOutcome],
    data_docs_html: str | None = None,
    data_docs_files: dict[str, bytes] | None = None,
) -> ValidationReport:
    """Build the report from outcomes."""
    return ValidationReport(
        outcomes=outcomes,
        pass_rate=pass_rate(outcomes),
        failures_by_expectation=failures_by_expectation(outcomes),
        worst_filings=worst_filings(outcomes),
        data_docs_html=data_docs_html,
        data_docs_files=data_docs_files or {},
    )


def frame_to_markdown(frame: pd.DataFrame) -> str:
    """A small markdown table (no tabulate dependency); pipes in cells are escaped."""
    if frame.empty:
        return "_no failing filings_"
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines)


def _looks_like_accession(scope: str) -> bool:
    return len(scope) == 20 and scope[10] == "-" and scope[13] == "-"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (str, bytes)):
        try:
            return _jsonable(value.item())
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN/inf are not JSON (PostgreSQL rejects them)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
