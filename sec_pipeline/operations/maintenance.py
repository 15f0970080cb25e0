"""Weekly maintenance of the app database, the blob store and the Dagster run history.

PostgreSQL: VACUUM (ANALYZE) of the busy tables and REINDEX INDEX CONCURRENTLY of their indexes (readers and
writers go on). SQLite: VACUUM, ANALYZE and an integrity check. Both: a table-size and bloat report taken
before the work, the runbook's indexes looked up, blobs that no row references (older than a grace period)
reported and removed, and finished Dagster runs older than the retention purged with their event logs.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, inspect, select, text, union

from sec_pipeline.operations.probe import InstanceProbe
from sec_pipeline.store import schema
from sec_pipeline.store.blobs import BlobInfo, BlobStore
from sec_pipeline.store.engine import quote_identifier, sqlite_path

MAINTAINED_TABLES = ("filings", "sections", "signals", "validations")
# The runbook's index names and the columns (leading, in order) this schema's equivalent must cover.
RUNBOOK_INDEXES = {
    "idx_filings_cik_date": ("filings", ("cik", "filing_date")),
    "idx_signals_filing_category": ("signals", ("accession_no", "category")),
}
# Blob folders whose every blob a row owns; other folders (validations/, backups/, health/) are not checked.
OWNED_PREFIXES = ("raw", "sections", "models")
ORPHAN_GRACE = timedelta(hours=24)  # a blob written just before its row is committed is not an orphan

_POSTGRES_TABLE_SIZES = text(
    "SELECT s.relname, pg_total_relation_size(s.relid), s.n_dead_tup "
    "FROM pg_stat_user_tables s WHERE s.schemaname = current_schema() AND s.relname = ANY(:names)"
)
_POSTGRES_INDEXES = text(
    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(:names) "
    "ORDER BY tablename, indexname"
)


@dataclass(frozen=True)
class TableSize:
    """A table's rows, bytes on disk (with indexes, where known) and reclaimable share (dead rows or free
    pages)."""

    table: str
    rows: int
    bytes: int | None
    bloat_share: float | None


@dataclass
class MaintenanceReport:
    """What one maintenance pass found and did."""

    backend: str
    tables: list[TableSize] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    integrity: str | None = None
    runbook_indexes: dict[str, str | None] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)
    orphans_removed: int = 0
    orphans_kept_reason: str = ""
    runs_deleted: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (for the command's output and the job's metadata)."""
        return asdict(self)


def runbook_indexes(engine: Engine) -> dict[str, str | None]:
    """Runbook index name -> the name of this database's index that covers the same leading columns."""
    inspector = inspect(engine)
    found: dict[str, str | None] = {}
    for runbook_name, (table, columns) in RUNBOOK_INDEXES.items():
        found[runbook_name] = next(
            (index["name"] for index in inspector.get_indexes(table)
             if tuple(index["column_names"][: len(columns)]) == columns),
            None,
        )
    return found


def table_sizes(engine: Engine) -> list[TableSize]:
    """Exact rows of the maintained tables, with their size and bloat: PostgreSQL's total relation size and
    dead-row share (from its statistics, which lag by a moment); SQLite's dbstat size and free-page share."""
    tables = {t.name: t for t in schema.metadata.sorted_tables}
    with engine.connect() as conn:
        counts = {name: int(conn.execute(select(func.count()).select_from(tables[name])).scalar_one())
                  for name in MAINTAINED_TABLES}
        if engine.dialect.name == "postgresql":
            stats = {name: (int(size), int(dead)) for name, size, dead in
                     conn.execute(_POSTGRES_TABLE_SIZES, {"names": list(MAINTAINED_TABLES)})}
            return [TableSize(name, counts[name], stats[name][0],
                              stats[name][1] / (counts[name] + stats[name][1]) if counts[name] + stats[name][1] else 0.0)
                    for name in sorted(MAINTAINED_TABLES)]
    path = sqlite_path(engine.url)
    sizes: dict[str, int] = {}
    free_share = None
    if path is not None:
        with contextlib.closing(sqlite3.connect(path)) as raw:
            pages = raw.execute("PRAGMA page_count").fetchone()[0]
            free = raw.execute("PRAGMA freelist_count").fetchone()[0]
            free_share = free / pages if pages else 0.0
            try:
                sizes = dict(raw.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
            except sqlite3.OperationalError:  # SQLite built without the dbstat table
                sizes = {}
    return [TableSize(name, counts[name], sizes.get(name), free_share) for name in sorted(MAINTAINED_TABLES)]


def postgres_maintenance(engine: Engine, report: MaintenanceReport) -> None:
    """VACUUM (ANALYZE) the maintained tables, then REINDEX INDEX CONCURRENTLY each of their indexes."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        indexes = [name for (name,) in conn.execute(_POSTGRES_INDEXES, {"names": list(MAINTAINED_TABLES)})]
        statements = [f"VACUUM (ANALYZE) {quote_identifier(table)}" for table in MAINTAINED_TABLES]
        statements += [f"REINDEX INDEX CONCURRENTLY {quote_identifier(index)}" for index in indexes]
        for statement in statements:
            conn.exec_driver_sql(statement)
            report.statements.append(statement)


def sqlite_maintenance(engine: Engine, report: MaintenanceReport) -> None:
    """VACUUM, ANALYZE and PRAGMA integrity_check on the SQLite file (outside any transaction)."""
    path = sqlite_path(engine.url)
    if path is None:
        report.integrity = "in-memory database: nothing to maintain"
        return
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in ("VACUUM", "ANALYZE"):
            raw.execute(statement)
            report.statements.append(statement)
        report.integrity = "; ".join(row[0] for row in raw.execute("PRAGMA integrity_check").fetchall())
        report.statements.append("PRAGMA integrity_check")
    finally:
        raw.close()


def referenced_uris(engine: Engine) -> set[str]:
    """Every blob URI a row points at: raw documents, long section text, model versions."""
    query = union(
        select(schema.filings.c.raw_uri.label("uri")).where(schema.filings.c.raw_uri.is_not(None)),
        select(schema.sections.c.text_uri).where(schema.sections.c.text_uri.is_not(None)),
        select(schema.model_versions.c.uri),
    )
    with engine.connect() as conn:
        return {uri for (uri,) in conn.execute(query)}


def find_orphans(blobs: BlobStore, referenced: set[str], now: datetime,
                 grace: timedelta = ORPHAN_GRACE) -> tuple[list[BlobInfo], int]:
    """Blobs in the owned folders that no row references and that are older than `grace`, and how many
    references point outside this blob store (a moved home or bucket: then nothing may be removed)."""
    base = blobs.uri("x")[:-1]
    foreign = sum(not uri.startswith(base) for uri in referenced)
    orphans = [
        info for prefix in OWNED_PREFIXES for info in blobs.scan(prefix)
        if blobs.uri(info.key) not in referenced and info.modified < now - grace
    ]
    return sorted(orphans, key=lambda info: info.key), foreign


def remove_orphans(blobs: BlobStore, orphans: Iterable[BlobInfo]) -> int:
    """Delete the given blobs; how many."""
    removed = 0
    for info in orphans:
        blobs.delete(info.key)
        removed += 1
    return removed


def run_maintenance(engine: Engine, blobs: BlobStore, probe: InstanceProbe | None, *, now: datetime,
                    run_retention_days: int, dry_run: bool = False) -> MaintenanceReport:
    """One weekly pass (see module docstring). `dry_run`: report only: no VACUUM, REINDEX, removal or purge.
    `probe` None: leave the Dagster run history alone."""
    report = MaintenanceReport(backend=engine.dialect.name, tables=table_sizes(engine),
                               runbook_indexes=runbook_indexes(engine))
    orphans, foreign = find_orphans(blobs, referenced_uris(engine), now)
    report.orphans = [info.key for info in orphans]
    if foreign:
        report.orphans_kept_reason = (f"{foreign} stored URIs point outside {blobs!r} (moved SEC_PIPELINE_HOME or "
                                      "bucket?); no blob was removed")
    if dry_run:
        return report
    if engine.dialect.name == "postgresql":
        postgres_maintenance(engine, report)
    else:
        sqlite_maintenance(engine, report)
    if not foreign:
        report.orphans_removed = remove_orphans(blobs, orphans)
    if probe is not None:
        report.runs_deleted = probe.delete_runs_before(now - timedelta(days=run_retention_days))
    return report
