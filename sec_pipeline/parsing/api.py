"""Entry points: one document, one full submission, or one local path, to a ParsedDocument.

Every reader goes through here: the parsed_sections asset (`parse_text` on the stored submission), and the
`parse` and `rule-signals` commands (`parse_path`). Full submissions are read by `edgar.sgml.parse_submission`,
bytes are decoded by `edgar.sgml.decode`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sec_pipeline.edgar.sgml import Submission, decode, parse_submission
from sec_pipeline.parsing.blocks import Block, BlockText, drop_noise, join_blocks, table_spans
from sec_pipeline.parsing.html_text import html_blocks
from sec_pipeline.parsing.incorporated import (
    AnnualReport,
    attach_annual_report,
    is_annual_report,
    points_to_annual_report,
)
from sec_pipeline.parsing.plain_text import text_blocks
from sec_pipeline.parsing.report_year import cover_report_year, header_report_year
from sec_pipeline.parsing.sections import Section
from sec_pipeline.parsing.segment import segment
from sec_pipeline.parsing.source import (
    SourceError,
    guess_form,
    is_full_submission,
    looks_like_html,
    read_path,
)
from sec_pipeline.vocabulary import form_family

PARSER_VERSION = "1.1"  # 1.1: source offsets of full submissions count from the start of the file
_EX99 = re.compile(r"^EX-99(?:\.\d+)?[A-Z]?$", re.I)
_IXBRL_WINDOW = 200_000
TRUNCATED_CONFIDENCE = 0.5  # the most a section that ends where truncated input ends can be trusted
_HTML_OPEN = re.compile(r"<html[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</html\s*>", re.I)


@dataclass(frozen=True)
class InlineXbrl:
    """The document of a filing that carries its inline XBRL facts."""

    filename: str
    text: str


@dataclass
class ParsedDocument:
    """Sections found in a filing, the extracted text their start/end point into, and warnings.

    `primary_document` names the document the Items come from (empty when the source names none);
    `inline_xbrl` is the document with the filing's inline XBRL facts, when it has any; `accession_no` comes
    from a full submission's header (None for a single document); `report_year` is the year of the period
    reported on (a full submission's header, as the pipeline stores it; a single document's cover page);
    `truncated` says why the input looks cut
    short (a closing tag of the submission or of an HTML document missing: the last section ends where the input
    does, with a warning and lowered confidence), else None.
    """

    form: str
    sections: list[Section]
    text: str
    warnings: list[str] = field(default_factory=list)
    declared_items: list[str] = field(default_factory=list)  # 8-K item codes declared in the header
    primary_document: str = ""
    inline_xbrl: InlineXbrl | None = None
    accession_no: str | None = None
    truncated: str | None = None
    report_year: int | None = None  # the reported period's year (`parsing.report_year`), None when not found

    def items(self) -> list[str]:
        """Item names found, in document order."""
        return [s.item for s in self.sections]


def carries_inline_xbrl(text: str) -> bool:
    """Whether a document is inline XBRL: `ix:` tags within its first 200,000 characters."""
    return "ix:" in text[:_IXBRL_WINDOW].lower()


def _inline_xbrl(filename: str, text: str) -> InlineXbrl | None:
    return InlineXbrl(filename, text) if carries_inline_xbrl(text) else None


def document_blocks(source: str) -> list[Block]:
    """Ordered, de-noised text blocks of one HTML/iXBRL or plain-text document."""
    blocks = html_blocks(source) if looks_like_html(source) else text_blocks(source)
    return drop_noise(blocks)


def document_text(source: str) -> BlockText:
    """The joined text of one document, with block offsets and the source length."""
    doc = join_blocks(document_blocks(source))
    doc.source_len = len(source)
    doc.source = source
    return doc


def parse_document(raw: bytes | str, form: str, *, filename: str | None = None) -> ParsedDocument:
    """Split one primary document (HTML, iXBRL or plain text) of a 10-K, 10-Q or 8-K into Items."""
    source = decode(raw)
    family = form_family(form)
    doc = document_text(source)
    sections = segment(doc, family, document=filename or "")
    parsed = ParsedDocument(form, sections, doc.text, _filing_warnings(sections, family, doc.text),
                            primary_document=filename or "", inline_xbrl=_inline_xbrl(filename or "", source),
                            report_year=cover_report_year(doc.text))
    return mark_truncated(parsed, html_truncation(source) if looks_like_html(source) else None)


def html_truncation(source: str) -> str | None:
    """Why an HTML document looks cut short (it opens <html> and never closes it), else None."""
    if _HTML_OPEN.search(source, 0, 20_000) and not _HTML_CLOSE.search(source, max(0, len(source) - 20_000)):
        return "the HTML document has <html> without </html>"
    return None


def mark_truncated(doc: ParsedDocument, reason: str | None) -> ParsedDocument:
    """Record truncation on `doc`: a filing warning, and on the section that ends where the input ends (the
    last one in the source) a warning and a confidence of at most TRUNCATED_CONFIDENCE."""
    if reason is None:
        return doc
    doc.truncated = reason
    doc.warnings.append(f"input truncated: {reason}")
    if doc.sections:
        last = max(doc.sections, key=lambda s: s.source_end)
        last.warnings.append(f"ends mid-item: the input is truncated ({reason})")
        last.confidence = min(last.confidence, TRUNCATED_CONFIDENCE)
    return doc


def _filing_warnings(sections: list[Section], family: str, text: str) -> list[str]:
    warnings: list[str] = []
    if not text.strip():
        warnings.append("no text extracted")
    elif not any(not s.item.startswith("EX-") for s in sections):
        warnings.append(f"no {family} items found")
    return warnings


def _exhibit_section(ex: BlockText, offset: int, item: str, title: str, source_start: int,
                     source_end: int, document: str) -> Section:
    text = ex.text
    return Section(item=item, title=title, start=offset, end=offset + len(text), source_start=source_start,
                   source_end=source_end, char_count=len(text), confidence=0.99 if text else 0.2,
                   warnings=[] if text else ["empty exhibit"], text=text, document=document,
                   table_spans=table_spans(ex, 0, len(text)))


def _append(parts: list[str], pieces: str) -> int:
    start = sum(len(p) + 2 for p in parts)
    parts.append(pieces)
    return start


def _with_annual_report(sections: list[Section], family: str, exhibits: Iterable[tuple[str, str, str, int]],
                        parts: list[str]) -> list[Section]:
    """Stubs that incorporate the annual report get its text from the submission's EX-13 documents.

    `exhibits`: (type, filename, source text, source offset) of the submission's other documents; the texts
    of the annual-report exhibits used are appended to `parts` (the filing's extracted text).
    """
    if family == "8-K" or not points_to_annual_report(sections):
        return sections
    reports = []
    for doc_type, filename, text, offset in exhibits:
        if is_annual_report(doc_type):
            doc = document_text(text)
            reports.append(AnnualReport(doc_type.upper(), filename, doc, offset, _append(parts, doc.text)))
    return attach_annual_report(sections, reports)


def parse_submission_sections(submission: Submission, form: str | None = None, *, name: str | None = None
                              ) -> ParsedDocument:
    """Sections of a parsed full submission; `form` overrides the header's form type.

    The primary document is segmented into Items; for 8-Ks every EX-99.x document becomes one section
    named after its type (``EX-99.1``). Source offsets count from the start of the decoded submission.
    """
    name = name or submission.accession_no or "<submission>"
    form = form or submission.form_type or ""
    if not form:
        raise SourceError(f"{name}: the submission header has no form type; pass it (e.g. --form 8-K)")
    family = form_family(form)
    primary = submission.primary_document
    if primary is None:
        raise SourceError(f"{name}: full submission without <DOCUMENT> sections")
    parts: list[str] = []
    doc = document_text(primary.text)
    _append(parts, doc.text)
    sections = segment(doc, family, source_offset=primary.start, document=primary.filename or "")
    sections = _with_annual_report(sections, family, ((d.type or "", d.filename or "", d.text, d.start)
                                                      for d in submission.documents if d is not primary), parts)
    if family == "8-K":
        for d in submission.documents:
            if d is primary or d.is_binary or not _EX99.match(d.type):
                continue
            ex = join_blocks(document_blocks(d.text))
            start = _append(parts, ex.text)
            src_start = d.start + (ex.blocks[0].source_start if ex.blocks else 0)
            src_end = d.start + (ex.blocks[-1].source_end if ex.blocks else 0)
            sections.append(_exhibit_section(ex, start, d.type.upper(), d.description or "",
                                             src_start, src_end, d.filename or ""))
    parsed = ParsedDocument(form, sections, "\n\n".join(parts), _filing_warnings(sections, family, parts[0]),
                            list(submission.item_codes) if family == "8-K" else [],
                            primary_document=primary.filename or "",
                            inline_xbrl=_inline_xbrl(primary.filename or "", primary.text),
                            accession_no=submission.accession_no,
                            report_year=header_report_year(submission.period_of_report))
    return mark_truncated(parsed, submission.truncated)


def parse_text(source: str, form: str | None = None, *, name: str = "<text>") -> ParsedDocument:
    """Parse decoded text: a full submission (offsets relative to it), or one HTML/plain document."""
    if is_full_submission(source):
        return parse_submission_sections(parse_submission(source), form, name=name)
    form = form or guess_form(source)
    if not form:
        raise SourceError(f"{name}: cannot tell the form; pass it (e.g. --form 10-K)")
    return parse_document(source, form, filename=Path(name).name)


def parse_path(path: str | Path, form: str | None = None) -> ParsedDocument:
    """Parse a local filing: full submission .txt, .htm/.html, plain .txt, any of them gzipped."""
    return parse_text(read_path(path), form, name=str(path))
