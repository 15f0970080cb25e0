"""Ordered text blocks: the common output of the HTML and plain-text extractors.

A block is one visual line or paragraph of the document (a paragraph, a table row, a heading, a line of
a plain-text filing) with the character span it came from in the decoded source document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field


@dataclass(slots=True)
class Block:
    """One paragraph-like unit of text, with its span in the decoded source document."""

    text: str
    source_start: int
    source_end: int
    in_table: bool = False
    bold: bool = False
    page_break_before: bool = False


@dataclass(slots=True)
class BlockText:
    """The blocks joined into one text (blocks separated by newlines) and each block's text offset."""

    text: str
    blocks: list[Block]
    offsets: list[int] = field(default_factory=list)  # start of each block in `text`
    source_len: int = 0  # length of the source document (0: unknown, use the last block's end)
    source: str = ""  # the decoded source document, when known (page numbers and link targets are read there)

    def source_offset(self, text_offset: int) -> int:
        """Source offset of the block that contains (or starts after) `text_offset`."""
        from bisect import bisect_right

        i = max(bisect_right(self.offsets, text_offset) - 1, 0)
        if i >= len(self.blocks):
            return self.blocks[-1].source_end if self.blocks else 0
        return self.blocks[i].source_start


_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?:-\s*)?(?:\d{1,3}|[ivxlc]{1,7}|[a-z]-\d{1,3}|f-\s?\d{1,3})(?:\s*-)?$"
    r"|^(?:table\s+of\s+contents|index|back\s+to\s+contents|return\s+to\s+table\s+of\s+contents)$"
    r"|^part\s+[ivx]{1,3}\s*[-–|]?\s*(?:page\s+)?\d{1,3}$",
    re.IGNORECASE,
)
_ITEM_START = re.compile(r"^\s*(?:part\s+[ivx]+\W*)?items?\s*\d", re.IGNORECASE)


def is_page_noise(text: str) -> bool:
    """True for page numbers ("12", "F-3", "iv", "Page 7") and back-links ("Table of Contents")."""
    return len(text) <= 40 and _PAGE_NUMBER.match(text.strip()) is not None


def drop_noise(blocks: list[Block]) -> list[Block]:
    """Remove page numbers, back-links and running page headers/footers.

    A running header is a short line repeated at least four times, most of whose occurrences sit next to
    a page break; item headings are never dropped (they are disambiguated later, not here).
    """
    kept: list[Block] = []
    pending_break = False
    for b in blocks:
        if is_page_noise(b.text):
            pending_break = True
            continue
        if pending_break:
            b.page_break_before = True
            pending_break = False
        kept.append(b)
    counts = Counter(b.text for b in kept if len(b.text) <= 100)
    repeated = {t for t, n in counts.items() if n >= 4 and not _ITEM_START.match(t)}
    if not repeated:
        return kept
    near_break: Counter[str] = Counter()
    for i, b in enumerate(kept):
        if b.text in repeated:
            window = kept[max(i - 1, 0): i + 2]
            if any(x.page_break_before for x in window):
                near_break[b.text] += 1
    noise = {t for t in repeated if near_break[t] * 2 >= counts[t]}
    out: list[Block] = []
    carry = False
    for b in kept:
        if b.text in noise:
            carry = True
            continue
        if carry:
            b.page_break_before = True
            carry = False
        out.append(b)
    return out


def table_spans(doc: BlockText, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets, relative to `start`, of the table blocks inside doc.text[start:end]."""
    from bisect import bisect_left

    spans: list[tuple[int, int]] = []
    i = bisect_left(doc.offsets, start)
    while i < len(doc.blocks) and doc.offsets[i] < end:
        b = doc.blocks[i]
        if b.in_table:
            a, z = doc.offsets[i] - start, min(doc.offsets[i] + len(b.text) + 1, end) - start
            if spans and spans[-1][1] >= a:
                spans[-1] = (spans[-1][0], z)
            else:
                spans.append((a, z))
        i += 1
    return spans


@dataclass(frozen=True)
class Excerpt:
    """Pieces of a document's text joined with newlines: the text, its table lines, each piece's source span."""

    text: str
    table_spans: list[tuple[int, int]]
    source_ranges: list[tuple[int, int]]  # (start, end) in the source, shifted by the caller's source offset
    last_end: int  # where the last piece ends in doc.text


def excerpt(doc: BlockText, spans: list[tuple[int, int]], source_offset: int = 0) -> Excerpt:
    """The text of `spans` (sorted, non-overlapping offsets in doc.text), each piece right-stripped."""
    parts: list[str] = []
    tables: list[tuple[int, int]] = []
    ranges: list[tuple[int, int]] = []
    pos, end = 0, 0
    for a, b in spans:
        body = doc.text[a:b].rstrip()
        end = a + len(body)
        tables += [(x + pos, y + pos) for x, y in table_spans(doc, a, end)]
        src_end = doc.source_offset(end + 1) if end + 1 < len(doc.text) else (doc.source_len or len(doc.source))
        ranges.append((doc.source_offset(a) + source_offset, src_end + source_offset))
        parts.append(body)
        pos += len(body) + 1
    return Excerpt("\n".join(parts), tables, ranges, end)


def join_blocks(blocks: list[Block]) -> BlockText:
    """Join blocks with newlines, recording where each block starts in the joined text."""
    offsets: list[int] = []
    pos = 0
    for b in blocks:
        offsets.append(pos)
        pos += len(b.text) + 1
    return BlockText("\n".join(b.text for b in blocks), blocks, offsets)
