"""Errors in a run's own input or settings (a malformed CIK, a bad DATABASE_URL) fail the step at once.

Retrying cannot fix them, so they become `dg.Failure(allow_retries=False)`: the network retry policy of
raw_filings does not run them again, and the one-line message (secrets masked) says what to fix. A stop
requested by SIGTERM or SIGINT (`sec_pipeline.shutdown`) is final the same way: Dagster would otherwise
retry an interrupted step under its retry policy, minutes later.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster._core.errors import DagsterExecutionInterruptedError

from sec_pipeline import shutdown
from sec_pipeline.store.engine import redact_url


@contextmanager
def fail_without_retry(what: str) -> Iterator[None]:
    """Turn a ValueError raised inside (checking input or settings) into a Failure that is not retried."""
    try:
        yield
    except ValueError as exc:
        raise dg.Failure(description=redact_url(f"{what}: {exc}"), allow_retries=False) from None


@contextmanager
def stop_without_retry(what: str) -> Iterator[None]:
    """Turn an interruption by a requested stop into a Failure that is not retried (other interruptions pass)."""
    try:
        yield
    except (KeyboardInterrupt, DagsterExecutionInterruptedError):
        if not shutdown.requested(shutdown.NAME_WAIT_S):
            raise
        raise dg.Failure(description=f"{what}: stopped by a signal; rerun to finish", allow_retries=False) from None
