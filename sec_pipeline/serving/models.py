"""Request and response bodies of the API (they make its OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator
from pydantic.json_schema import JsonDict

from sec_pipeline.serving.keys import SCOPES, KeySpecError, checked_name, checked_scopes
from sec_pipeline.vocabulary import FORM_TYPES, normalize_cik, normalize_form

MAX_CIK_DIGITS = 10
MAX_PROCESS_LIMIT = 40
# Documented in the OpenAPI document only: checked_cik enforces it with a message naming the value.
CIK_SCHEMA: JsonDict = {"pattern": r"^\s*[0-9]{1,10}\s*$"}


def checked_cik(value: str) -> str:
    """`value` as the store keeps CIKs; ValueError naming it when it is not 1 to 10 digits."""
    text = str(value).strip()
    if not 0 < len(text) <= MAX_CIK_DIGITS or not text.isascii():
        raise ValueError(f"CIK {text[:20]!r} is not 1 to {MAX_CIK_DIGITS} digits; pass e.g. '0000789019'")
    return normalize_cik(text)


class ProcessRequest(BaseModel):
    """On-demand processing of one company's latest filings of a form."""

    cik: str = Field(examples=["0000789019"], description="the company's CIK, 1 to 10 digits",
                     json_schema_extra=CIK_SCHEMA)
    form_type: str = Field("10-K", examples=["10-Q"], description=f"one of {', '.join(FORM_TYPES)}",
                           json_schema_extra={"enum": list(FORM_TYPES)})
    limit: int = Field(4, ge=1, le=MAX_PROCESS_LIMIT, description="the latest N filings")

    @field_validator("cik")
    @classmethod
    def _cik(cls, value: str) -> str:
        return checked_cik(value)

    @field_validator("form_type")
    @classmethod
    def _form(cls, value: str) -> str:
        form = normalize_form(value)
        if form not in FORM_TYPES:
            raise ValueError(f"form {value[:20]!r} is unknown; use one of {', '.join(FORM_TYPES)}")
        return form


class ProcessAccepted(BaseModel):
    """The id of the queued request and where to follow it."""

    run_id: str
    status_url: str


class RunStatusBody(BaseModel):
    """A request's status: queued, running, success or failure, with its Dagster runs."""

    id: str
    status: str
    detail: str
    runs: list[dict[str, Any]]


class KeyCreateRequest(BaseModel):
    """A new key's name and scopes."""

    name: str = Field(min_length=1, max_length=128, examples=["research-notebooks"])
    scopes: list[str] = Field(default_factory=lambda: ["read"], description=f"any of {', '.join(SCOPES)}")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            return checked_name(value)
        except KeySpecError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        try:
            return list(checked_scopes(value))
        except KeySpecError as exc:
            raise ValueError(str(exc)) from None


class KeyBody(BaseModel):
    """A key as listed (never its secret)."""

    id: int
    name: str
    scopes: list[str]
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class CreatedKeyBody(KeyBody):
    """A new key with its secret, shown this once."""

    secret: str


class KeyList(BaseModel):
    """Every key, revoked ones included."""

    keys: list[KeyBody]


class SignalRow(BaseModel):
    """One published signal with its filing."""

    accession_no: str
    cik: str
    ticker: str | None
    company: str | None
    form_type: str
    filing_date: date
    period_of_report: date | None
    section: str
    family: str
    name: str
    category: str
    value: float | None
    label: str | None
    confidence: float | None
    evidence: str | None
    evidence_start: int | None
    evidence_end: int | None
    unit: str | None
    period: str | None
    model: str | None
    model_version: str | None
    tier: str | None
    accepted_at: datetime | None
    published_at: datetime
    available_at: datetime
    is_amendment: bool
    amends_accession_no: str | None


class SignalPageBody(BaseModel):
    """A page of signals; pass `next_cursor` as `cursor` for the next page (null on the last)."""

    signals: list[SignalRow]
    count: int
    next_cursor: str | None


class FilingBody(BaseModel):
    """A filing, its sections (no text) and its published signals."""

    filing: dict[str, Any]
    sections: list[dict[str, Any]]
    signals: list[SignalRow]


class HealthBody(BaseModel):
    """The runbook's health report: the worst status and every check."""

    status: str
    checks: list[dict[str, Any]]
