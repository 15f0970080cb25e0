"""EDGAR daily and full index files: parse them, and fetch the filings of a day.

Reads the fixed-width `form.*.idx` / `company.*.idx` layouts and the pipe-delimited `master.*.idx`
layout, with dates written `19931001` or `1993-10-01`. Daily index files exist from 1994 Q3 on; for
earlier days `entries_for_date` falls back to the quarter's full index, filtered by date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sec_pipeline.edgar.client import EdgarClient, NotFound
from sec_pipeline.edgar.sgml import decode, iso_date

DAILY_INDEX_START = dt.date(1994, 7, 1)
_ROW = re.compile(r"^(?P<left>.*?)\s+(?P<cik>\d+)\s+(?P<date>\d{8}|\d{4}-\d{2}-\d{2})\s+(?P<path>edgar/\S+)\s*$")
_ACCESSION = re.compile(r"(\d{10}-\d{2}-\d{6})")
_SEPARATOR = re.compile(r"^-{20,}\s*$")


class IndexParseError(ValueError):
    """An index file that does not have the layout of an EDGAR index; the message says what was found."""


@dataclass(frozen=True)
class IndexEntry:
    """One row of an EDGAR index: a filing and where its full submission lives."""

    form_type: str
    company: str
    cik: str
    filing_date: str
    path: str
    accession_no: str | None

    @property
    def url_path(self) -> str:
        """The full submission's URL path, e.g. /Archives/edgar/data/320193/0000320193-24-000001.txt."""
        return "/Archives/" + self.path.lstrip("/")


def _entry(form: str, company: str, cik: str, date: str, path: str) -> IndexEntry | None:
    filing_date = iso_date(date)
    if filing_date is None:
        return None
    accession = _ACCESSION.search(path.rsplit("/", 1)[-1])
    return IndexEntry(form.strip(), company.strip(), cik.lstrip("0") or "0", filing_date, path.strip(),
                      accession.group(1) if accession else None)


def _pipe_rows(lines: list[str], header: str, source: str) -> list[IndexEntry]:
    columns = [c.strip().lower() for c in header.split("|")]
    try:
        at = {name: columns.index(name) for name in ("cik", "company name", "form type", "date filed")}
        at["path"] = columns.index("filename") if "filename" in columns else columns.index("file name")
    except ValueError as exc:
        raise IndexParseError(f"{source}: unexpected master index header {header!r}") from exc
    entries = []
    for line in lines:
        parts = line.split("|")
        if len(parts) < len(columns):
            continue
        entry = _entry(parts[at["form type"]], parts[at["company name"]], parts[at["cik"]],
                       parts[at["date filed"]], parts[at["path"]])
        if entry is not None:
            entries.append(entry)
    return entries


def _fixed_rows(lines: list[str], header: str) -> list[IndexEntry]:
    form_first = header.lstrip().lower().startswith("form type")
    split_at = header.find("Company Name") if form_first else header.find("Form Type")
    entries = []
    for line in lines:
        match = _ROW.match(line)
        if not match:
            continue
        left = match.group("left")
        head, tail = (left[:split_at], left[split_at:]) if split_at > 0 else ("x", "x")
        if head and not head.endswith(" ") and tail and not tail.startswith(" "):
            # A value overflowed its column (or the header has no column positions): split at runs of
            # two or more spaces instead.
            pieces = re.split(r"\s{2,}", left.strip())
            if form_first:
                head, tail = pieces[0], " ".join(pieces[1:])
            else:
                head, tail = " ".join(pieces[:-1]), pieces[-1]
        form, company = (head, tail) if form_first else (tail, head)
        entry = _entry(form, company, match.group("cik"), match.group("date"), match.group("path"))
        if entry is not None:
            entries.append(entry)
    return entries


def parse_form_index(text: str | bytes, source: str = "index") -> list[IndexEntry]:
    """Entries of a daily or full index file (form, company or master layout).

    A header-only file gives []. Raises IndexParseError when no column header is found.
    """
    lines = decode(text).splitlines()
    for number, line in enumerate(lines):
        if _SEPARATOR.match(line):
            header_lines = [h for h in lines[max(0, number - 2):number] if h.strip()]
            if not header_lines:
                break
            body = lines[number + 1:]
            if "|" in header_lines[-1]:
                return _pipe_rows(body, header_lines[-1], source)
            header = next((h for h in header_lines if "Form Type" in h), header_lines[-1])
            return _fixed_rows(body, header)
    raise IndexParseError(f"{source}: no index column header followed by a ---- line; is this an EDGAR .idx file?")


def daily_index_path(day: dt.date, kind: str = "form") -> str:
    """URL path of a daily index file, e.g. /Archives/edgar/daily-index/2020/QTR1/form.20200318.idx."""
    quarter = (day.month - 1) // 3 + 1
    return f"/Archives/edgar/daily-index/{day.year}/QTR{quarter}/{kind}.{day:%Y%m%d}.idx"


def full_index_path(year: int, quarter: int, kind: str = "master") -> str:
    """URL path of a quarter's full index file, e.g. /Archives/edgar/full-index/1993/QTR4/master.idx."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1 to 4, got {quarter}")
    return f"/Archives/edgar/full-index/{year}/QTR{quarter}/{kind}.idx"


def daily_index_entries(client: EdgarClient, date: dt.date) -> list[IndexEntry]:
    """Filings disseminated on `date` (its form.YYYYMMDD.idx). Weekends and days without a file give []."""
    if date.weekday() >= 5:
        return []
    path = daily_index_path(date)
    try:
        body = client.get(path)
    except NotFound:
        return []
    return parse_form_index(body, source=path)


def full_index_entries(client: EdgarClient, year: int, quarter: int, date: dt.date | None = None) -> list[IndexEntry]:
    """Filings of a quarter's full master index, only those filed on `date` when given ([] if absent)."""
    path = full_index_path(year, quarter)
    try:
        body = client.get(path)
    except NotFound:
        return []
    entries = parse_form_index(body, source=path)
    if date is not None:
        wanted = date.isoformat()
        entries = [e for e in entries if e.filing_date == wanted]
    return entries


def entries_for_date(client: EdgarClient, date: dt.date) -> list[IndexEntry]:
    """Filings of one day: the daily index, or the quarter's full index before daily files existed."""
    if date < DAILY_INDEX_START:
        return full_index_entries(client, date.year, (date.month - 1) // 3 + 1, date)
    return daily_index_entries(client, date)
