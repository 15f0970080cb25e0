"""EDGAR's "latest filings" Atom feed (getcurrent)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from sec_pipeline.edgar.client import EdgarClient

_ATOM = "{http://www.w3.org/2005/Atom}"
_TITLE = re.compile(r"^(?P<form>.+?) - (?P<company>.*) \((?P<cik>\d+)\) \((?P<role>[^)]*)\)\s*$")
_ACCESSION = re.compile(r"accession-number=(\d{10}-\d{2}-\d{6})")
_FILED = re.compile(r"Filed:\s*(?:</b>)?\s*(\d{4}-\d{2}-\d{2})")
_ITEM = re.compile(r"Item (\d{1,2}\.\d{2})")


class FeedFormatError(ValueError):
    """The getcurrent answer is not the Atom feed this parser reads; the message says why."""


@dataclass(frozen=True)
class FeedEntry:
    """One filing announced by the getcurrent feed."""

    accession_no: str
    form_type: str
    cik: str
    company: str
    filing_date: str | None
    updated: str
    role: str
    url: str | None
    items: list[str]


def getcurrent_path(form: str = "8-K", start: int = 0, count: int = 100) -> str:
    """The getcurrent Atom URL path for one page (EDGAR serves at most 100 entries a page)."""
    if not 1 <= count <= 100:
        raise ValueError(f"count must be 1 to 100 (EDGAR's page size limit), got {count}")
    query = urlencode({"action": "getcurrent", "type": form, "company": "", "dateb": "", "owner": "include",
                       "start": start, "count": count, "output": "atom"})
    return f"/cgi-bin/browse-edgar?{query}"


def _text(entry: Element, tag: str) -> str:
    node = entry.find(f"{_ATOM}{tag}")
    return (node.text or "").strip() if node is not None else ""


def parse_getcurrent_atom(body: bytes | str) -> list[FeedEntry]:
    """Entries of one getcurrent Atom page (parsed with defusedxml: no entities, no network)."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise FeedFormatError(f"getcurrent answer is not XML: {exc}") from exc
    if root.tag != f"{_ATOM}feed":
        raise FeedFormatError(f"getcurrent answer is a <{root.tag}>, not an Atom <feed>; was output=atom set?")
    entries = []
    for entry in root.iter(f"{_ATOM}entry"):
        title = _TITLE.match(_text(entry, "title"))
        accession = _ACCESSION.search(_text(entry, "id"))
        if not title or not accession:
            continue
        summary = _text(entry, "summary")
        filed = _FILED.search(summary)
        link = entry.find(f"{_ATOM}link")
        category = entry.find(f"{_ATOM}category")
        term = category.get("term") if category is not None else None
        form = term or title.group("form")
        entries.append(FeedEntry(
            accession_no=accession.group(1), form_type=form.strip(), cik=title.group("cik").lstrip("0"),
            company=title.group("company").strip(), filing_date=filed.group(1) if filed else None,
            updated=_text(entry, "updated"), role=title.group("role"),
            url=link.get("href") if link is not None else None, items=_ITEM.findall(summary),
        ))
    return entries


def current_filings(
    client: EdgarClient, form: str = "8-K", page_size: int = 100, max_entries: int | None = None
) -> list[FeedEntry]:
    """All entries of the getcurrent feed for `form`, newest first, paged; each accession once.

    One filing with several filers appears once per filer in the feed; only the first is kept.
    """
    seen: set[str] = set()
    found: list[FeedEntry] = []
    start = 0
    while True:
        page = parse_getcurrent_atom(client.get(getcurrent_path(form, start, page_size)))
        for entry in page:
            if entry.accession_no not in seen:
                seen.add(entry.accession_no)
                found.append(entry)
                if max_entries is not None and len(found) >= max_entries:
                    return found
        if len(page) < page_size:
            return found
        start += page_size
