"""Read-only figures of the app database that health and metrics report."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, inspect, select, text

from sec_pipeline.store import schema
from sec_pipeline.store.engine import make_engine, normalize_url

CONNECT_TIMEOUT_S = 2
_CLIENT_CONNECTIONS = text("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
_MAX_CONNECTIONS = text("SELECT setting::int FROM pg_settings WHERE name = 'max_connections'")


@dataclass(frozen=True)
class PartitionCounts:
    """Filings, sections and published signals of one filing date."""

    partition: str
    filings: int
    sections: int
    signals: int


def monitoring_engine(url: str) -> Engine:
    """An engine for checks that must fail fast: PostgreSQL connects time out after CONNECT_TIMEOUT_S."""
    if normalize_url(url).get_backend_name() == "postgresql":
        return make_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    return make_engine(url)


def ping_seconds(engine: Engine) -> float:
    """Seconds one `SELECT 1` round trip takes (raises when the database does not answer)."""
    started = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(text("SELECT 1")).scalar_one()
    return time.perf_counter() - started


def connection_usage(engine: Engine) -> tuple[int, int] | None:
    """(client connections, max_connections) of the PostgreSQL server; None on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        return int(conn.execute(_CLIENT_CONNECTIONS).scalar_one()), int(conn.execute(_MAX_CONNECTIONS).scalar_one())


def latest_published_day(engine: Engine) -> date | None:
    """The newest filing date with published signals, or None when nothing was published (or the database
    was never migrated)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(schema.signals.name):
            return None
        return conn.execute(select(func.max(schema.signals.c.filing_date))).scalar_one()


def partition_counts(engine: Engine, partitions: int = 7) -> list[PartitionCounts]:
    """Counts for the newest `partitions` filing dates that have filings, newest first."""
    filings, sections, signals = schema.filings, schema.sections, schema.signals
    with engine.connect() as conn:
        days = conn.execute(
            select(filings.c.filing_date, func.count())
            .group_by(filings.c.filing_date).order_by(filings.c.filing_date.desc()).limit(partitions)
        ).all()
        wanted = [day for day, _ in days]
        section_counts: dict[date, int] = dict(conn.execute(
            select(filings.c.filing_date, func.count())
            .select_from(sections.join(filings, sections.c.accession_no == filings.c.accession_no))
            .where(filings.c.filing_date.in_(wanted)).group_by(filings.c.filing_date)
        ).all())
        signal_counts: dict[date, int] = dict(conn.execute(
            select(signals.c.filing_date, func.count())
            .where(signals.c.filing_date.in_(wanted), signals.c.superseded_at.is_(None)).group_by(signals.c.filing_date)
        ).all())
    return [
        PartitionCounts(day.isoformat(), int(count), int(section_counts.get(day, 0)), int(signal_counts.get(day, 0)))
        for day, count in days
    ]
