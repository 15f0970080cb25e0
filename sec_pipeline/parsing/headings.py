"""Item heading candidates: blocks that start like an Item heading of the form being parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sec_pipeline.parsing.blocks import Block
from sec_pipeline.vocabulary import Item

_PART = r"(?:part\s*(?P<part>iv|iii|ii|i|[1-4])\b\W{0,3}\s*)?"
_NUM_8K = r"\d{1,2}(?:\s?\.\s?\d{2})?"
_NUM = r"\d{1,2}"
_LETTER = r"(?:[a-d](?![a-z]))?"


_SUB = r"(?:\s?\([a-z0-9]{1,3}\))?"  # a sub-item such as 5.02(e)


def _heading_re(num: str) -> re.Pattern[str]:
    more = rf"(?:\s*(?:,|and|&|through|to|-|–|—)\s*(?:items?\s*)?{num}{_LETTER}(?![\d]){_SUB})*"
    return re.compile(
        rf"^{_PART}items?\s*(?P<num>{num}{_LETTER})(?![\d]){_SUB}(?P<more>{more})(?P<rest>.*)$", re.I | re.S
    )


HEADING_8K = _heading_re(_NUM_8K)
HEADING = _heading_re(_NUM)
PART_HEADING = re.compile(r"^part\s*(?P<part>iv|iii|ii|i|[1-4])\b\W*(?P<rest>.{0,100})$", re.I | re.S)
SIGNATURES = re.compile(r"^\s*signatures?\s*[.:]?\s*$|^exhibit\s+index\s*$", re.I)
_ITEM_TOKEN = re.compile(rf"(?:{_NUM_8K})(?:[a-d](?![a-z]))?", re.I)
_INNER_ITEM = re.compile(r"\bitems?\s*\d", re.I)
_PARENS = re.compile(r"\([^)]*\)")
_PROSE = re.compile(r"^[\s.:\-–—]*(?:\((?![a-z0-9]{1,3}\))|,|;|[a-z])")
_LEAD = re.compile(r"^[\s.:\-–—)]+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TOC_TAIL = re.compile(r"(?:\.{3,}|\s)\s*(?:\d{1,3}|[a-z]-\d{1,3})\s*$", re.I)


@dataclass
class Candidate:
    """A block that starts like an Item heading."""

    block: int
    offset: int  # in the joined text
    raw_items: list[str]  # numbers as written, upper-cased ("1A", "2.02")
    part: int | None
    title: str
    block_len: int
    in_table: bool
    toc_tail: bool
    items: list[str] = field(default_factory=list)  # catalog names, set by part resolution
    score: float = 0.0
    body: int = 0
    warnings: list[str] | None = None
    xref: bool = False


def _norm_num(token: str) -> str:
    return re.sub(r"\s", "", token).upper()


def find_candidates(blocks: list[Block], offsets: list[int], eight_k: bool) -> list[Candidate]:
    """Every block that starts with "Item N" (or "Part X Item N") and does not read as prose."""
    pattern = HEADING_8K if eight_k else HEADING
    out: list[Candidate] = []
    for i, b in enumerate(blocks):
        t = b.text
        if len(t) < 6 or t[0] not in "IiPp":
            continue
        m = pattern.match(t)
        part_prefix = None
        if m is None and t[0] in "Pp":
            # "PART II - OTHER INFORMATION Item 1. Legal Proceedings" in one block
            p = PART_HEADING.match(t[:110])
            inner = _INNER_ITEM.search(t, 0, 80) if p else None
            if p and inner:
                m = pattern.match(t[inner.start():])
                part_prefix = _ROMAN.get(p.group("part").lower())
        if m is None:
            continue
        rest = m.group("rest")
        if rest and _PROSE.match(rest) and not rest.lstrip(" .:-–—").startswith("["):
            continue
        nums = [_norm_num(m.group("num"))]
        if m.group("more"):
            nums += [_norm_num(x) for x in _ITEM_TOKEN.findall(_PARENS.sub("", m.group("more")))]
        title = _LEAD.sub("", rest).strip()
        if not title and i + 1 < len(blocks) and len(blocks[i + 1].text) <= 150:
            nxt = blocks[i + 1].text
            if not pattern.match(nxt) and not PART_HEADING.match(nxt):
                title = nxt
        if len(title) > 160:
            cut = title.find(". ", 0, 160)
            title = title[: cut if cut > 0 else 160]
        part = _ROMAN.get(m.group("part").lower()) if m.group("part") else part_prefix
        out.append(
            Candidate(i, offsets[i], nums, part, title, len(t), b.in_table, bool(rest and _TOC_TAIL.search(rest)))
        )
    return out


def part_markers(blocks: list[Block], offsets: list[int]) -> list[tuple[int, int]]:
    """(offset, part number) of every short "PART II ..." block."""
    out: list[tuple[int, int]] = []
    for i, b in enumerate(blocks):
        t = b.text
        if t[:1] in "Pp" and len(t) <= 110:
            m = PART_HEADING.match(t)
            if m and not re.match(r"\s*items?\b", m.group("rest"), re.I):
                out.append((offsets[i], _ROMAN[m.group("part").lower()]))
    return out


def stop_markers(blocks: list[Block], offsets: list[int]) -> list[int]:
    """Offsets of SIGNATURES and EXHIBIT INDEX headings (a section never runs past them)."""
    return [offsets[i] for i, b in enumerate(blocks) if len(b.text) <= 20 and SIGNATURES.match(b.text)]


_NON_WORD = re.compile(r"[^a-z ]+")


def matches(item: Item, title: str) -> bool:
    """True when a heading title carries one of the item's keywords."""
    if not title:
        return False
    words = _NON_WORD.sub(" ", title.lower().replace("’", "'"))
    return any(k in words for k in item.keywords)
