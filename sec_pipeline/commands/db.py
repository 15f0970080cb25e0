"""`sec-pipeline db migrate|status`: bring the app database to the newest schema, or show where it is."""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError

from sec_pipeline.config import PipelineConfig
from sec_pipeline.factories import open_store
from sec_pipeline.store import Store, schema
from sec_pipeline.store.engine import redact_url
from sec_pipeline.store.migrate import current_revision, head_revision

COUNTED_TABLES = (schema.filings, schema.sections, schema.staged_signals, schema.signals, schema.validations,
                  schema.model_versions)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `db` subcommand."""
    parser = subparsers.add_parser("db", help="migrate the app database (DATABASE_URL) or show its status")
    actions = parser.add_subparsers(dest="db_action", required=True)
    actions.add_parser("migrate", help="upgrade the schema to the newest migration (safe to repeat)")
    actions.add_parser("status", help="print the URL (password masked), revisions and row counts as JSON")
    parser.set_defaults(handler=run, needs_config=True)


def status(store: Store) -> dict[str, object]:
    """Revision at the database and in this package, and the row count of each table that exists."""
    existing = set(inspect(store.engine).get_table_names())
    counts: dict[str, int] = {}
    with store.engine.connect() as conn:
        for table in COUNTED_TABLES:
            if table.name in existing:
                counts[table.name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    current = current_revision(store.engine)
    return {
        "database_url": redact_url(store.url.render_as_string(hide_password=False)),
        "revision": current,
        "head": head_revision(),
        "up_to_date": current == head_revision(),
        "rows": counts,
    }


def run(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Handle `db migrate` and `db status`; status exits 1 when the schema is behind."""
    store = open_store(config.database_url, None, migrate=False)
    try:
        if args.db_action == "migrate":
            store.migrate()
        report = status(store)
    except OperationalError as exc:
        reason = redact_url(str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__)
        print(f"sec-pipeline db {args.db_action}: cannot reach the database at {redact_url(config.database_url)} "
              f"({reason}); check DATABASE_URL and that the server is running", file=sys.stderr)
        return 2
    finally:
        store.dispose()
    print(json.dumps(report, indent=2))
    return 0 if report["up_to_date"] else 1
