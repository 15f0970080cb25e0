"""Reading sources: local files to text (with EDGAR's decode policy), telling a full submission from a single
document, and guessing a single document's form. Full submissions are read by `sec_pipeline.edgar.sgml`."""

from __future__ import annotations

import re
from pathlib import Path

from sec_pipeline.edgar.sgml import DecodeError, decode


class SourceError(ValueError):
    """The input cannot be read as a filing; the message names the input and the fix."""


def read_path(path: str | Path) -> str:
    """Read and decode a local file (`.gz` transparently)."""
    p = Path(path)
    if not p.is_file():
        raise SourceError(f"{p}: no such file; pass the path of a filing (.txt, .htm, .html, optionally .gz)")
    try:
        return decode(p.read_bytes())
    except DecodeError as exc:
        raise SourceError(f"{p}: {exc}") from None


def is_full_submission(text: str) -> bool:
    """True for an EDGAR full submission (SEC-DOCUMENT/IMS-DOCUMENT/SUBMISSION, possibly PEM-wrapped)."""
    head = text[:4000]
    return "<DOCUMENT>" in text[:200_000] and (
        "<SEC-DOCUMENT>" in head or "<IMS-DOCUMENT>" in head or "<SUBMISSION>" in head
        or "PRIVACY-ENHANCED MESSAGE" in head or "<SEC-HEADER>" in head
    )


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
