"""Consistent copies of the app database and their restoration, per backend.

PostgreSQL: `pg_dump -Fc` (compressed custom format) of the database, taken from a snapshot exported by a
REPEATABLE READ transaction in which the per-table figures are computed too, so the figures describe exactly
the dumped data; restored with `pg_restore --clean --if-exists --single-transaction`.
SQLite: the online-backup API (a consistent copy while writers go on), gzip-compressed; restored through the
same API into the target file. A table's figures are its row count and a SHA-256 over its rows in primary-key
order, so a restore can be compared with its source table by table.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, MetaData, select, text
from sqlalchemy.engine import URL

from sec_pipeline.store.engine import make_engine, normalize_url, quote_identifier, sqlite_path

POSTGRES_FILE = "database.dump"
SQLITE_FILE = "database.sqlite.gz"
_MAINTENANCE_DB = "postgres"
_ROWS_PER_FETCH = 2000


class SnapshotError(RuntimeError):
    """A dump or restore could not be made; the message says what to fix."""


@dataclass(frozen=True)
class TableFigures:
    """Row count and content checksum of one table."""

    rows: int
    checksum: str


@dataclass(frozen=True)
class Snapshot:
    """A compressed copy of a database and the figures of its tables at that moment."""

    filename: str
    data: bytes
    tables: dict[str, TableFigures]


def table_figures(conn: Connection) -> dict[str, TableFigures]:
    """Figures of every table in the connection's default schema, read in the connection's transaction."""
    metadata = MetaData()
    metadata.reflect(conn)
    figures: dict[str, TableFigures] = {}
    for name in sorted(metadata.tables):
        table = metadata.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        digest, rows = hashlib.sha256(), 0
        for row in conn.execute(select(table).order_by(*order).execution_options(yield_per=_ROWS_PER_FETCH)):
            digest.update(repr(tuple(row)).encode() + b"\n")
            rows += 1
        figures[name] = TableFigures(rows, digest.hexdigest())
    return figures


def database_figures(url: str) -> dict[str, TableFigures]:
    """Figures of every table of the database at `url`."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return table_figures(conn)
    finally:
        engine.dispose()


def take_snapshot(url: str) -> Snapshot:
    """A consistent compressed copy of the database at `url` with its table figures."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_snapshot(parsed)
    return _sqlite_snapshot(parsed)


def load_snapshot(url: str, filename: str, data: bytes) -> None:
    """Replace the content of the database at `url` with a snapshot (created when it does not exist)."""
    parsed = normalize_url(url)
    expected = POSTGRES_FILE if parsed.get_backend_name() == "postgresql" else SQLITE_FILE
    if filename != expected:
        raise SnapshotError(f"{filename} is a backup of another kind of database than {_shown(parsed)}; "
                            f"restore it into a {'PostgreSQL' if filename == POSTGRES_FILE else 'SQLite'} URL")
    if expected == POSTGRES_FILE:
        _postgres_restore(parsed, data)
    else:
        _sqlite_restore(parsed, data)


@contextlib.contextmanager
def scratch_database(like: str) -> Iterator[str]:
    """The URL of an empty throwaway database of the same kind as `like`, removed afterwards."""
    parsed = normalize_url(like)
    if parsed.get_backend_name() != "postgresql":
        with tempfile.TemporaryDirectory(prefix="sec-pipeline-verify-") as folder:
            yield f"sqlite:///{Path(folder) / 'scratch.db'}"
        return
    name = f"{(parsed.database or 'db')[:40]}_verify_{uuid.uuid4().hex[:12]}"
    _postgres_admin(parsed, f"CREATE DATABASE {quote_identifier(name)}")
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        _postgres_admin(parsed, f"DROP DATABASE IF EXISTS {quote_identifier(name)} WITH (FORCE)")


# ---------------------------------------------------------------------------------------------- PostgreSQL


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URL without the password, and the environment that carries the password."""
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return conninfo, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise SnapshotError(f"{name} not found on PATH; install the PostgreSQL client (e.g. apt-get install "
                            "postgresql-client) matching the server's major version")
    return found


def _run_tool(args: list[str], env: dict[str, str], what: str, url: URL) -> bytes:
    result = subprocess.run(args, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise SnapshotError(f"{what} of {_shown(url)} failed: {' / '.join(message[-3:])}")
    return result.stdout


def _postgres_snapshot(url: URL) -> Snapshot:
    conninfo, env = _libpq(url)
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            snapshot_id = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            figures = table_figures(conn)
            dump = _run_tool([_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot_id}", "--no-owner",
                              f"--dbname={conninfo}"], env, "pg_dump", url)
    finally:
        engine.dispose()
    return Snapshot(POSTGRES_FILE, dump, figures)


def _postgres_admin(url: URL, statement: str) -> None:
    """Run a CREATE/DROP DATABASE statement (which cannot run in a transaction) on the maintenance database."""
    engine = make_engine(url.set(database=_MAINTENANCE_DB))
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(statement)
    except Exception as exc:
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        raise SnapshotError(f"{' '.join(statement.split()[:2])} on {_shown(url)} failed: {reason} (verify and "
                            "restore need a role that may create databases)") from exc
    finally:
        engine.dispose()


def _postgres_database_exists(url: URL) -> bool:
    engine = make_engine(url.set(database=_MAINTENANCE_DB))
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database})
            return found.first() is not None
    finally:
        engine.dispose()


def _postgres_restore(url: URL, dump: bytes) -> None:
    if not _postgres_database_exists(url):
        _postgres_admin(url, f"CREATE DATABASE {quote_identifier(str(url.database))}")
    conninfo, env = _libpq(url)
    with tempfile.TemporaryDirectory(prefix="sec-pipeline-restore-") as folder:
        path = Path(folder) / POSTGRES_FILE
        path.write_bytes(dump)
        _run_tool([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                   "--single-transaction", "--exit-on-error", f"--dbname={conninfo}", str(path)],
                  env, "pg_restore", url)


# -------------------------------------------------------------------------------------------------- SQLite


def _sqlite_file(url: URL) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise SnapshotError("an in-memory SQLite database cannot be backed up or restored; set DATABASE_URL "
                            "to a file, e.g. sqlite:////var/lib/sec_pipeline/sec_pipeline.db")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online-backup API (consistent, writers may go on)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_snapshot(url: URL) -> Snapshot:
    source = _sqlite_file(url)
    if not source.is_file():
        raise SnapshotError(f"no SQLite database at {source}; check DATABASE_URL / SEC_PIPELINE_HOME")
    with tempfile.TemporaryDirectory(prefix="sec-pipeline-backup-") as folder:
        copy = Path(folder) / "copy.db"
        _sqlite_copy(source, copy)
        data = gzip.compress(copy.read_bytes())
        return Snapshot(SQLITE_FILE, data, database_figures(f"sqlite:///{copy}"))


def _sqlite_restore(url: URL, data: bytes) -> None:
    target = _sqlite_file(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sec-pipeline-restore-") as folder:
        copy = Path(folder) / "copy.db"
        copy.write_bytes(gzip.decompress(data))
        _sqlite_copy(copy, target)
