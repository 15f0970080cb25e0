"""Asset check results, built in one place: blocking gates (ERROR) and WARN checks, "no filings" on an empty day."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dagster as dg

if TYPE_CHECKING:
    from sec_pipeline.flows.validation import Gate

NO_FILINGS = "no filings"


def gate_result(gate: Gate, filings: int) -> dg.AssetCheckResult:
    """A blocking gate's verdict as an ERROR check result; its observed value reads "no filings" on an empty day."""
    observed: float | dg.MetadataValue = gate.observed if gate.observed is not None else dg.MetadataValue.text(
        NO_FILINGS if not filings else "not measured")
    return dg.AssetCheckResult(
        check_name=gate.name,
        passed=gate.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=gate.message,
        metadata={"observed_value": observed, "threshold": gate.threshold, "filings": filings,
                  "details": dg.MetadataValue.json(gate.details)},
    )


def warn_result(
    check_name: str, *, filings: int, passed: bool, observed: float, threshold: float, description: str = ""
) -> dg.AssetCheckResult:
    """A WARN check's result; with no filings it passes and says "no filings" instead of an observed 0.0."""
    if not filings:
        return dg.AssetCheckResult(
            check_name=check_name, passed=True, severity=dg.AssetCheckSeverity.WARN, description=NO_FILINGS,
            metadata={"observed_value": dg.MetadataValue.text(NO_FILINGS), "threshold": threshold, "filings": 0},
        )
    return dg.AssetCheckResult(
        check_name=check_name, passed=passed, severity=dg.AssetCheckSeverity.WARN, description=description or None,
        metadata={"observed_value": observed, "threshold": threshold, "filings": filings},
    )
