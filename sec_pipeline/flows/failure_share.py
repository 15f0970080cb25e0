"""The one failure-share rule of the stages that handle filings one by one (download, extraction).

A stage records a filing that fails and goes on; the partition fails only when more than the allowed share
(SEC_PIPELINE_MAX_FAILURE_SHARE, default 0.2) of its filings failed that stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date


class TooManyFailures(RuntimeError):
    """More than the allowed share of a partition's filings failed a stage; `errors` holds them by accession."""

    def __init__(self, message: str, errors: Mapping[str, str]) -> None:
        super().__init__(message)
        self.errors = dict(errors)


def failure_share(failed: int, total: int) -> float:
    """Failed filings over all filings of the stage (0 when there were none)."""
    return failed / total if total else 0.0


def check_failure_share(
    stage: str, day: date | str, failed: int, total: int, max_share: float, errors: Mapping[str, str]
) -> None:
    """Raise TooManyFailures when `failed` of `total` filings of `day` exceed `max_share` for `stage`."""
    share = failure_share(failed, total)
    if share > max_share:
        raise TooManyFailures(
            f"{failed} of {total} filings of {day} failed {stage} (share {share:.0%} > allowed {max_share:.0%}); "
            f"first errors: {dict(list(errors.items())[:3])}",
            errors,
        )
