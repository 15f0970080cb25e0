"""Gate thresholds with the defaults the project promises (read from the environment by sec_pipeline.config)."""

from __future__ import annotations

import math
from dataclasses import dataclass


class ThresholdError(ValueError):
    """A threshold is out of range; the message names its environment variable and the fix."""


ENV_VARS = {
    "extraction_accuracy": "SEC_PIPELINE_MIN_EXTRACTION_ACCURACY",
    "model_filing_accuracy": "SEC_PIPELINE_MIN_MODEL_FILING_ACCURACY",
    "validation_pass_rate": "SEC_PIPELINE_MIN_PASS_RATE",
    "p95_latency_s": "SEC_PIPELINE_MAX_P95_SECONDS",
    "cost_per_filing_usd": "SEC_PIPELINE_MAX_COST_PER_FILING",
}


@dataclass(frozen=True)
class Thresholds:
    """Minimum accuracy and pass rate (shares in [0, 1]); maximum p95 seconds and cost per filing (> 0).

    `model_filing_accuracy` is the least accuracy a sentiment model must reach on the filing-sentiment test
    split (unseen companies); `extraction_accuracy` holds for sections and held-out PhraseBank."""

    extraction_accuracy: float = 0.95
    validation_pass_rate: float = 0.90
    p95_latency_s: float = 30.0
    cost_per_filing_usd: float = 0.50
    model_filing_accuracy: float = 0.80

    def __post_init__(self) -> None:
        for name in ("extraction_accuracy", "model_filing_accuracy", "validation_pass_rate"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
                raise ThresholdError(f"{ENV_VARS[name]}={value!r} must be a share in [0, 1], e.g. 0.95")
        for name in ("p95_latency_s", "cost_per_filing_usd"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ThresholdError(f"{ENV_VARS[name]}={value!r} must be a positive number, e.g. "
                                     f"{getattr(Thresholds, name)}")
