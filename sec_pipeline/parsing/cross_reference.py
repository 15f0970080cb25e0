"""Filings answered through a cross-reference index ("Form 10-K Cross-Reference Index", banks, GE, Intel).

Such a filing prints its annual report as the body, without Item headings, and ends with a table that maps
each Item to the pages (often hyperlinked) where the report answers it:

    Form 10-K Cross-Reference Index
    Item 1A. Risk Factors            Pages 48-62
    Item 7.  Management's Discussion ...
             Results of operations   Pages 5-6, 21-42
    Item 9.  Changes in and Disagreements ...   None

`mark_index_entries` flags the Item candidates that are rows of such a table; `resolve_index` replaces each
chosen row by the text of the pages (or link targets) it names, joined in document order, and says so in a
warning. Rows that name no page ("None", "Not applicable", "(a)" for the proxy statement) keep their text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from sec_pipeline.parsing.blocks import BlockText, excerpt
from sec_pipeline.parsing.headings import HEADING, SIGNATURES, Candidate
from sec_pipeline.parsing.pages import Page, PageRange, locate, page_map, page_refs, raw_blocks
from sec_pipeline.parsing.sections import Section

INDEX_HEAD = re.compile(r"cross[- ]?reference\s+(?:index|table|sheet)", re.I)
INDEX_ENTRY = "cross-reference index entry: the item is answered at the pages the index lists"
_GAP = 1500  # most characters between two rows of one index
_ROW_BLOCKS = 12  # an index row never spans more blocks than this
_LINK = re.compile(r"<a\b[^>]*?href\s*=\s*[\"']#([^\"']+)[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_RANGED = 0.3  # share of range references above which a single page number means just that page
_CONFIDENCE = 0.8  # text located through printed page numbers or links, not under a heading


def mark_index_entries(cands: list[Candidate], doc: BlockText) -> None:
    """Flag candidates inside a cross-reference index: the chain of Item rows after its heading."""
    heads = [doc.offsets[i] for i, b in enumerate(doc.blocks) if len(b.text) <= 60 and INDEX_HEAD.search(b.text)]
    for h in heads:
        last = h
        for c in cands:
            if c.offset <= h:
                continue
            if c.offset - last > _GAP:
                break
            c.xref = True
            last = c.offset


def _row_text(doc: BlockText, start: int, end: int) -> tuple[list[str], str]:
    """The lines of an index row as printed (page numbers included) and its markup, from the source."""
    markup = doc.source[start:end]
    lines: list[str] = []
    for b in raw_blocks(markup)[:_ROW_BLOCKS]:
        if SIGNATURES.match(b.text) or (lines and HEADING.match(b.text)):
            break
        lines.append(b.text)
    return lines, markup


def _row_refs(lines: list[str]) -> list[PageRange]:
    refs: list[PageRange] = []
    for k, line in enumerate(lines):
        if k == 0:
            m = HEADING.match(line)
            line = m.group("rest") if m else line
        refs += page_refs(line) or page_refs(line, bare=True)
    return refs


def _link_targets(doc: BlockText, markup: str, block_starts: list[int]) -> dict[str, int]:
    """Text offset of each link of a row, keyed by the first page label its text names."""
    out: dict[str, int] = {}
    for m in _LINK.finditer(markup):
        refs = page_refs(_TAG.sub("", m.group(2)), bare=True)
        if not refs:
            continue
        target = m.group(1)
        pos = -1
        for attr in ("id", "name"):
            for quote in "\"'":
                pos = doc.source.find(f"{attr}={quote}{target}{quote}")
                if pos >= 0:
                    break
            if pos >= 0:
                break
        if pos >= 0:
            i = bisect_left(block_starts, doc.source.rfind("<", 0, pos))
            out.setdefault(str(refs[0].first), doc.offsets[i] if i < len(doc.offsets) else len(doc.text))
    return out


def resolve_index(doc: BlockText, sections: list[Section], entries: set[int], source_offset: int) -> list[Section]:
    """Replace the sections that are index rows (their `start` in `entries`) by the text the rows point to."""
    rows = [s for s in sections if s.start in entries]
    if not rows or not doc.source:
        return sections
    index_start, index_end = min(s.start for s in rows), max(s.end for s in rows)
    parsed: dict[int, tuple[list[PageRange], dict[str, int]]] = {}
    block_starts = [b.source_start for b in doc.blocks]
    for s in rows:
        if s.start not in parsed:
            lines, markup = _row_text(doc, s.source_start - source_offset, s.source_end - source_offset)
            parsed[s.start] = (_row_refs(lines), _link_targets(doc, markup, block_starts))
    all_refs = [r for refs, _ in parsed.values() for r in refs]
    if not all_refs and not any(links for _, links in parsed.values()):
        return sections
    pages = page_map(doc) if all_refs else []
    one_page = sum(r.last is not None for r in all_refs) >= _RANGED * max(len(all_refs), 1)
    spans = {start: _spans(refs, links, pages, one_page) for start, (refs, links) in parsed.items()}
    starts = sorted({a for found in spans.values() for a, _, _ in found} | {index_start, len(doc.text)})
    out: list[Section] = []
    for s in sections:
        found = spans.get(s.start) if s.start in entries else None
        cut = _clip([(a, _next(starts, a) if b is None else min(b, _next(starts, a)) if single else b)
                     for a, b, single in found or []], index_start, index_end)
        if not cut:
            out.append(s)
            continue
        refs, _ = parsed[s.start]
        out.append(_joined_section(doc, s, cut, refs, source_offset))
    return out


def _spans(refs: list[PageRange], links: dict[str, int], pages: list[Page],
           one_page: bool) -> list[tuple[int, int | None, bool]]:
    """(start, end, single page) text spans of a row's references. End None: up to the next referenced start
    (a reference to the page an answer starts on); a single page also ends where another answer starts."""
    out: list[tuple[int, int | None, bool]] = []
    for r in refs:
        span = locate(pages, r) if pages else None
        link = links.get(str(r.first))
        if span is not None:
            start = link if link is not None and span[0] <= link < span[1] else span[0]
            out.append((start, span[1] if r.last is not None or one_page else None, r.last is None))
        elif link is not None:
            out.append((link, None, True))
    if not refs:
        out = [(at, None, True) for at in links.values()]
    return out


def _next(starts: list[int], at: int) -> int:
    return starts[bisect_left(starts, at + 1)]


def _clip(spans: list[tuple[int, int]], index_start: int, index_end: int) -> list[tuple[int, int]]:
    """Spans sorted, merged where they touch, and kept out of the index itself."""
    cut: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if index_start <= a < index_end:
            continue
        if a < index_start < b:
            b = index_start
        if cut and a <= cut[-1][1]:
            cut[-1] = (cut[-1][0], max(cut[-1][1], b))
        elif b > a:
            cut.append((a, b))
    return cut


def _joined_section(doc: BlockText, row: Section, spans: list[tuple[int, int]], refs: list[PageRange],
                    source_offset: int) -> Section:
    ex = excerpt(doc, spans, source_offset)
    named = list(dict.fromkeys(str(r) for r in refs))
    where = f"pages {', '.join(named)}" if named else "the places its links point to"
    warnings = [w for w in row.warnings if w != INDEX_ENTRY and not w.startswith("size ")]
    warnings.append(f"text found through the filing's cross-reference table ({where}); the Item has no heading "
                    "of its own")
    if len(spans) > 1:
        warnings.append(f"text joined from {len(spans)} places in the document")
    return replace(row, start=spans[0][0], end=ex.last_end, text=ex.text, char_count=len(ex.text),
                   source_start=ex.source_ranges[0][0], source_end=ex.source_ranges[-1][1],
                   source_ranges=ex.source_ranges if len(spans) > 1 else [], table_spans=ex.table_spans,
                   confidence=_CONFIDENCE, warnings=warnings)
