"""Backup and maintenance jobs and their schedules (UTC): daily backup 02:00, weekly backup Sunday 01:00,
maintenance Sunday 02:00. They start running by default: backups are not optional."""

from datetime import UTC, datetime
from typing import Literal

import dagster as dg

from sec_pipeline.defs.operations.instance_probe import DagsterInstanceProbe
from sec_pipeline.defs.resources import OperationsResource, StoreResource

OPERATIONS_TIMEZONE = "UTC"
OPERATIONS_TAGS = {"sec_pipeline/operations": "true"}
OPERATIONS_JOBS = frozenset({"backup_job", "maintenance_job"})  # they keep running while ingestion is paused


class BackupConfig(dg.Config):
    """Which backup series the run belongs to (retention differs: daily 30 days, weekly 90)."""

    kind: Literal["daily", "weekly"] = "daily"


@dg.op(description="Back up the app database and the configuration to the blob store, then prune old backups.")
def backup_app_database(
    context: dg.OpExecutionContext, config: BackupConfig, store: StoreResource, operations: OperationsResource
) -> dg.Output[str]:
    """Create one backup of `config.kind` and apply the retention."""
    from sec_pipeline.operations.backup import create_backup, prune_backups

    blob_store = store.get_blobs()
    now = datetime.now(UTC)
    backup = create_backup(store.url(), blob_store, kind=config.kind, configuration=operations.configuration,
                           now=now)
    pruned = prune_backups(blob_store, now, operations.retention_days())
    context.log.info(f"backup {backup.id}: {backup.bytes} bytes, {len(backup.tables)} tables; pruned {pruned}")
    return dg.Output(backup.id, metadata={
        "backup_id": dg.MetadataValue.text(backup.id),
        "bytes": dg.MetadataValue.int(backup.bytes),
        "rows": dg.MetadataValue.json({name: figures.rows for name, figures in backup.tables.items()}),
        "pruned": dg.MetadataValue.json(pruned),
    })


@dg.op(description="VACUUM/ANALYZE, REINDEX or integrity check, table sizes and bloat, orphaned blobs, "
                   "Dagster run retention.")
def maintain_app_database(
    context: dg.OpExecutionContext, store: StoreResource, operations: OperationsResource
) -> dg.Output[dict]:
    """One weekly maintenance pass; the report becomes the output's metadata."""
    from sec_pipeline.operations.maintenance import run_maintenance

    blob_store = store.get_blobs()
    report = run_maintenance(store.get_store().engine, blob_store, DagsterInstanceProbe(context.instance),
                             now=datetime.now(UTC), run_retention_days=operations.run_retention_days)
    sizes = "\n".join(
        ["| table | rows | bytes | bloat |", "|---|---|---|---|"]
        + [f"| {t.table} | {t.rows} | {t.bytes if t.bytes is not None else 'n/a'} | "
           f"{'n/a' if t.bloat_share is None else f'{t.bloat_share:.1%}'} |" for t in report.tables]
    )
    return dg.Output(report.as_dict(), metadata={
        "table_sizes": dg.MetadataValue.md(sizes),
        "statements": dg.MetadataValue.int(len(report.statements)),
        "integrity": dg.MetadataValue.text(report.integrity or "n/a"),
        "runbook_indexes": dg.MetadataValue.json(report.runbook_indexes),
        "orphans_found": dg.MetadataValue.int(len(report.orphans)),
        "orphans_removed": dg.MetadataValue.int(report.orphans_removed),
        "runs_deleted": dg.MetadataValue.int(report.runs_deleted),
    })


@dg.job(tags=OPERATIONS_TAGS, description="One backup of the app database and the configuration, then retention.")
def backup_job() -> None:
    backup_app_database()


@dg.job(tags=OPERATIONS_TAGS, description="Weekly maintenance of the app database, blobs and run history.")
def maintenance_job() -> None:
    maintain_app_database()


def _backup_run_config(kind: str) -> dict:
    return {"ops": {"backup_app_database": {"config": {"kind": kind}}}}


daily_backup_schedule = dg.ScheduleDefinition(
    name="daily_backup_schedule", job=backup_job, cron_schedule="0 2 * * *",
    execution_timezone=OPERATIONS_TIMEZONE, run_config=_backup_run_config("daily"),
    default_status=dg.DefaultScheduleStatus.RUNNING, description="Daily backup at 02:00 UTC (kept 30 days).",
)
weekly_backup_schedule = dg.ScheduleDefinition(
    name="weekly_backup_schedule", job=backup_job, cron_schedule="0 1 * * 0",
    execution_timezone=OPERATIONS_TIMEZONE, run_config=_backup_run_config("weekly"),
    default_status=dg.DefaultScheduleStatus.RUNNING, description="Weekly backup, Sunday 01:00 UTC (kept 90 days).",
)
maintenance_schedule = dg.ScheduleDefinition(
    name="maintenance_schedule", job=maintenance_job, cron_schedule="0 2 * * 0",
    execution_timezone=OPERATIONS_TIMEZONE, default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Weekly maintenance, Sunday 02:00 UTC.",
)
