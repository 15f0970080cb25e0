"""data.sec.gov submissions JSON: a company's filings, newest first, across the JSON's extra pages, and the
previous filing of a form before a date (what the year-over-year signals compare with)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sec_pipeline.edgar.client import EdgarClient
from sec_pipeline.vocabulary import normalize_cik

_COLUMNS = ("accessionNumber", "form", "filingDate")


class SubmissionsFormatError(ValueError):
    """A submissions JSON document without the expected columns; the message names the source."""


@dataclass(frozen=True)
class FilingRef:
    """One filing as the submissions JSON lists it."""

    accession_no: str
    form_type: str
    filing_date: str
    report_date: str | None
    primary_document: str | None
    items: list[str]
    cik: str

    @property
    def folder(self) -> str:
        """URL path of the filing folder."""
        return f"/Archives/edgar/data/{self.cik}/{self.accession_no.replace('-', '')}"

    @property
    def submission_path(self) -> str:
        """URL path of the full submission `.txt`."""
        return f"{self.folder}/{self.accession_no}.txt"

    @property
    def primary_document_path(self) -> str | None:
        """URL path of the primary document (None when the JSON names none)."""
        if not self.primary_document:
            return None
        return f"{self.folder}/{self.primary_document.rsplit('/', 1)[-1]}"


def submissions_path(cik: str | int) -> str:
    """/submissions/CIK##########.json for a CIK given with or without leading zeros."""
    return f"/submissions/CIK{normalize_cik(cik).zfill(10)}.json"


def parse_filing_columns(columns: Mapping[str, Any], cik: str, source: str = "submissions JSON") -> list[FilingRef]:
    """FilingRefs from the column-oriented block (`filings.recent` or one `files` page)."""
    missing = [c for c in _COLUMNS if c not in columns]
    if missing:
        raise SubmissionsFormatError(f"{source}: missing columns {', '.join(missing)}")
    count = len(columns["accessionNumber"])

    def column(name: str) -> list[Any]:
        values = columns.get(name) or []
        return list(values) + [None] * (count - len(values))

    refs = []
    for acc, form, filed, report, primary, items in zip(
        column("accessionNumber"), column("form"), column("filingDate"), column("reportDate"),
        column("primaryDocument"), column("items"), strict=True,
    ):
        item_list = [i.strip() for i in (items or "").split(",") if i.strip()]
        refs.append(FilingRef(acc, form, filed, report or None, primary or None, item_list, cik))
    return refs


def parse_submissions(document: Mapping[str, Any], source: str = "submissions JSON") -> list[FilingRef]:
    """FilingRefs of the `recent` block of a company's main submissions JSON."""
    try:
        cik = str(document["cik"]).lstrip("0")
        recent = document["filings"]["recent"]
    except (KeyError, TypeError) as exc:
        raise SubmissionsFormatError(f"{source}: not a submissions document (no cik / filings.recent)") from exc
    return parse_filing_columns(recent, cik, source)


def company_filings(
    client: EdgarClient, cik: str | int, forms: Iterable[str] | None = None, limit: int | None = None
) -> list[FilingRef]:
    """A company's filings, newest first, optionally only `forms`, at most `limit` of them.

    Extra pages (`filings.files`) are fetched only while more filings are wanted.
    """
    wanted = {f.upper() for f in forms} if forms is not None else None
    path = submissions_path(cik)
    document = client.get_json(path)
    pages = [page["name"] for page in document.get("filings", {}).get("files", []) if page.get("name")]
    batch = parse_submissions(document, source=path)
    cik_text = batch[0].cik if batch else str(cik).lstrip("0")
    found: list[FilingRef] = []
    while True:
        for ref in batch:
            if wanted is None or ref.form_type.upper() in wanted:
                found.append(ref)
                if limit is not None and len(found) >= limit:
                    return found
        if not pages:
            return found
        page_path = f"/submissions/{pages.pop(0)}"
        batch = parse_filing_columns(client.get_json(page_path), cik_text, source=page_path)


def previous_filing(refs: Iterable[FilingRef], form: str, before: date | str) -> FilingRef | None:
    """The latest filing of exactly `form` filed strictly before `before`, or None."""
    try:
        cutoff = before if isinstance(before, date) else date.fromisoformat(str(before)[:10])
    except ValueError as exc:
        raise ValueError(f"before={before!r} is not a date; pass a datetime.date or e.g. '2024-02-13'") from exc
    wanted = form.strip().upper()
    best: FilingRef | None = None
    for ref in refs:
        if ref.form_type.strip().upper() != wanted or not ref.filing_date:
            continue
        filed = date.fromisoformat(ref.filing_date[:10])
        if filed < cutoff and (best is None or filed > date.fromisoformat(best.filing_date[:10])):
            best = ref
    return best


def find_previous_filing(client: EdgarClient, cik: str | int, form: str, before: date | str) -> FilingRef | None:
    """The company's previous filing of `form` before `before`, from its submissions JSON; None when none."""
    return previous_filing(company_filings(client, cik, forms=[form]), form, before)
