"""`Store`: the app database behind one small synchronous API (the Dagster layer's only way in).

Every write is an upsert on the table's key, so a retried or overlapping run never duplicates a row.
Signals follow write-audit-publish: extraction writes `staged_signals`; `publish_signals` copies a
partition's staged rows into `signals` in one transaction once its gate has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    ColumnDefault,
    Engine,
    Select,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    update,
)

from sec_pipeline.store import schema
from sec_pipeline.store.engine import make_engine, normalize_url, write_engine
from sec_pipeline.store.migrate import upgrade
from sec_pipeline.store.rows import (
    Filing,
    FilingUpdate,
    ModelVersion,
    PublishedSignal,
    Section,
    SectionInput,
    StagedSignal,
    StagedSignalInput,
    TickerInput,
    Validation,
    ValidationInput,
)
from sec_pipeline.store.upsert import normalize_rows, upsert_rows
from sec_pipeline.vocabulary import AMENDMENT_SUFFIX, SIGNAL_KEY, amended_form, is_amendment, normalize_cik

if TYPE_CHECKING:
    from sec_pipeline.store.blobs import BlobStore

IN_CHUNK = 1000  # values per IN (...) list; far below SQLite's and PostgreSQL's parameter limits
SIGNAL_FIELDS = tuple(c.name for c in schema.staged_signals.columns)
# What makes two versions of a signal differ: everything but its key and what changes from run to run.
SIGNAL_CONTENT = tuple(name for name in SIGNAL_FIELDS
                       if name not in (*SIGNAL_KEY, "filing_date", "latency_s", "cost_usd", "updated_at"))
DEFAULT_INLINE_TEXT_LIMIT = 200_000


def _as_date(value: date | str, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{what}={value!r} is not a date; pass a datetime.date or 'YYYY-MM-DD'") from exc


def _chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _as_list(values: Iterable[str] | str | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(dict.fromkeys(values))


def _rows_of_accessions(rows_by_accession: Mapping[str, Iterable[Mapping[str, Any]]], kind: str) -> list[dict[str, Any]]:
    """The rows of {accession: rows} as dicts, each with its accession and an `updated_at` of now; a row that
    names another accession than the one it is given under is a caller's mistake and raises."""
    now = schema.utcnow()
    prepared: list[dict[str, Any]] = []
    for accession_no, rows in rows_by_accession.items():
        for row in rows:
            item: dict[str, Any] = dict(row)
            if item.setdefault("accession_no", accession_no) != accession_no:
                raise ValueError(f"{kind} row for {item['accession_no']!r} passed as a {kind} of {accession_no!r}")
            item.setdefault("updated_at", now)
            prepared.append(item)
    return prepared


class Store:
    """The app database: filings, sections, staged and published signals, validations, model versions."""

    def __init__(
        self,
        url: str,
        *,
        blobs: BlobStore | None = None,
        inline_text_limit: int = DEFAULT_INLINE_TEXT_LIMIT,
    ) -> None:
        """Connect to `url` (sqlite or postgresql). With `blobs`, section text longer than
        `inline_text_limit` characters is kept in the blob store and only its URI in the row."""
        self.url = normalize_url(url)
        self.engine: Engine = make_engine(self.url)
        self._writer = write_engine(self.engine)
        self.blobs = blobs
        self.inline_text_limit = inline_text_limit

    def __repr__(self) -> str:
        return f"Store({self.url.render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest migration (safe to call twice and concurrently)."""
        upgrade(self.engine)

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    # ----------------------------------------------------------------------------------- helpers

    def _select(self, stmt: Select[Any]) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]

    def _select_in(
        self, stmt: Select[Any], column: Any, values: list[str] | None, order: Sequence[Any]
    ) -> list[dict[str, Any]]:
        """Run `stmt` filtered by `column IN values` (chunked; None: no filter), ordered by the
        `order` columns ascending with NULLs last on both backends."""
        order_by = [c.asc().nulls_last() for c in order]
        if values is None:
            return self._select(stmt.order_by(*order_by))
        rows: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(values):
                query = stmt.where(column.in_(chunk)).order_by(*order_by)
                rows.extend(dict(row) for row in conn.execute(query).mappings())
        if len(values) > IN_CHUNK:  # chunks were each sorted; merge them into one order
            rows.sort(key=lambda r: tuple((r[c.key] is None, r[c.key]) for c in order))
        return rows

    # ------------------------------------------------------------------------------------ filings

    def upsert_filings(self, rows: Iterable[FilingUpdate]) -> int:
        """Insert or update filings keyed by accession_no; returns the number of filings written.

        The CIK is stored without leading zeros; `created_at` is kept from the first write.
        """
        now = schema.utcnow()
        prepared = []
        for row in rows:
            item: dict[str, Any] = dict(row)
            if item.get("cik") is not None:
                item["cik"] = normalize_cik(item["cik"])
            item.setdefault("updated_at", now)
            item.setdefault("created_at", now)
            prepared.append(item)
        with self._writer.begin() as conn:
            return upsert_rows(conn, schema.filings, prepared, insert_only=("created_at",))

    def get_filings(
        self,
        *,
        filing_date: date | str | None = None,
        accessions: Iterable[str] | None = None,
        statuses: Iterable[str] | None = None,
    ) -> list[Filing]:
        """Filings matching every given filter, ordered by filing date and accession."""
        t = schema.filings
        stmt = select(t)
        if filing_date is not None:
            stmt = stmt.where(t.c.filing_date == _as_date(filing_date, "filing_date"))
        if (status_list := _as_list(statuses)) is not None:
            stmt = stmt.where(t.c.status.in_(status_list))
        rows = self._select_in(stmt, t.c.accession_no, _as_list(accessions), [t.c.filing_date, t.c.accession_no])
        return cast("list[Filing]", rows)

    def set_filing_status(self, accession_no: str, status: str, error: str | None = None) -> None:
        """Set a filing's status and error (None clears it); raises LookupError for an unknown filing."""
        if not status or not status.replace("_", "").isalpha() or not status.islower():
            raise ValueError(f"status {status!r} must be a lower-case word such as 'parsed' or 'parse_failed'")
        t = schema.filings
        with self._writer.begin() as conn:
            result = conn.execute(
                update(t)
                .where(t.c.accession_no == accession_no)
                .values(status=status, error=error, updated_at=schema.utcnow())
            )
            if result.rowcount == 0:
                raise LookupError(f"no filing {accession_no!r} in the store; upsert it before setting its status")

    def previous_filing(self, cik: str | int, form_type: str, before: date | str) -> Filing | None:
        """The latest filing of `cik` with `form_type` filed strictly before `before`."""
        t = schema.filings
        stmt = (
            select(t)
            .where(
                t.c.cik == normalize_cik(cik),
                t.c.form_type == form_type,
                t.c.filing_date < _as_date(before, "before"),
            )
            .order_by(t.c.filing_date.desc(), t.c.accession_no.desc())
            .limit(1)
        )
        rows = cast("list[Filing]", self._select(stmt))
        return rows[0] if rows else None

    def link_amendments(self, accessions: Iterable[str]) -> int:
        """Set `amends_accession_no` of each amendment among `accessions` to the company's latest earlier
        stored filing of the base form (10-K/A -> 10-K); returns the number of amendments linked."""
        t = schema.filings
        amendments = [f for f in self.get_filings(accessions=accessions) if is_amendment(f["form_type"])]
        links: list[FilingUpdate] = []
        for filing in amendments:
            stmt = (
                select(t.c.accession_no)
                .where(t.c.cik == filing["cik"], t.c.form_type == amended_form(filing["form_type"]),
                       t.c.filing_date <= filing["filing_date"], t.c.accession_no != filing["accession_no"])
                .order_by(t.c.filing_date.desc(), t.c.accepted_at.desc().nulls_last(), t.c.accession_no.desc())
                .limit(1)
            )
            with self.engine.connect() as conn:
                amended = conn.execute(stmt).scalar_one_or_none()
            if amended is not None:
                links.append({"accession_no": filing["accession_no"], "amends_accession_no": amended})
        return self.upsert_filings(links) if links else 0

    # ----------------------------------------------------------------------------------- sections

    def replace_sections_many(self, rows_by_accession: Mapping[str, Iterable[SectionInput]]) -> int:
        """Make the given rows the sections of each filing ({accession: rows}), in one transaction.

        Text longer than `inline_text_limit` goes to the blob store when the store has one; the row
        then holds `text_uri` and no text. Returns the number of sections written.
        """
        prepared = _rows_of_accessions(rows_by_accession, "section")
        for item in prepared:
            body = item.get("text")
            if body is not None and item.get("char_count") is None:
                item["char_count"] = len(body)
        prepared = self._checked_unique(schema.sections, prepared)
        for item in prepared:
            body = item.get("text")
            if self.blobs is not None and body is not None and len(body) > self.inline_text_limit:
                from sec_pipeline.store.blobs import section_text_key

                item["text_uri"] = self.blobs.put(
                    section_text_key(item["accession_no"], item["item"]), body.encode("utf-8")
                )
                item["text"] = None
        return self._replace(schema.sections, list(rows_by_accession), prepared)

    def get_sections(
        self,
        accessions: Iterable[str] | str,
        items: Iterable[str] | None = None,
        with_text: bool = True,
    ) -> list[Section]:
        """Sections of the given filings (optionally only `items`), ordered by accession and offset.

        With `with_text`, text kept in the blob store is loaded into `text`; without it, rows carry
        no `text` key.
        """
        t = schema.sections
        columns = [c for c in t.columns if with_text or c.name != "text"]
        stmt = select(*columns)
        if (item_list := _as_list(items)) is not None:
            stmt = stmt.where(t.c.item.in_(item_list))
        rows = self._select_in(
            stmt, t.c.accession_no, _as_list(accessions) or [], [t.c.accession_no, t.c.start_offset, t.c.item]
        )
        if with_text:
            for row in rows:
                if row["text"] is None and row["text_uri"]:
                    if self.blobs is None:
                        raise RuntimeError(
                            f"section {row['accession_no']}/{row['item']} text is at {row['text_uri']}; "
                            "create the Store with blobs= (sec_pipeline.factories.open_store does) to read it"
                        )
                    row["text"] = self.blobs.get(row["text_uri"]).decode("utf-8")
        return cast("list[Section]", rows)

    # ------------------------------------------------------------------------------------ signals

    def stage_signals_many(self, rows_by_accession: Mapping[str, Iterable[StagedSignalInput]]) -> int:
        """Replace the staged signals of each filing with the given rows ({accession: rows}), in one transaction.

        `filing_date` defaults to the filing's date in `filings`. Returns the number of rows staged.
        """
        prepared = _rows_of_accessions(rows_by_accession, "signal")
        undated = sorted({item["accession_no"] for item in prepared if item.get("filing_date") is None})
        if undated:
            dates = {f["accession_no"]: f["filing_date"] for f in self.get_filings(accessions=undated)}
            unknown = [acc for acc in undated if acc not in dates]
            if unknown:
                raise LookupError(
                    f"signals of {unknown[0]!r} ({len(unknown)} filing(s)) carry no filing_date and the filing "
                    "is not in the store; upsert the filing first or pass filing_date in each row"
                )
            for item in prepared:
                if item.get("filing_date") is None:
                    item["filing_date"] = dates[item["accession_no"]]
        prepared = self._checked_unique(schema.staged_signals, prepared)
        return self._replace(schema.staged_signals, list(rows_by_accession), prepared)

    def _replace(self, table: Table, accessions: list[str], prepared: list[dict[str, Any]]) -> int:
        """Delete the rows of `accessions` and write `prepared`, in one transaction."""
        with self._writer.begin() as conn:
            for chunk in _chunks(sorted(accessions)):
                conn.execute(delete(table).where(table.c.accession_no.in_(chunk)))
            return upsert_rows(conn, table, self._uniform(table, prepared), normalized=True)

    def get_staged_signals(self, filing_date: date | str) -> list[StagedSignal]:
        """Staged (not yet published) signals of a partition, ordered by accession, section, family and name."""
        return cast("list[StagedSignal]", self._get_signals(schema.staged_signals, filing_date))

    def get_signals(self, filing_date: date | str, *, history: bool = False) -> list[PublishedSignal]:
        """Current published signals of a partition (every version with `history`), ordered by accession,
        section, family, name and publication."""
        t = schema.signals
        current = [] if history else [t.c.superseded_at.is_(None)]
        rows = self._get_signals(t, filing_date, where=current, then_by=[t.c.published_at])
        return cast("list[PublishedSignal]", rows)

    def _get_signals(self, t: Table, filing_date: date | str, *, where: Sequence[Any] = (),
                     then_by: Sequence[Any] = ()) -> list[dict[str, Any]]:
        stmt = select(t).where(t.c.filing_date == _as_date(filing_date, "filing_date"), *where)
        return self._select(stmt.order_by(t.c.accession_no, t.c.section, t.c.family, t.c.name, *then_by))

    def publish_signals(self, filing_date: date | str) -> int:
        """Make the current published signals of a partition equal its staged ones, keeping history.

        In one transaction: a current row whose staged twin differs in content (SIGNAL_CONTENT), or that is
        no longer staged, is closed (`superseded_at` = now); every staged row without an identical current row
        is inserted as a new version published now, available from the later of its filing's acceptance and
        now, marked `is_amendment` when its filing is an amendment. Republishing identical values therefore
        adds no version (a rerun is idempotent); run-dependent fields (latency, cost, updated_at) are not
        content. Returns the number of staged rows of the partition.
        """
        day = _as_date(filing_date, "filing_date")
        staged, published, filings = schema.staged_signals, schema.signals, schema.filings
        now = literal(schema.utcnow(), schema.UTCDateTime())
        with self._writer.begin() as conn:
            if self.dialect == "postgresql":
                # Writers of staged rows wait until this publish commits, so all of its statements
                # see the same staged rows (SQLite's BEGIN IMMEDIATE already excludes other writers).
                conn.execute(text("LOCK TABLE staged_signals IN SHARE MODE"))
                # One publisher at a time (readers go on), so no two publishes add the same version twice.
                conn.execute(text("LOCK TABLE signals IN SHARE ROW EXCLUSIVE MODE"))
            same_key = [staged.c[name] == published.c[name] for name in SIGNAL_KEY]
            same_content = [staged.c[name].is_not_distinct_from(published.c[name]) for name in SIGNAL_CONTENT]
            current = published.c.superseded_at.is_(None)
            conn.execute(
                update(published)
                .where(published.c.filing_date == day, current,
                       ~exists().where(staged.c.filing_date == day, *same_key, *same_content))
                .values(superseded_at=now)
            )
            accepted = filings.c.accepted_at
            available = case((and_(accepted.is_not(None), accepted > now), accepted), else_=now)
            source = (
                select(*staged.columns, now.label("published_at"), available.label("available_at"),
                       func.coalesce(filings.c.form_type.like(f"%{AMENDMENT_SUFFIX}"), False).label("is_amendment"))
                .select_from(staged.outerjoin(filings, filings.c.accession_no == staged.c.accession_no))
                .where(staged.c.filing_date == day, ~exists().where(current, *same_key))
            )
            conn.execute(insert(published).from_select(
                [*SIGNAL_FIELDS, "published_at", "available_at", "is_amendment"], source))
            count = conn.execute(select(func.count()).select_from(staged).where(staged.c.filing_date == day))
            return int(count.scalar_one())

    # ------------------------------------------------------------------------------------ tickers

    def replace_tickers(self, rows: Iterable[TickerInput]) -> int:
        """Make `tickers` equal `rows` (EDGAR's whole company tickers file), in one transaction."""
        now = schema.utcnow()
        prepared = [{**dict(row), "cik": normalize_cik(row["cik"]), "updated_at": now} for row in rows]
        with self._writer.begin() as conn:
            conn.execute(delete(schema.tickers))
            return upsert_rows(conn, schema.tickers, prepared)

    def tickers_updated_at(self) -> datetime | None:
        """When the tickers were last replaced; None when never."""
        with self.engine.connect() as conn:
            value: datetime | None = conn.execute(select(func.max(schema.tickers.c.updated_at))).scalar_one()
            return value

    # -------------------------------------------------------------------------------- validations

    def upsert_validations(self, rows: Iterable[ValidationInput]) -> int:
        """Insert or update expectation results keyed by (partition, scope, expectation)."""
        now = schema.utcnow()
        prepared = [{**dict(row), "updated_at": dict(row).get("updated_at", now)} for row in rows]
        with self._writer.begin() as conn:
            return upsert_rows(conn, schema.validations, prepared)

    def get_validations(self, partition: str) -> list[Validation]:
        """Expectation results of one partition, ordered by scope and expectation."""
        t = schema.validations
        rows = self._select(select(t).where(t.c.partition == partition).order_by(t.c.scope, t.c.expectation))
        return cast("list[Validation]", rows)

    # ----------------------------------------------------------------------------- model versions

    def record_model_version(
        self, name: str, version: str, uri: str, metrics: Mapping[str, Any] | None = None
    ) -> ModelVersion:
        """Record (or update the URI and metrics of) a trained model version; returns the row."""
        row = {"name": name, "version": version, "uri": uri, "metrics": dict(metrics or {}),
               "created_at": schema.utcnow()}
        with self._writer.begin() as conn:
            upsert_rows(conn, schema.model_versions, [row], insert_only=("created_at",))
        t = schema.model_versions
        rows = self._select(select(t).where(t.c.name == name, t.c.version == version))
        return cast("ModelVersion", rows[0])

    def latest_model_version(self, name: str) -> ModelVersion | None:
        """The most recently recorded version of model `name`, or None."""
        t = schema.model_versions
        rows = self._select(
            select(t).where(t.c.name == name).order_by(t.c.created_at.desc(), t.c.version.desc()).limit(1)
        )
        return cast("ModelVersion", rows[0]) if rows else None

    # ------------------------------------------------------------------------------------ counts

    def count_rows(self, table: str, **equal: object) -> int:
        """Rows of app table `table` whose columns equal the given values (None matches NULL)."""
        t = schema.metadata.tables[table]
        stmt = select(func.count()).select_from(t).where(*(t.c[name] == value for name, value in equal.items()))
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    # ---------------------------------------------------------------------------- row preparation

    @staticmethod
    def _checked_unique(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Normalize rows for a replace; a key that occurs twice is a caller bug, so it raises."""
        pk = [c.name for c in table.primary_key.columns]
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            key = tuple(row.get(name) for name in pk)
            if key in seen:
                raise ValueError(f"{table.name}: key {dict(zip(pk, key, strict=True))} occurs twice in one call")
            seen.add(key)
        return normalize_rows(table, rows)

    @staticmethod
    def _uniform(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Give every row the same columns (missing ones as None or their default), so a replace
        writes exactly the given values, in one statement per chunk."""
        names = [c.name for c in table.columns]
        defaults = {c.name: c.default.arg for c in table.columns if isinstance(c.default, ColumnDefault)}
        out = []
        for row in rows:
            full: dict[str, Any] = {}
            for name in names:
                if name in row:
                    full[name] = row[name]
                elif name in defaults:
                    default = defaults[name]
                    full[name] = default(None) if callable(default) else default
                else:
                    full[name] = None
            out.append(full)
        return out
