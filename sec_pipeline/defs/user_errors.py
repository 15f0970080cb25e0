"""Errors in a run's own input or settings (a malformed CIK, a bad DATABASE_URL) fail the step at once.

Retrying cannot fix them, so they become `dg.Failure(allow_retries=False)`: the network retry policy of
raw_filings does not run them again, and the one-line message (secrets masked) says what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from sec_pipeline.store.engine import redact_url


@contextmanager
def fail_without_retry(what: str) -> Iterator[None]:
    """Turn a ValueError raised inside (checking input or settings) into a Failure that is not retried."""
    try:
        yield
    except ValueError as exc:
        raise dg.Failure(description=redact_url(f"{what}: {exc}"), allow_retries=False) from None
