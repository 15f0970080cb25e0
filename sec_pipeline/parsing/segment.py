"""Item segmentation: choose, among heading candidates, the ordered set of real Item headings.

Rules, in order: (1) candidates come only from block starts that read as headings, not prose;
(2) table-of-contents entries are recognised by their shape (a table row ending in a page number), by
density (three or more headings in a row with almost no text between them) and by repetition (an
early near-empty occurrence of an Item that appears again later); (3) the chosen headings are the
highest-scoring subsequence in the form's canonical Item order (a weighted longest increasing
subsequence, quadratic only in the number of candidates, never in the text length); (4) document order
is not item order, so a heading that the ordered choice skipped is added back when its own evidence is
strong (a heading line carrying the item's title, outside the table of contents, with text under it) and
no chosen heading answers its item; sections are in document order; (5) Item rows of a cross-reference
index get the text of the pages they name (`cross_reference`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right

from sec_pipeline.parsing.blocks import BlockText, table_spans
from sec_pipeline.parsing.cross_reference import INDEX_ENTRY, mark_index_entries, resolve_index
from sec_pipeline.parsing.headings import (
    Candidate,
    find_candidates,
    matches,
    part_markers,
    stop_markers,
)
from sec_pipeline.parsing.sections import Section
from sec_pipeline.vocabulary import Item, items_of

_TEN_Q_PART2_ONLY = {"1A", "5", "6"}
_TEN_Q_TITLE_PART: dict[str, tuple[tuple[str, int], ...]] = {
    "1": (("financial statements", 1), ("legal", 2)),
    "2": (("management", 1), ("discussion", 1), ("unregistered", 2), ("changes in securities", 2),
          ("purchases", 2), ("sales", 2)),
    "3": (("quantitative", 1), ("market risk", 1), ("defaults", 2)),
    "4": (("controls", 1), ("mine", 2), ("submission", 2), ("vote", 2), ("reserved", 2)),
}
_RESERVED = re.compile(r"\[?\s*reserved\s*\]?", re.I)
_XREF = re.compile(r"incorporated\s+(?:herein\s+)?by\s+reference|see\s+(?:the\s+)?information|"
                   r"cross[- ]reference|is\s+(?:set\s+forth|included|contained)\s+(?:in|under)", re.I)
STUB_WARNING = "cross-reference stub: the item's content is elsewhere"
_TOC_BODY = 40
_TOC_SPAN = 1500


def _resolve_items(cands: list[Candidate], family: str, specs: tuple[Item, ...],
                   parts: list[tuple[int, int]]) -> None:
    names = {s.code for s in specs}
    part_offsets = [p[0] for p in parts]
    for c in cands:
        if family == "10-Q":
            resolved = []
            for raw in c.raw_items:
                part = c.part or _ten_q_part(raw, c.title)
                if part is None:
                    i = bisect_right(part_offsets, c.offset) - 1
                    part = parts[i][1] if i >= 0 else 1
                resolved.append(f"part{part}item{raw.lower()}")
        else:
            resolved = [r for r in c.raw_items]
        c.items = [r for r in resolved if r in names]


def _ten_q_part(raw: str, title: str) -> int | None:
    if raw in _TEN_Q_PART2_ONLY:
        return 2
    t = title.lower().replace("’", "'")
    for key, part in _TEN_Q_TITLE_PART.get(raw, ()):
        if key in t:
            return part
    return None


def _score(cands: list[Candidate], specs: dict[str, Item], text_len: int) -> None:
    n = len(cands)
    for i, c in enumerate(cands):
        nxt = cands[i + 1].offset if i + 1 < n else text_len
        c.body = max(nxt - c.offset - c.block_len - (len(c.title) + 1 if c.title and c.block_len < 12 else 0), 0)
    tiny = [c.body < _TOC_BODY for c in cands]
    # a table of contents comes before the first heading with real text under it
    first_big = next((i for i, c in enumerate(cands) if c.body >= _TOC_SPAN), n)
    for i, c in enumerate(cands):
        warnings: list[str] = []
        spec = specs[c.items[0]]
        s = 1.0
        if c.title:
            if matches(spec, c.title) or _RESERVED.search(c.title[:40]):
                s += 0.4
            else:
                s -= 0.3
                warnings.append(f"heading mismatch: {c.title[:60]!r} is not the usual title {spec.title!r}")
        if c.block_len > 200:
            s -= 0.2 if matches(spec, c.title[:80]) else 0.7
        if c.in_table and c.toc_tail:
            s -= 2.0
        elif c.toc_tail and c.body < _TOC_BODY:
            s -= 1.0
        run = 1
        j = i - 1
        while j >= 0 and tiny[j] and run < 5:
            run, j = run + 1, j - 1
        j = i + 1
        if tiny[i]:
            while j < n and tiny[j - 1] and run < 5:
                run, j = run + 1, j + 1
        repeated = tiny[i] and any(set(c.items) & set(o.items) for o in cands[i + 1:])
        if repeated:
            s -= 2.0 if run >= 3 else 1.5
        elif tiny[i] and run >= 5 and (c.in_table or c.toc_tail):
            s -= 1.5
        elif i < first_big and _restarts(cands, i):
            s -= 1.5
        if c.xref and not repeated:
            s = max(s, 0.0) + 0.6
            warnings.append(INDEX_ENTRY)
        if c.body >= 200:
            s += 0.1  # between equal headings, one with text under it; among those, the earliest wins
        c.score = s
        c.warnings = warnings


def _toc_neighbours(cands: list[Candidate]) -> None:
    """A table row next to rows already taken as table of contents is a TOC row too, even when the Item
    it lists never gets a heading of its own (e.g. a 10-Q whose statements follow a bare PART I heading)."""
    toc = [c.score <= 0 and c.body < _TOC_BODY and c.in_table for c in cands]
    for i, c in enumerate(cands):
        if c.score > 0 and c.in_table and not c.xref and c.body < _TOC_SPAN and (
                (i + 1 < len(cands) and toc[i + 1]) or (i > 0 and toc[i - 1])):
            c.score -= 1.5


def _restarts(cands: list[Candidate], i: int) -> bool:
    """True when the item of candidate i comes back later, with a longer body, after headings of at least
    two other items: the shape of a table of contents followed by the body it lists."""
    c = cands[i]
    others: set[str] = set()
    for o in cands[i + 1:]:
        if set(o.items) & set(c.items):
            if len(others) >= 2 and o.body > c.body:
                return True
            continue
        others.update(o.items or [])
    return False


_MAX_POOL = 1500


def _choose(cands: list[Candidate], order: dict[str, int]) -> list[Candidate]:
    pool = [c for c in cands if c.score > 0]
    if len(pool) > _MAX_POOL:  # bound the quadratic step: keep the first of each run of one item
        pool = [c for k, c in enumerate(pool) if k == 0 or c.items != pool[k - 1].items][:_MAX_POOL]
    first = [order[c.items[0]] for c in pool]
    last = [order[c.items[-1]] for c in pool]
    best = [0.0] * len(pool)
    prev = [-1] * len(pool)
    for i in range(len(pool)):
        best[i] = pool[i].score
        for j in range(i):
            if last[j] < first[i] and best[j] + pool[i].score > best[i]:
                best[i] = best[j] + pool[i].score
                prev[i] = j
    if not pool:
        return []
    i = max(range(len(pool)), key=lambda k: (best[k], -k))
    chosen: list[Candidate] = []
    while i >= 0:
        chosen.append(pool[i])
        i = prev[i]
    return chosen[::-1]


def segment(doc: BlockText, family: str, source_offset: int = 0, document: str = "") -> list[Section]:
    """Split one document's blocks into Item sections of `family` ('10-K', '10-Q' or '8-K')."""
    eight_k = family == "8-K"
    blocks, offsets, text = doc.blocks, doc.offsets, doc.text
    cands = find_candidates(blocks, offsets, eight_k)
    old_8k = eight_k and not any("." in r for c in cands for r in c.raw_items)
    if eight_k and not old_8k:
        cands = [c for c in cands if all("." in r for r in c.raw_items)]
    specs = items_of(family, pre_2004=old_8k)
    spec_by_name = {s.code: s for s in specs}
    parts = part_markers(blocks, offsets)
    _resolve_items(cands, family, specs, parts)
    cands = [c for c in cands if c.items]
    if not cands:
        return []
    mark_index_entries(cands, doc)
    _score(cands, spec_by_name, len(text))
    if not eight_k:
        _toc_neighbours(cands)
    chosen = _choose(cands, {s.code: k for k, s in enumerate(specs)})
    chosen = _with_out_of_order(chosen, cands)
    if family == "10-Q":
        chosen = _implied_part1_item1(chosen, cands, parts, blocks, offsets)
    # 8-K items end at SIGNATURES; a 10-K/10-Q's last item runs to the end of the document (the exhibit
    # index and signatures belong to Item 15 / Part II Item 6, as in the sec-parser labels).
    stops = sorted([p[0] for p in parts] + (stop_markers(blocks, offsets) if eight_k else []))
    sections = _build(doc, chosen, stops, spec_by_name, source_offset, document, stub_check=not eight_k)
    entries = {c.offset for c in chosen if c.xref}
    return resolve_index(doc, sections, entries, source_offset) if entries and not eight_k else sections


_STRONG = 1.3  # a heading line whose title carries the item's keywords, with no table-of-contents mark


def _with_out_of_order(chosen: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """Add the real headings that the ordered choice skipped because they come out of numeric order.

    Document order is not item order: an 8-K may report Item 9 before Item 7, a 10-Q may print Part I
    Item 1 after Item 2. A skipped candidate is kept when its evidence is that of a heading (its title
    matches the item, it is not a table-of-contents row or a repeated early entry, text follows it) and
    no chosen heading already answers its item. The result is in document order.
    """
    taken = {name for c in chosen for name in c.items}
    chosen_ids = {id(c) for c in chosen}
    extra: list[Candidate] = []
    for c in cands:
        if id(c) in chosen_ids or c.xref or c.score < _STRONG or c.body < _TOC_BODY:
            continue
        if taken.isdisjoint(c.items):
            before = [o for o in chosen if o.offset < c.offset]
            after = next((o for o in chosen if o.offset > c.offset), None)
            where = (f"after Item {before[-1].raw_items[0]}" if before
                     else f"before Item {after.raw_items[0]}" if after is not None else None)
            if where:
                c.warnings = [*(c.warnings or []), f"out of numeric order: the heading comes {where}"]
            extra.append(c)
            taken.update(c.items)
    if not extra:
        return chosen
    return sorted(chosen + extra, key=lambda c: c.offset)


def _implied_part1_item1(chosen: list[Candidate], cands: list[Candidate], parts: list[tuple[int, int]],
                         blocks: list, offsets: list[int]) -> list[Candidate]:
    """A 10-Q whose Part I has no "Item 1" heading: its financial statements are still Part I Item 1.

    The section starts at the last "PART I" heading before the first chosen heading; when that heading
    belongs to a table of contents (another PART heading or TOC rows follow before any text), it starts
    after the last of those TOC lines instead. It needs at least 2,000 characters before the first
    chosen heading.
    """
    if not chosen or any(c.items and c.items[0] == "part1item1" for c in chosen):
        return chosen
    first = chosen[0].offset
    part1 = [off for off, p in parts if p == 1 and off < first]
    if not part1:
        return chosen
    off = part1[-1]
    note = "no Item 1 heading: the section starts at the PART I heading"
    later = sorted([o for o, _ in parts if off < o < first] + [c.offset for c in cands if off < c.offset < first])
    chain = off
    for o in later:  # TOC lines follow each other closely; body headings come after real text
        if o - chain > _TOC_SPAN:
            break
        chain = o
    if chain > off:  # the PART I heading is part of a table of contents: start after its last line
        i = offsets.index(chain) + 1
        if i >= len(blocks):
            return chosen
        off = offsets[i]
        note = "no Item 1 heading: the section starts after the table of contents"
    if first - off < 2000:
        return chosen
    i = offsets.index(off)
    c = Candidate(i, off, ["1"], 1, "Financial Statements", 0, blocks[i].in_table, False,
                  items=["part1item1"], score=0.5, warnings=[note])
    return [c, *chosen]


def _build(doc: BlockText, chosen: list[Candidate], stops: list[int], specs: dict[str, Item],
           source_offset: int, document: str, stub_check: bool = True) -> list[Section]:
    text = doc.text
    sections: list[Section] = []
    for k, c in enumerate(chosen):
        end = chosen[k + 1].offset if k + 1 < len(chosen) else len(text)
        s = bisect_right(stops, c.offset)
        if s < len(stops) and stops[s] < end:
            end = stops[s]
        end = max(end, c.offset)
        body = text[c.offset:end].rstrip()
        end = c.offset + len(body)
        src_start = doc.source_offset(c.offset) + source_offset
        src_end = (doc.source_offset(end + 1) if end + 1 < len(text) else _doc_end(doc)) + source_offset
        tables = table_spans(doc, c.offset, end)
        for name in c.items:
            spec = specs[name]
            warnings = list(c.warnings or [])
            conf = 1.0 / (1.0 + math.exp(-3.0 * (c.score - 0.4)))
            head = c.title[:60]
            if _RESERVED.fullmatch(head.strip(" .")) or head.lower().startswith("[reserved"):
                warnings.append("reserved")
            elif not spec.parse_band[0] <= len(body) <= spec.parse_band[1]:
                low, high = spec.parse_band
                warnings.append(f"size {len(body)} chars outside the usual band {low}-{high}")
                conf *= 0.7
            if stub_check and len(body) < 1500 and _XREF.search(body):
                warnings.append(STUB_WARNING)
            if len(c.items) > 1:
                warnings.append(f"combined heading: items {', '.join(c.items)} share one section")
            sections.append(Section(
                item=name, title=c.title, start=c.offset, end=end, source_start=src_start,
                source_end=src_end, char_count=len(body), confidence=round(conf, 3), warnings=warnings,
                text=body, document=document, table_spans=list(tables),
            ))
    return sections


def _doc_end(doc: BlockText) -> int:
    """Where the last section ends in the source: the document's end (closing markup included)."""
    return doc.source_len or (doc.blocks[-1].source_end if doc.blocks else 0)
