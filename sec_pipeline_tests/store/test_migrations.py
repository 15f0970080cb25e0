"""Migrations: head on both backends, twice is a no-op, concurrent processes are safe, schema == models."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from sec_pipeline.store import Store
from sec_pipeline.store.migrate import VERSION_TABLE, current_revision, head_revision
from sec_pipeline.store.schema import metadata

TABLES = {"filings", "sections", "staged_signals", "signals", "validations", "model_versions", "api_keys",
          "auth_events", "tickers", VERSION_TABLE}


def test_migrate_twice_is_a_noop(database_url: str) -> None:
    store = Store(database_url)
    try:
        assert current_revision(store.engine) is None
        store.migrate()
        assert current_revision(store.engine) == head_revision() == "0005"
        store.upsert_filings([{"accession_no": "0000000001-24-000001", "cik": "1", "form_type": "8-K",
                               "filing_date": "2024-01-02"}])
        store.migrate()
        assert current_revision(store.engine) == head_revision()
        assert set(inspect(store.engine).get_table_names()) == TABLES
        assert len(store.get_filings()) == 1
    finally:
        store.dispose()


def test_migrated_schema_matches_models(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": VERSION_TABLE})
        assert compare_metadata(context, metadata) == []
    indexes = {ix["name"] for ix in inspect(store.engine).get_indexes("filings")}
    assert {"ix_filings_cik_filing_date", "ix_filings_filing_date_form_type", "ix_filings_status"} <= indexes


MIGRATE_SCRIPT = """
import sys
from sec_pipeline.store import Store
store = Store(sys.argv[1])
store.migrate()
store.dispose()
"""


def test_concurrent_migrations_from_separate_processes(database_url: str) -> None:
    processes = [
        subprocess.Popen([sys.executable, "-c", MIGRATE_SCRIPT, database_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in processes]
    assert all(code == 0 for code, _ in errors), errors
    store = Store(database_url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert set(inspect(store.engine).get_table_names()) == TABLES
    finally:
        store.dispose()
