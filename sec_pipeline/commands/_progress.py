"""Quiet output of a job run in this process: one line per step, as each step ends.

`progress_logger` is a Dagster logger that turns the event stream into those lines: the step, ok or FAILED,
its seconds, the rows it wrote and filings per second, and its failed checks. Warnings and errors logged
by the steps are shown too; everything else (Dagster's DEBUG event log) is left to `--verbose`.
"""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import dagster as dg

PROGRESS_LOGGER = "progress"


class StepLines(logging.Handler):
    """A handler of Dagster's log records that writes one line per finished step."""

    def __init__(self, write: Callable[[str], None]) -> None:
        super().__init__(level=logging.DEBUG)
        self.write = write
        self.started: dict[str, float] = {}
        self.metadata: dict[str, dict[str, Any]] = defaultdict(dict)
        self.failed_checks: dict[str, list[str]] = defaultdict(list)

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        if event is None:
            if record.levelno >= logging.WARNING:
                meta = getattr(record, "dagster_meta", None) or {}  # Dagster keeps the step's own message here
                step = f"{meta['step_key']}: " if meta.get("step_key") else ""
                message = meta.get("orig_message") or record.getMessage()
                self.write(f"  {record.levelname.lower()}: {step}{message}")
            return
        step, kind = event.step_key or "", event.event_type_value
        if kind == "STEP_START":
            self.started[step] = record.created
        elif kind == "ASSET_MATERIALIZATION":
            self.metadata[step].update(event.event_specific_data.materialization.metadata)
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                self.failed_checks[step].append(evaluation.check_name)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            self.write(self.line(step, kind == "STEP_SUCCESS", record.created - self.started.get(step, record.created)))

    def line(self, step: str, ok: bool, seconds: float) -> str:
        """`  raw_filings          ok      2.1 s  3 rows  3 filings (1.4 filings/s)  checks failed: ...`"""
        parts = [f"  {step:<20} {'ok' if ok else 'FAILED':<6} {seconds:6.1f} s"]
        metadata = self.metadata.get(step, {})
        rows = metadata.get("dagster/partition_row_count")
        if rows is not None:
            parts.append(f"{rows.value} rows")
        filings = metadata.get("filings")
        if filings is not None:
            rate = f" ({filings.value / seconds:.1f} filings/s)" if seconds > 0 and filings.value else ""
            parts.append(f"{filings.value} filings{rate}")
        if self.failed_checks.get(step):
            parts.append("checks failed: " + ", ".join(self.failed_checks[step]))
        return "  ".join(parts)


@dg.logger(None, description="One line per finished step (sec-pipeline run without --verbose).")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    """A Python logger writing StepLines to stdout."""
    log = logging.getLogger(f"sec_pipeline.progress.{id(init_context)}")
    log.handlers = [StepLines(lambda text: print(text, file=sys.stdout, flush=True))]
    log.setLevel(logging.DEBUG)
    log.propagate = False
    return log


def quiet(job: dg.JobDefinition, run_config: dict[str, Any]) -> tuple[dg.JobDefinition, dict[str, Any]]:
    """`job` and `run_config` set to log through progress_logger only."""
    return (job.with_logger_defs({**job.loggers, PROGRESS_LOGGER: progress_logger}),
            {**run_config, "loggers": {PROGRESS_LOGGER: {}}})
