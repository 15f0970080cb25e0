"""`sec-pipeline maintenance run [--dry-run]`: the weekly maintenance pass now, with its report as JSON."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from sec_pipeline.config import PipelineConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `maintenance` subcommand."""
    parser = subparsers.add_parser("maintenance", help="vacuum/reindex the app database, remove orphaned blobs, "
                                                       "purge old Dagster runs")
    actions = parser.add_subparsers(dest="maintenance_action", required=True)
    run = actions.add_parser("run", help="one maintenance pass now (the weekly job does the same)")
    run.add_argument("--dry-run", action="store_true", help="report sizes, bloat and orphans; change nothing")
    parser.set_defaults(handler=maintenance_command, needs_config=True)


def maintenance_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Run (or with --dry-run, only report) and print the report; exit 1 when the integrity check fails."""
    from sec_pipeline.commands._runtime import dagster_instance
    from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe
    from sec_pipeline.factories import blob_store, open_store
    from sec_pipeline.operations.maintenance import run_maintenance

    blobs = blob_store(config.blobs)
    store = open_store(config.database_url, blobs)
    try:
        report = run_maintenance(store.engine, blobs, DagsterInstanceProbe(load=lambda: dagster_instance(config)),
                                 now=datetime.now(UTC), run_retention_days=config.operations.run_retention_days,
                                 dry_run=args.dry_run)
    finally:
        store.dispose()
    print(json.dumps(report.as_dict(), indent=2))
    return 0 if report.integrity in (None, "ok") else 1
