"""Published signals joined with their filings, filtered and paged by cursor (the API's and the CLI's query).

By default the current version of each signal; with `as_of=T` what was knowable at T: signals of filings
accepted at or before T, published at or before T, in the version current at T
(published_at <= T < coalesce(superseded_at, infinity)).

One parameterized SQLAlchemy Core statement on SQLite and PostgreSQL: every filter value is a bound parameter,
never SQL text. Pages follow the key (filing date, accession, section, family, name): a cursor is that key of
the last row of a page, so the next page starts strictly after it and stays stable while new rows arrive.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, Select, or_, select, tuple_
from sqlalchemy.sql import ColumnElement

from sec_pipeline.store import schema

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100

_f, _s, _t = schema.filings, schema.signals, schema.tickers
# A company's ticker: its first in EDGAR's company tickers file (None when it has none).
_TICKER = (select(_t.c.ticker).where(_t.c.cik == _f.c.cik).order_by(_t.c.rank).limit(1)
           .correlate(_f).scalar_subquery().label("ticker"))
# The columns a consumer sees, in order: the filing, then the signal with its evidence and provenance.
SIGNAL_VIEW_COLUMNS: tuple[ColumnElement[Any], ...] = (
    _s.c.accession_no, _f.c.cik, _TICKER, _f.c.company, _f.c.form_type, _s.c.filing_date, _f.c.period_of_report,
    _s.c.section, _s.c.family, _s.c.name, _s.c.category, _s.c.value, _s.c.label, _s.c.confidence,
    _s.c.evidence, _s.c.evidence_start, _s.c.evidence_end, _s.c.unit, _s.c.period, _s.c.model,
    _s.c.model_version, _s.c.tier, _f.c.accepted_at, _s.c.published_at, _s.c.available_at, _s.c.is_amendment,
    _f.c.amends_accession_no,
)
COLUMN_NAMES: tuple[str, ...] = tuple(str(c.key) for c in SIGNAL_VIEW_COLUMNS)
_PAGE_KEY = (_s.c.filing_date, _s.c.accession_no, _s.c.section, _s.c.family, _s.c.name)
_CURSOR_HINT = "pass the next_cursor of a previous page, or leave cursor out for the first page"


class QueryError(ValueError):
    """A filter or cursor cannot be used; the message names it and the fix."""


@dataclass(frozen=True)
class SignalFilter:
    """Which published signals to return; None means no filter. `cik` is normalized (no leading zeros)."""

    cik: str | None = None
    ticker: str | None = None  # any of the company's tickers, upper case
    form_type: str | None = None
    family: str | None = None
    name: str | None = None
    since: date | None = None
    until: date | None = None
    as_of: datetime | None = None  # timezone-aware

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE conditions of this filter, each with bound parameters."""
        if self.since is not None and self.until is not None and self.since > self.until:
            raise QueryError(f"since {self.since} is after until {self.until}; swap them")
        if self.as_of is not None and self.as_of.tzinfo is None:
            raise QueryError(f"as_of {self.as_of.isoformat()} has no time zone; add one, e.g. 2004-02-11T14:30:00Z")
        wanted = [
            (_f.c.cik, self.cik), (_f.c.form_type, self.form_type), (_s.c.family, self.family),
            (_s.c.name, self.name),
        ]
        for column, value in [*wanted, (_t.c.ticker, self.ticker)]:
            if value is not None and not value.isprintable():  # PostgreSQL refuses NUL in text outright
                raise QueryError(f"{column.key} {value[:40]!r} holds control characters; pass plain text")
        conditions = [column == value for column, value in wanted if value is not None]
        if self.ticker is not None:
            conditions.append(_f.c.cik.in_(select(_t.c.cik).where(_t.c.ticker == self.ticker.upper())))
        if self.since is not None:
            conditions.append(_s.c.filing_date >= self.since)
        if self.until is not None:
            conditions.append(_s.c.filing_date <= self.until)
        return [*conditions, *version_conditions(self.as_of)]


def version_conditions(as_of: datetime | None) -> list[ColumnElement[bool]]:
    """Which version of each signal: the current one, or the one knowable and current at `as_of`."""
    if as_of is None:
        return [_s.c.superseded_at.is_(None)]
    return [_f.c.accepted_at <= as_of, _s.c.published_at <= as_of,
            or_(_s.c.superseded_at.is_(None), _s.c.superseded_at > as_of)]


@dataclass(frozen=True)
class SignalPage:
    """One page of rows (dicts keyed by COLUMN_NAMES) and the cursor of the next page (None: last page)."""

    rows: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(row: dict[str, Any]) -> str:
    """The opaque cursor that resumes after `row`."""
    key = [row["filing_date"].isoformat(), row["accession_no"], row["section"], row["family"], row["name"]]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, str, str, str, str]:
    """The page key inside `cursor`; QueryError when it is not one this module wrote."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not (isinstance(key, list) and len(key) == 5 and all(isinstance(part, str) for part in key)):
            raise ValueError("not a page key")
        return (date.fromisoformat(key[0]), key[1], key[2], key[3], key[4])
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise QueryError(f"cursor {cursor[:40]!r} is malformed; {_CURSOR_HINT}") from exc


def query_signals(
    engine: Engine, filters: SignalFilter, *, cursor: str | None = None, limit: int = DEFAULT_PAGE_SIZE
) -> SignalPage:
    """Up to `limit` published signals matching `filters`, after `cursor`, in page-key order."""
    stmt = page_statement(filters, cursor=cursor, limit=limit)
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(stmt).mappings()]
    if len(rows) <= limit:
        return SignalPage(rows, None)
    return SignalPage(rows[:limit], encode_cursor(rows[limit - 1]))


def collect_signals(engine: Engine, filters: SignalFilter, *, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` matching signals in page-key order, read page by page (the command line's query)."""
    if limit < 1:
        raise QueryError(f"limit {limit} is below 1; ask for at least one row")
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    while len(rows) < limit:
        page = query_signals(engine, filters, cursor=cursor, limit=min(MAX_PAGE_SIZE, limit - len(rows)))
        rows += page.rows
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return rows


def page_statement(filters: SignalFilter, *, cursor: str | None = None, limit: int = DEFAULT_PAGE_SIZE) -> Select[Any]:
    """The SELECT of one page: `limit` + 1 rows (the extra one tells whether a next page exists)."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise QueryError(f"limit {limit} is outside 1..{MAX_PAGE_SIZE}; ask for at most {MAX_PAGE_SIZE} rows a page")
    conditions = filters.conditions()
    if cursor:
        conditions.append(tuple_(*_PAGE_KEY) > tuple_(*decode_cursor(cursor)))
    return _signal_view().where(*conditions).order_by(*_PAGE_KEY).limit(limit + 1)


_SECTION_COLUMNS: Sequence[str] = ("item", "title", "start_offset", "end_offset", "source_start", "source_end",
                                   "char_count", "confidence", "warnings", "parser_version")


def filing_detail(engine: Engine, accession_no: str) -> dict[str, Any] | None:
    """The filing row, its sections (titles, offsets, sizes, confidence; no text) and its published signals;
    None when the filing is unknown."""
    sec = schema.sections
    with engine.connect() as conn:
        filing = conn.execute(select(_f).where(_f.c.accession_no == accession_no)).mappings().first()
        if filing is None:
            return None
        sections = conn.execute(
            select(*(sec.c[name] for name in _SECTION_COLUMNS))
            .where(sec.c.accession_no == accession_no).order_by(sec.c.start_offset.asc().nulls_last(), sec.c.item)
        ).mappings().all()
        signals = conn.execute(_signal_view().where(_s.c.accession_no == accession_no, *version_conditions(None))
                               .order_by(*_PAGE_KEY))
        return {"filing": dict(filing), "sections": [dict(row) for row in sections],
                "signals": [dict(row) for row in signals.mappings()]}


def _signal_view() -> Select[Any]:
    """SELECT the view's columns FROM signals JOIN filings."""
    return select(*SIGNAL_VIEW_COLUMNS).select_from(_s.join(_f, _f.c.accession_no == _s.c.accession_no))
