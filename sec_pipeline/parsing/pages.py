"""Printed pages of a document, and page references ("Pages 3-9, 20", "pages 32 to 39", "F-1 to F-45").

A filing keeps the page numbers of the printed report it was typeset from: a number (or a running footer
ending in one, "Acme Corp 2023 Annual Report 67") just before each page break, or just after it in a header.
`page_map` finds the pages of a document and the labels that a consistent sequence confirms, so that a
reference to printed pages (a cross-reference index, an Item "set forth on pages 32 to 39 of the Annual
Report") can be turned into text offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from sec_pipeline.parsing.blocks import Block, BlockText
from sec_pipeline.parsing.html_text import html_blocks
from sec_pipeline.parsing.plain_text import text_blocks
from sec_pipeline.parsing.source import looks_like_html

_NUMBER = r"(?:(?P<prefix>[A-Z]{1,2})\s?[-–]\s?)?(?P<n>\d{1,3})"
_BARE_NUMBER = re.compile(rf"^(?:page\s+)?[-–]?\s*{_NUMBER}\s*[-–]?$", re.I)
_RUNNING_FOOTER = re.compile(rf"^\D.{{2,90}}?(?:\s|\|){_NUMBER}$", re.I)
_REF = r"(?:[A-Z]{1,2}\s?[-–]\s?)?\d{1,3}(?!\d|,\d)"
_RANGE = re.compile(rf"(?P<a>{_REF})(?:\s*(?:-|–|—|to|through|thru)\s*(?P<b>{_REF}))?", re.I)
_LIST = rf"{_REF}(?:\s*(?:-|–|—|to|through|thru)\s*{_REF})?(?:\s*(?:,|;|and|&)\s*{_REF}(?:\s*(?:-|–|—|to|through|thru)\s*{_REF})?)*"
_AFTER_KEYWORD = re.compile(rf"\bpages?\s*(?P<list>{_LIST})", re.I)
_ONLY_REFS = re.compile(rf"^\s*(?:pages?\s*)?(?P<list>{_LIST})\s*(?:\([a-z0-9]\)|\*+)?\s*$", re.I)


@dataclass(frozen=True)
class PageLabel:
    """A printed page number: an optional series prefix ("F" for F-12) and the number."""

    prefix: str
    number: int

    def __str__(self) -> str:
        return f"{self.prefix}-{self.number}" if self.prefix else str(self.number)


@dataclass(frozen=True)
class PageRange:
    """Printed pages `first` to `last`; `last` is None for a reference to one page ("Page 28")."""

    first: PageLabel
    last: PageLabel | None = None

    def __str__(self) -> str:
        return f"{self.first}-{self.last}" if self.last else str(self.first)


@dataclass(frozen=True)
class Page:
    """One printed page: its label (None when no number could be read or inferred) and its text span."""

    label: PageLabel | None
    start: int  # offset in the document's joined text
    end: int


def _label(token: str) -> PageLabel:
    m = re.fullmatch(rf"\s*{_NUMBER}\s*", token, re.I)
    if m is None:
        raise ValueError(f"not a page number: {token!r}")
    return PageLabel((m.group("prefix") or "").upper(), int(m.group("n")))


def page_refs(text: str, *, bare: bool = False) -> list[PageRange]:
    """Page references in `text`: those after "page"/"pages", and with `bare` also a text made only of them."""
    lists = [m.group("list") for m in _AFTER_KEYWORD.finditer(text)]
    if bare and not lists:
        m = _ONLY_REFS.match(text)
        lists = [m.group("list")] if m else []
    out: list[PageRange] = []
    for chunk in lists:
        for m in _RANGE.finditer(chunk):
            first = _label(m.group("a"))
            last = _label(m.group("b")) if m.group("b") else None
            if last is not None and last.prefix == "" and first.prefix:
                last = PageLabel(first.prefix, last.number)  # "F-1 to 45"
            if last is not None and (last.prefix != first.prefix or last.number < first.number):
                last = None
            out.append(PageRange(first, last))
    return out


def raw_blocks(source: str) -> list[Block]:
    """Text blocks of a document (or a piece of one) with page numbers and running footers still in."""
    return html_blocks(source) if looks_like_html(source) else text_blocks(source)


def _read_label(page: list[Block]) -> PageLabel | None:
    """The page number printed in a page's footer (its last lines) or, failing that, its header."""
    tail, head = page[-3:][::-1], page[:2]
    for blocks, pattern in ((tail, _BARE_NUMBER), (head, _BARE_NUMBER), (tail[:2], _RUNNING_FOOTER)):
        for b in blocks:
            if len(b.text) <= 100 and not (pattern is _RUNNING_FOOTER and b.in_table):
                m = pattern.match(b.text)
                if m:
                    return PageLabel((m.group("prefix") or "").upper(), int(m.group("n")))
    return None


def _confirmed(labels: list[PageLabel | None]) -> list[PageLabel | None]:
    """Keep the labels that a neighbouring label confirms (same series, numbers step with the pages), then
    number the other pages after a confirmed one by counting on from it (a missing or misread footer)."""
    known = [(i, x) for i, x in enumerate(labels) if x is not None]
    keep: list[PageLabel | None] = [None] * len(labels)
    for k, (i, x) in enumerate(known):
        for j, y in known[max(k - 1, 0):k] + known[k + 1:k + 2]:
            if y.prefix == x.prefix and y.number - x.number == j - i:
                keep[i] = x
                break
    last: tuple[int, PageLabel] | None = None
    for i, label in enumerate(keep):
        if label is not None:
            last = (i, label)
        elif last is not None:
            keep[i] = PageLabel(last[1].prefix, last[1].number + i - last[0])
    return keep


def page_map(doc: BlockText) -> list[Page]:
    """The printed pages of a document (`doc.source` must hold its source), in document order."""
    if not doc.source or not doc.blocks:
        return []
    raw = raw_blocks(doc.source)
    pages: list[list[Block]] = []
    for b in raw:
        if b.page_break_before or not pages:
            pages.append([])
        pages[-1].append(b)
    labels = _confirmed([_read_label(p) for p in pages])
    kept_starts = [b.source_start for b in doc.blocks]
    starts = []
    for p in pages:
        i = bisect_left(kept_starts, p[0].source_start)
        starts.append(doc.offsets[i] if i < len(doc.offsets) else len(doc.text))
    out: list[Page] = []
    for k in range(len(pages)):
        end = starts[k + 1] if k + 1 < len(pages) else len(doc.text)
        if end > starts[k] or labels[k] is not None:
            out.append(Page(labels[k], starts[k], max(end, starts[k])))
    return out


def locate(pages: list[Page], ref: PageRange) -> tuple[int, int] | None:
    """Text span of the printed pages `ref` names (a single page gives that page), or None.

    When a label occurs more than once (a table of contents, a second numbering), the longest run of
    consecutive pages inside the range wins (a printed page split by an unnumbered break counts once).
    """
    last = ref.last or ref.first
    runs: list[list[Page]] = []
    for p in pages:
        label = p.label
        if label is None or label.prefix != ref.first.prefix or not ref.first.number <= label.number <= last.number:
            continue
        previous = runs[-1][-1].label if runs else None
        if previous is not None and 0 <= label.number - previous.number <= 1:  # a page may be split
            runs[-1].append(p)
        else:
            runs.append([p])
    if not runs:
        return None
    best = max(runs, key=len)
    return best[0].start, best[-1].end
