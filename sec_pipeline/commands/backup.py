"""`sec-pipeline backup create|list|verify|restore|prune`: backups of the app database and configuration in
the blob store (without an ID, verify and restore take the newest backup, or the newest before --before)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from sec_pipeline.config import PipelineConfig
from sec_pipeline.store.engine import redact_url


def _when(text: str) -> datetime:
    """An ISO time such as 2025-01-05T10:00:00Z (UTC when no offset is given)."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time such as 2025-01-05T10:00:00Z") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `backup` subcommand."""
    parser = subparsers.add_parser("backup", help="back up, list, verify and restore the app database")
    actions = parser.add_subparsers(dest="backup_action", required=True)
    create = actions.add_parser("create", help="back up the database and the configuration now")
    create.add_argument("--kind", choices=("daily", "weekly"), default="daily", help="retention series")
    listing = actions.add_parser("list", help="the backups, oldest first")
    listing.add_argument("--json", action="store_true", help="full manifests as JSON")
    for name, what in (("verify", "restore into a scratch database and compare every table"),
                       ("restore", "replace the app database with a backup")):
        action = actions.add_parser(name, help=what)
        action.add_argument("backup_id", nargs="?", metavar="ID", help="a backup id (default: the newest)")
        action.add_argument("--before", type=_when, help="the newest backup created before this time")
    actions.choices["verify"].add_argument("--scratch-url", help="restore into this empty database instead of "
                                                                 "a throwaway one beside DATABASE_URL")
    actions.choices["restore"].add_argument("--yes", action="store_true", help="confirm: the database is replaced")
    actions.add_parser("prune", help="delete backups past their retention (SEC_PIPELINE_BACKUP_*_DAYS)")
    parser.set_defaults(handler=backup_command, needs_config=True)


def backup_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Dispatch the backup action; problems end in a one-line error (exit 1)."""
    from sec_pipeline.factories import blob_store
    from sec_pipeline.operations.backup import BackupError
    from sec_pipeline.operations.snapshots import SnapshotError

    blobs = blob_store(config.blobs)
    try:
        return ACTIONS[args.backup_action](args, config, blobs)
    except (BackupError, SnapshotError) as exc:
        raise SystemExit(f"backup {args.backup_action}: {exc}") from None


def _create(args: argparse.Namespace, config: PipelineConfig, blobs) -> int:
    from sec_pipeline.operations.backup import create_backup

    backup = create_backup(config.database_url, blobs, kind=args.kind,
                           configuration=config.redacted(), now=datetime.now(UTC))
    rows = {name: figures.rows for name, figures in backup.tables.items()}
    print(json.dumps({"id": backup.id, "bytes": backup.bytes, "where": blobs.uri(backup.prefix), "rows": rows},
                     indent=2))
    return 0


def _list(args: argparse.Namespace, config: PipelineConfig, blobs) -> int:
    from sec_pipeline.operations.backup import list_backups

    backups = list_backups(blobs)
    if args.json:
        print(json.dumps([b.as_dict() for b in backups], indent=2))
        return 0
    if not backups:
        print(f"no backups in {blobs!r}")
    for backup in backups:
        rows = sum(figures.rows for figures in backup.tables.values())
        print(f"{backup.id:<26} {backup.created_at:%Y-%m-%d %H:%M:%S} UTC  {backup.backend:<10} "
              f"{backup.bytes:>12,} bytes  {rows:>10,} rows in {len(backup.tables)} tables")
    return 0


def _verify(args: argparse.Namespace, config: PipelineConfig, blobs) -> int:
    from sec_pipeline.operations.backup import find_backup, verify_backup

    backup = find_backup(blobs, args.backup_id, args.before)
    result = verify_backup(backup, blobs, config.database_url, args.scratch_url)
    if result.ok:
        print(f"backup {backup.id}: restored and identical to its source in all {result.tables} tables")
        return 0
    print(f"backup {backup.id}: DIFFERS from its source")
    for table, difference in result.mismatches.items():
        print(f"  {table}: {difference}")
    return 1


def _restore(args: argparse.Namespace, config: PipelineConfig, blobs) -> int:
    from sec_pipeline.operations.backup import CONFIGURATION, find_backup, restore_backup

    backup = find_backup(blobs, args.backup_id, args.before)
    target = redact_url(config.database_url)
    if not args.yes:
        print(f"would replace {target} with backup {backup.id} ({backup.created_at:%Y-%m-%d %H:%M:%S} UTC); "
              "pause and drain first (see RUNBOOK.md), then add --yes")
        return 1
    restore_backup(backup, blobs, config.database_url)
    print(f"restored {backup.id} into {target}; run `sec-pipeline db migrate`, then `sec-pipeline health`. "
          f"The configuration of that time is at {blobs.uri(f'{backup.prefix}/{CONFIGURATION}')}")
    return 0


def _prune(args: argparse.Namespace, config: PipelineConfig, blobs) -> int:
    from sec_pipeline.operations.backup import prune_backups

    removed = prune_backups(blobs, datetime.now(UTC), {"daily": config.operations.backup_daily_days,
                                                       "weekly": config.operations.backup_weekly_days})
    print(f"pruned {len(removed)} backups" + (f": {', '.join(removed)}" if removed else ""))
    return 0


ACTIONS = {"create": _create, "list": _list, "verify": _verify, "restore": _restore, "prune": _prune}
