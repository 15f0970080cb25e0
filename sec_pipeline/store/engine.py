"""Engine construction: one place that knows the SQLite and PostgreSQL quirks.

SQLite: pysqlite's own transaction handling is switched off and BEGIN is emitted by us, so that DDL is
transactional and write transactions start with BEGIN IMMEDIATE (they take the write lock up front and
wait on the busy timeout instead of failing with "database is locked" when two writers meet). File
databases use WAL so readers never block the writer.

PostgreSQL: `postgresql://` and `postgres://` URLs use psycopg 3.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.pool import StaticPool

WRITE_OPTION = "sec_pipeline_write"
SQLITE_BUSY_TIMEOUT_S = 60.0
_BUSY_TIMEOUT_PRAGMA = "PRAGMA busy_timeout=60000"  # milliseconds; keep equal to SQLITE_BUSY_TIMEOUT_S
# Errors that mean the database failed (unreachable, connection lost, locked past the timeout), not the rows
# a caller wrote: a writer that isolates bad rows retries nothing on these and lets them through.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


class StoreConfigError(ValueError):
    """The database URL cannot be used; the message names the URL (password masked) and the fix."""


_USERINFO_PASSWORD = re.compile(r"(://[^:/@\s]*:)\S*@")
_PASSWORD_PARAMETER = re.compile(r"(\bpassword=)[^&\s'\"]*", re.IGNORECASE)


def redact_url(url: str) -> str:
    """Mask every password in `url` (or in a message holding URLs): the user-info password of
    postgresql://user:secret@host/db, also with an empty user name, an unencoded "@" in the password (everything
    up to the last "@" is masked) or a malformed port, and a `password=` query or connection parameter."""
    return _PASSWORD_PARAMETER.sub(r"\1***", _USERINFO_PASSWORD.sub(r"\1***@", url))


def quote_identifier(identifier: str) -> str:
    """`identifier` as a double-quoted SQL identifier (for statements that cannot take bound parameters)."""
    return '"' + identifier.replace('"', '""') + '"'


def normalize_url(url: str | URL) -> URL:
    """Parse a database URL, mapping `postgres://` / `postgresql://` to the psycopg 3 driver."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except Exception as exc:  # noqa: BLE001 - re-raised with the setting named
        raise StoreConfigError(
            f"DATABASE_URL {redact_url(str(url))!r} is not a database URL; use e.g. "
            "postgresql://user@host:5432/db or sqlite:////path/to/file.db"
        ) from exc
    if parsed.host and "@" in parsed.host:
        raise StoreConfigError(
            f"DATABASE_URL {redact_url(str(url))!r} has an unencoded '@' in its password; percent-encode it "
            "as %40 (e.g. postgresql://user:p%40ss@host/db)"
        )
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreConfigError(
            f"DATABASE_URL uses {backend!r}; sec_pipeline supports sqlite and postgresql only"
        )
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for `url` with the SQLite transaction fixes applied (see module docstring)."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, **kwargs)

    path = sqlite_path(parsed)
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
    if path is None:
        engine = create_engine(parsed, connect_args=connect_args, poolclass=StaticPool, **kwargs)
    else:
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            if path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(_BUSY_TIMEOUT_PRAGMA)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def write_engine(engine: Engine) -> Engine:
    """A view of `engine` whose transactions take the write lock at BEGIN on SQLite."""
    return engine.execution_options(**{WRITE_OPTION: True})
