"""Table definitions of the app database (SQLAlchemy Core, portable across SQLite and PostgreSQL).

The migrations in `migrations/versions/` create exactly these tables; a test compares the two. Keys follow DESIGN.md: every write is an upsert on the primary key, so a retried run never
duplicates a row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

from sec_pipeline.vocabulary import FilingStatus

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that always reads back as UTC (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value!r} has no timezone; pass an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def _json() -> JSON:
    # none_as_null: Python None is stored as SQL NULL, not as the JSON literal 'null'.
    return JSON(none_as_null=True)


filings = Table(
    "filings",
    metadata,
    Column("accession_no", String(32), primary_key=True),
    Column("cik", String(16), nullable=False),
    Column("company", String, nullable=True),
    Column("form_type", String(32), nullable=False),
    Column("filing_date", Date, nullable=False),
    Column("period_of_report", Date, nullable=True),
    Column("sic", String(8), nullable=True),
    Column("fiscal_year_end", String(8), nullable=True),
    Column("declared_items", _json(), nullable=True),
    Column("primary_document", String, nullable=True),
    Column("raw_uri", String, nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("bytes", BigInteger, nullable=True),
    Column("status", String(32), nullable=False, default=FilingStatus.DOWNLOADED),
    Column("error", Text, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    # ingestion's lookup of the company's previous filing of the form (year-over-year signals compare with it)
    Column("previous_accession_no", String(32), nullable=True),
    Column("previous_checked_at", UTCDateTime, nullable=True),
    # the document carrying the inline XBRL, kept in the blob store by sectioning for extraction
    Column("ixbrl_document", String, nullable=True),
    Column("ixbrl_uri", String, nullable=True),
    # When EDGAR accepted the filing (UTC); a fallback (end of the filing date, Eastern) when the header has none.
    Column("accepted_at", UTCDateTime, nullable=True),
    Column("accepted_at_is_fallback", Boolean, nullable=True),
    # An amendment's link to the filing it amends: the company's latest earlier filing of the base form.
    Column("amends_accession_no", String(32), nullable=True),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow),
)
Index("ix_filings_cik_filing_date", filings.c.cik, filings.c.filing_date.desc())
Index("ix_filings_filing_date_form_type", filings.c.filing_date, filings.c.form_type)
Index("ix_filings_status", filings.c.status)

sections = Table(
    "sections",
    metadata,
    Column("accession_no", String(32), primary_key=True),
    Column("item", String(64), primary_key=True),
    Column("form_type", String(32), nullable=True),
    Column("title", String, nullable=True),
    Column("start_offset", Integer, nullable=True),
    Column("end_offset", Integer, nullable=True),
    Column("source_start", Integer, nullable=True),
    Column("source_end", Integer, nullable=True),
    Column("char_count", Integer, nullable=True),
    Column("confidence", Float, nullable=True),
    Column("warnings", _json(), nullable=True),
    Column("text", Text, nullable=True),
    Column("text_uri", String, nullable=True),
    Column("parser_version", String(32), nullable=True),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow),
)
Index("ix_sections_accession_no", sections.c.accession_no)


def _signal_columns() -> list[Column[Any]]:
    return [
        Column("accession_no", String(32), primary_key=True),
        Column("section", String(64), primary_key=True),
        Column("family", String(64), primary_key=True),
        Column("name", String(128), primary_key=True),
        Column("filing_date", Date, nullable=False),
        Column("category", String(128), nullable=False),
        Column("value", Float, nullable=True),
        Column("label", String, nullable=True),
        Column("confidence", Float, nullable=True),
        Column("evidence", Text, nullable=True),
        Column("evidence_start", Integer, nullable=True),
        Column("evidence_end", Integer, nullable=True),
        Column("model", String, nullable=True),
        Column("model_version", String, nullable=True),
        Column("tier", String(64), nullable=True),
        Column("latency_s", Float, nullable=True),
        Column("cost_usd", Float, nullable=True),
        Column("unit", String(64), nullable=True),
        Column("period", String(64), nullable=True),
        Column("updated_at", UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow),
    ]


staged_signals = Table("staged_signals", metadata, *_signal_columns())
Index("ix_staged_signals_accession_no_category", staged_signals.c.accession_no, staged_signals.c.category)
Index("ix_staged_signals_filing_date", staged_signals.c.filing_date)

def _published_signal_columns() -> list[Column[Any]]:
    """The signal columns plus a version's interval: a row is current from `published_at` until its
    `superseded_at` (NULL while current); `available_at` is when it became knowable (filing accepted and
    signal published)."""
    return [
        *_signal_columns(),
        Column("published_at", UTCDateTime, primary_key=True, default=utcnow),
        Column("superseded_at", UTCDateTime, nullable=True),
        Column("available_at", UTCDateTime, nullable=False),
        Column("is_amendment", Boolean, nullable=False, default=False),
    ]


signals = Table("signals", metadata, *_published_signal_columns())
Index("ix_signals_accession_no_category", signals.c.accession_no, signals.c.category)
Index("ix_signals_filing_date", signals.c.filing_date)

# EDGAR's company tickers file: every listed ticker with its company; `rank` is its position in the file
# (EDGAR lists a company's main ticker first), so a company's ticker is the one of lowest rank.
tickers = Table(
    "tickers",
    metadata,
    Column("ticker", String(16), primary_key=True),
    Column("cik", String(16), nullable=False),
    Column("title", String, nullable=True),
    Column("rank", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow),
)
Index("ix_tickers_cik_rank", tickers.c.cik, tickers.c.rank)

validations = Table(
    "validations",
    metadata,
    Column("partition", String(64), primary_key=True),
    Column("scope", String(128), primary_key=True),
    Column("expectation", String(255), primary_key=True),
    Column("passed", Boolean, nullable=False),
    Column("observed_value", _json(), nullable=True),
    Column("threshold", _json(), nullable=True),
    Column("details", _json(), nullable=True),
    Column("run_id", String(64), nullable=True),
    Column("updated_at", UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow),
)

model_versions = Table(
    "model_versions",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("uri", String, nullable=False),
    Column("metrics", _json(), nullable=True),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
)

# The serving API's keys: the secret is never stored, only HMAC-SHA256(salt, secret) with a per-key salt; the
# public `prefix` (unique) finds the row a presented key claims to be.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("scopes", _json(), nullable=False),
    Column("prefix", String(32), nullable=False, unique=True),
    Column("salt", String(64), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("last_used_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
)

# Every refused request (401, 403) of the serving API: who claimed to call, from where, for what.
auth_events = Table(
    "auth_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("occurred_at", UTCDateTime, nullable=False, default=utcnow),
    Column("key_id", Integer, nullable=True),
    Column("key_prefix", String(32), nullable=True),
    Column("client", String(64), nullable=True),
    Column("method", String(16), nullable=False),
    Column("path", String(512), nullable=False),
    Column("status", Integer, nullable=False),
    Column("reason", String(64), nullable=False),
)
Index("ix_auth_events_occurred_at", auth_events.c.occurred_at)
