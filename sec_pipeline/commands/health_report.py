"""`sec-pipeline health [--json] [--skip-edgar] [--mirror DIR]`: the runbook's checks, each with its value,
threshold and status; exit 0 (ok), 1 (warning) or 2 (critical). The checks answer within 2 seconds once the
Dagster instance is loaded (which the command does first, allowing it INSTANCE_LOAD_TIMEOUT_S); each probe is
one attempt with a short timeout. `--mirror DIR` checks against DIR served as EDGAR on loopback."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from sec_pipeline.config import PipelineConfig

if TYPE_CHECKING:
    from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe
    from sec_pipeline.operations.health import HealthReport
    from sec_pipeline.store.blobs import BlobStore


@dataclass
class OperationsRuntime:
    """What the operations commands read: the app database, the blob store and the Dagster instance."""

    config: PipelineConfig
    engine: Engine
    blobs: BlobStore
    probe: DagsterInstanceProbe

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def operations_runtime(config: PipelineConfig) -> OperationsRuntime:
    """Connections for health and metrics; the Dagster instance loads on first use."""
    from sec_pipeline.commands._runtime import dagster_instance
    from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe
    from sec_pipeline.factories import blob_store
    from sec_pipeline.operations.database import monitoring_engine
    from sec_pipeline.store.engine import normalize_url, sqlite_path

    path = sqlite_path(normalize_url(config.database_url))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return OperationsRuntime(
        config=config,
        engine=monitoring_engine(config.database_url),
        blobs=blob_store(config.blobs),
        probe=DagsterInstanceProbe(load=lambda: dagster_instance(config)),
    )


def health_report(runtime: OperationsRuntime, *, skip_edgar: bool = False) -> HealthReport:
    """The runbook's health report for this runtime."""
    from sec_pipeline.operations.health import run_checks, runbook_checks

    config = runtime.config
    return run_checks(runbook_checks(
        engine=runtime.engine, blobs=runtime.blobs, probe=runtime.probe, data_dir=config.home,
        now=datetime.now(UTC), edgar_url=None if skip_edgar else config.edgar.edgar_url,
        user_agent=config.edgar.user_agent,
    ))


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `health` subcommand."""
    parser = subparsers.add_parser("health", help="the runbook's health checks with value, threshold and status "
                                                  "(exit 0 ok, 1 warning, 2 critical)")
    parser.add_argument("--json", action="store_true", help='print {"status", "checks": [...]} for machines')
    parser.add_argument("--skip-edgar", action="store_true", help="do not contact EDGAR")
    parser.add_argument("--mirror", help="check against this folder served as EDGAR on loopback")
    parser.set_defaults(handler=health_command, needs_config=True, on_config_error=report_config_error)


def health_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Print the report (a table, or JSON with --json); the exit code is the worst status."""
    from sec_pipeline.commands._runtime import optional_mirror

    with optional_mirror(config, args.mirror) as served:
        runtime = operations_runtime(served)
        try:
            runtime.probe.preload()
            report = health_report(runtime, skip_edgar=args.skip_edgar)
        finally:
            runtime.close()
    return print_report(args, report)


def report_config_error(args: argparse.Namespace, error: Exception) -> int:
    """A malformed setting is the report's one critical check (JSON consumers still get JSON)."""
    from sec_pipeline.operations.health import CheckResult, HealthReport, Status

    return print_report(args, HealthReport([CheckResult("settings", str(error), "every setting valid",
                                                        Status.CRITICAL)]))


def print_report(args: argparse.Namespace, report: HealthReport) -> int:
    """Print the report as a table, or JSON with --json; the exit code is its worst status."""
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, default=str))
    else:
        print(f"sec-pipeline health: {report.status.label.upper()} ({report.seconds:.2f} s)")
        for check in report.checks:
            print(f"  {check.status.label:<9} {check.name:<21} {check.value}  [{check.threshold}]")
    return int(report.status)
