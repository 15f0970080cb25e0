"""Reading sources: bytes to text, gzip, full-submission documents with their offsets, form guessing."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path


class SourceError(ValueError):
    """The input cannot be read as a filing; the message names the input and the fix."""


def decode(raw: bytes | str) -> str:
    """Decode filing bytes: UTF-8 when valid, else Windows-1252 (EDGAR's usual legacy encoding)."""
    if isinstance(raw, str):
        return raw
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_path(path: str | Path) -> str:
    """Read and decode a local file (`.gz` transparently)."""
    p = Path(path)
    if not p.is_file():
        raise SourceError(f"{p}: no such file; pass the path of a filing (.txt, .htm, .html, optionally .gz)")
    return decode(p.read_bytes())


@dataclass
class SubDocument:
    """One `<DOCUMENT>` of a full submission: its metadata and the span of its `<TEXT>` body."""

    type: str
    sequence: str
    filename: str
    description: str
    start: int
    end: int


@dataclass
class SubmissionView:
    """A full submission located in its text: form type, declared 8-K items, documents with offsets."""

    form_type: str
    filing_date: str | None = None
    items: list[str] = field(default_factory=list)
    documents: list[SubDocument] = field(default_factory=list)


# Tags are read wherever they stand: one per line, or run together on one line as some dissemination-feed
# (.nc) files print them ("<ACCESSION-NUMBER>...<TYPE>8-K<PUBLIC-DOCUMENT-COUNT>14<ITEMS>5.02<ITEMS>9.01").
_META = re.compile(r"<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^\n<]*)")
_FORM = re.compile(r"CONFORMED SUBMISSION TYPE:\s*(\S+)|<TYPE>\s*([^\s<]+)")
_FILED = re.compile(r"(?:FILED AS OF DATE:|<FILING-DATE>)\s*(\d{4})(\d{2})(\d{2})")
# "ITEM INFORMATION:" lines of an SEC header, or "<ITEMS>2.02" tags of a dissemination feed (.nc) header
_ITEM_INFO = re.compile(r"^[ \t]*ITEM INFORMATION:[ \t]*(\S[^\n]*?)[ \t]*$|<ITEMS>[ \t]*([^\n<]*[^\s<])", re.M)


def is_full_submission(text: str) -> bool:
    """True for an EDGAR full submission (SEC-DOCUMENT/IMS-DOCUMENT/SUBMISSION, possibly PEM-wrapped)."""
    head = text[:4000]
    return "<DOCUMENT>" in text[:200_000] and (
        "<SEC-DOCUMENT>" in head or "<IMS-DOCUMENT>" in head or "<SUBMISSION>" in head
        or "PRIVACY-ENHANCED MESSAGE" in head or "<SEC-HEADER>" in head
    )


def locate_submission(text: str) -> SubmissionView:
    """Find the form type, ITEM INFORMATION lines and every document's `<TEXT>` span."""
    header_end = text.find("<DOCUMENT>")
    header = text[: header_end if header_end >= 0 else 20_000]
    m = _FORM.search(header)
    form = (m.group(1) or m.group(2)) if m else ""
    filed = _FILED.search(header)
    view = SubmissionView(form_type=form, filing_date="-".join(filed.groups()) if filed else None,
                          items=[line or tag for line, tag in _ITEM_INFO.findall(header)])
    pos = header_end
    while pos >= 0:
        end = text.find("</DOCUMENT>", pos)
        end = len(text) if end < 0 else end
        t0 = text.find("<TEXT>", pos, end)
        body_start = (t0 + len("<TEXT>")) if t0 >= 0 else pos
        t1 = text.rfind("</TEXT>", body_start, end)
        body_end = t1 if t1 >= 0 else end
        meta = {k: v.strip() for k, v in _META.findall(text, pos, body_start)}
        view.documents.append(SubDocument(
            meta.get("TYPE", ""), meta.get("SEQUENCE", ""), meta.get("FILENAME", ""),
            meta.get("DESCRIPTION", ""), body_start, body_end,
        ))
        pos = text.find("<DOCUMENT>", end)
    return view


_SPACE = r"(?:\s|&nbsp;|&#160;|&#xa0;|<[^>]{0,200}>)*"
_FORM_NAME = r"(10-?K(?:405|SB|T)?|10-?Q(?:SB)?|8-?K)\b"
_DOC_FORM_UPPER = re.compile(rf"FORM{_SPACE}{_FORM_NAME}")  # the cover page's "FORM 10-Q"
_DOC_FORM = re.compile(rf"FORM{_SPACE}{_FORM_NAME}", re.I)  # else any "Form 10-K" mention
_TYPE_LINE = re.compile(r"^\s*(?:<DOCUMENT>\s*)?<TYPE>[ \t]*([0-9A-Za-z/-]+)", re.I)
_DEI_TYPE = re.compile(r"dei:DocumentType[^>]*>\s*(?:<[^>]+>\s*)*([0-9A-Za-z/-]+)", re.I)


def guess_form(text: str) -> str | None:
    """The form of a single document: its `<TYPE>` line, the iXBRL dei:DocumentType, else the cover's
    "FORM 10-Q" (upper case first, since the text also mentions other forms, e.g. "our Form 10-K")."""
    body = max(text.find("</ix:header>"), 0)
    for pattern, start, end in ((_TYPE_LINE, 0, 300), (_DEI_TYPE, 0, len(text)),
                                (_DOC_FORM_UPPER, body, body + 60_000), (_DOC_FORM, body, body + 60_000)):
        m = pattern.search(text, start, end)
        if m:
            f = m.group(1).upper()
            return f if "-" in f else re.sub(r"^(10|8)", r"\1-", f)
    return None


_HTML_TAG = re.compile(r"<(?:html|body|div|p|tr|td|font|br|span|center|h[1-6])[\s>/]", re.I)


def looks_like_html(text: str) -> bool:
    """True when the document is HTML (tags in its first part), not plain text."""
    return _HTML_TAG.search(text, 0, 20_000) is not None
