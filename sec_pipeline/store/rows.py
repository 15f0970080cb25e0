"""The rows at the store's boundary, one `TypedDict` per table: what `Store.get_*` returns and its writers take.

A read row (`Filing`, `Section`, `StagedSignal`, `PublishedSignal`, `Validation`, `ModelVersion`) carries every
column of its table. A write row (`FilingUpdate`, `SectionInput`, `StagedSignalInput`, `ValidationInput`) carries
its key and any other columns: those it leaves out keep their stored value on an upsert, or take their default on
a replace. Keys equal the columns of `schema` (a test compares them). JSON columns read back as plain Python.

No `from __future__ import annotations` here: `Required` / `NotRequired` must stay visible at run time, where
`__required_keys__` is built from them.
"""

from datetime import date, datetime
from typing import Any, NotRequired, Required, TypedDict

from sec_pipeline.vocabulary import FilingStatus


class Filing(TypedDict):
    """A row of `filings`: one submission, its header fields, where its documents are and where it stands."""

    accession_no: str
    cik: str  # without leading zeros
    company: str | None
    form_type: str
    filing_date: date
    period_of_report: date | None
    sic: str | None
    fiscal_year_end: str | None
    declared_items: list[str] | None
    primary_document: str | None
    raw_uri: str | None
    sha256: str | None
    bytes: int | None
    status: str  # a FilingStatus value
    error: str | None
    attempts: int
    previous_accession_no: str | None
    previous_checked_at: datetime | None
    ixbrl_document: str | None
    ixbrl_uri: str | None
    accepted_at: datetime | None  # UTC
    accepted_at_is_fallback: bool | None
    amends_accession_no: str | None
    created_at: datetime
    updated_at: datetime


class FilingUpdate(TypedDict, total=False):
    """What `Store.upsert_filings` takes: the accession and the columns to set (a new filing needs at least
    `cik`, `form_type` and `filing_date`)."""

    accession_no: Required[str]
    cik: str | int  # stored without leading zeros
    company: str | None
    form_type: str
    filing_date: date
    period_of_report: date | None
    sic: str | None
    fiscal_year_end: str | None
    declared_items: list[str] | None
    primary_document: str | None
    raw_uri: str | None
    sha256: str | None
    bytes: int | None
    status: FilingStatus
    error: str | None
    attempts: int
    previous_accession_no: str | None
    previous_checked_at: datetime | None
    ixbrl_document: str | None
    ixbrl_uri: str | None
    accepted_at: datetime | None  # UTC
    accepted_at_is_fallback: bool | None
    amends_accession_no: str | None
    created_at: datetime
    updated_at: datetime


class Section(TypedDict):
    """A row of `sections`: one Item of a filing with its offsets and text (`text` is absent when the
    sections were read without text, and None when it lives in the blob store at `text_uri` unread)."""

    accession_no: str
    item: str
    form_type: str | None
    title: str | None
    start_offset: int | None
    end_offset: int | None
    source_start: int | None
    source_end: int | None
    char_count: int | None
    confidence: float | None
    warnings: list[str] | None
    text: NotRequired[str | None]
    text_uri: str | None
    parser_version: str | None
    updated_at: datetime


class SectionInput(TypedDict, total=False):
    """What `Store.replace_sections_many` takes for one section (the accession defaults to its filing's,
    `char_count` to the length of `text`)."""

    accession_no: str
    item: Required[str]
    form_type: str | None
    title: str | None
    start_offset: int | None
    end_offset: int | None
    source_start: int | None
    source_end: int | None
    char_count: int | None
    confidence: float | None
    warnings: list[str] | None
    text: str | None
    text_uri: str | None
    parser_version: str | None
    updated_at: datetime


class StagedSignal(TypedDict):
    """A row of `staged_signals`: one signal of one section of one filing, not yet published."""

    accession_no: str
    section: str
    family: str
    name: str
    filing_date: date
    category: str
    value: float | None
    label: str | None
    confidence: float | None
    evidence: str | None
    evidence_start: int | None
    evidence_end: int | None
    model: str | None
    model_version: str | None
    tier: str | None
    latency_s: float | None
    cost_usd: float | None
    unit: str | None
    period: str | None
    updated_at: datetime


class PublishedSignal(StagedSignal):
    """A row of `signals`: one published version of a staged signal, current from `published_at` until
    `superseded_at` (None while current), knowable from `available_at` (UTC)."""

    published_at: datetime
    superseded_at: datetime | None
    available_at: datetime
    is_amendment: bool


class StagedSignalInput(TypedDict, total=False):
    """What `Store.stage_signals_many` takes for one signal (the accession defaults to its filing's,
    `filing_date` to the filing's date in `filings`)."""

    accession_no: str
    section: Required[str]
    family: Required[str]
    name: Required[str]
    filing_date: date
    category: Required[str]
    value: float | None
    label: str | None
    confidence: float | None
    evidence: str | None
    evidence_start: int | None
    evidence_end: int | None
    model: str | None
    model_version: str | None
    tier: str | None
    latency_s: float | None
    cost_usd: float | None
    unit: str | None
    period: str | None
    updated_at: datetime


class Validation(TypedDict):
    """A row of `validations`: one expectation's outcome on one scope of one partition."""

    partition: str
    scope: str
    expectation: str
    passed: bool
    observed_value: Any  # JSON
    threshold: Any  # JSON
    details: dict[str, Any] | None
    run_id: str | None
    updated_at: datetime


class ValidationInput(TypedDict, total=False):
    """What `Store.upsert_validations` takes for one outcome."""

    partition: Required[str]
    scope: Required[str]
    expectation: Required[str]
    passed: Required[bool]
    observed_value: Any  # JSON
    threshold: Any  # JSON
    details: dict[str, Any] | None
    run_id: str | None
    updated_at: datetime


class ModelVersion(TypedDict):
    """A row of `model_versions`: one trained model version and where its folder is kept."""

    name: str
    version: str
    uri: str
    metrics: dict[str, Any] | None
    created_at: datetime


class Ticker(TypedDict):
    """A row of `tickers`: one ticker of EDGAR's company tickers file (`rank`: its position there)."""

    ticker: str
    cik: str  # without leading zeros
    title: str | None
    rank: int
    updated_at: datetime


class TickerInput(TypedDict):
    """What `Store.replace_tickers` takes for one ticker."""

    ticker: str
    cik: str | int
    title: str | None
    rank: int
