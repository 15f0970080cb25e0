"""Sentence splitting with character offsets, and the table-line test shared by the text extractors."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that end with a period but do not end a sentence (lower-cased, without the period).
_ABBREVIATIONS = frozenset(
    {
        "inc", "corp", "co", "ltd", "llc", "l.p", "n.a", "no", "nos", "mr", "mrs", "ms", "dr", "jr", "sr",
        "st", "vs", "v", "e.g", "i.e", "etc", "u.s", "u.k", "approx", "fig", "sec", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "dept", "est", "av", "ave",
    }
)
# A candidate boundary: terminal punctuation (optionally closed by quotes/brackets) then whitespace.
_BOUNDARY = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+")
_PARAGRAPH = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_LINE_BREAK = re.compile(r"\r?\n")
_HEADING_MAX_WORDS = 7


@dataclass(frozen=True)
class Sentence:
    """A sentence and its [start, end) character offsets in the text it was split from."""

    text: str
    start: int
    end: int


def _is_abbreviation(chunk: str) -> bool:
    match = _WORD_BEFORE.search(chunk)
    if not match:
        return False
    word = match.group(1).lower()
    # Single capital letters ("J. Smith") and known abbreviations do not end sentences.
    return word in _ABBREVIATIONS or len(word) == 1


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def _block_bounds(text: str) -> list[tuple[int, int]]:
    """(end of block, start of next block) pairs: blank lines, and line breaks after a heading line."""
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    for match in _LINE_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : match.start()].strip()
        if line and line[-1] not in ".,;:!?" and len(line.split()) <= _HEADING_MAX_WORDS:
            bounds.append((match.start(), match.end()))
    bounds.sort()
    merged: list[tuple[int, int]] = []
    for start, end in bounds:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged + [(len(text), len(text))]


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences; `text[s.start:s.end] == s.text` for every sentence returned.

    Paragraph breaks (blank lines) and line breaks after a short unpunctuated line (a heading) always
    end a sentence; inside a paragraph a sentence ends at `.`, `!`
    or `?` followed by whitespace and an upper-case letter, digit, quote or bracket, unless the period
    ends a known abbreviation ("Inc.", "U.S.") or a single initial.
    """
    sentences: list[Sentence] = []
    paragraph_start = 0
    for para_end, next_start in _block_bounds(text):
        start = paragraph_start
        for match in _BOUNDARY.finditer(text, paragraph_start, para_end):
            end_punct = match.start() + 1
            following = text[match.end() : match.end() + 1]
            if following and not (following.isupper() or following.isdigit() or following in "\"'(\u201c["):
                continue
            if text[match.start()] == "." and _is_abbreviation(text[start:end_punct]):
                continue
            _emit(text, start, match.end(), sentences)
            start = match.end()
        _emit(text, start, para_end, sentences)
        paragraph_start = next_start
    return sentences


_ALPHA_WORD = re.compile(r"[A-Za-z]{2,}")
_NUMBER = re.compile(r"[-+(]?\$?\d[\d,.]*%?\)?")


def is_table_like(line: str) -> bool:
    """True for a line that looks like a table row rather than prose.

    Heuristics: pipe or tab separated cells, runs of several spaces between cells, fewer than three
    words (headings, page numbers), or numbers making up as many tokens as words in a short line or
    twice as many in a long one.
    """
    stripped = line.strip()
    if not stripped:
        return True
    if stripped.count("|") >= 2 or stripped.count("\t") >= 2 or len(re.findall(r"\S {3,}\S", stripped)) >= 2:
        return True
    words = len(_ALPHA_WORD.findall(stripped))
    numbers = len(_NUMBER.findall(stripped))
    if words < 3:
        return True
    return numbers >= words and words < 6 or (numbers > 2 * words)
