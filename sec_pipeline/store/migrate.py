"""Programmatic Alembic migrations (no alembic.ini): `upgrade(engine)` brings a database to head.

Safe to call twice and concurrently: the whole upgrade runs in one transaction that first takes a lock
(PostgreSQL: a transaction-scoped advisory lock; SQLite: BEGIN IMMEDIATE), so a second caller waits, then
finds the database at head and does nothing. The version table is `sec_pipeline_alembic_version`, so the
app tables can share a database with Dagster's storage, which keeps its own `alembic_version`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from sec_pipeline.store.engine import write_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "sec_pipeline_alembic_version"
ADVISORY_LOCK_KEY = 0x5EC0_0001  # pg_advisory_xact_lock key reserved for sec_pipeline migrations
_PROCESS_LOCK = threading.Lock()


def alembic_config() -> Config:
    """An Alembic Config pointing at this package's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration revision shipped with this package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships migrations
        raise RuntimeError(f"no migrations found under {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one locked transaction (see module docstring)."""
    # Alembic's `context` proxy is process-global, so threads take turns; processes meet at the DB lock.
    config = alembic_config()
    with _PROCESS_LOCK, write_engine(engine).connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
