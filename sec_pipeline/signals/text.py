"""Sentence splitting with character offsets, and the table-line test, shared by every text extractor."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr jr sr inc corp co ltd llc lp plc no nos vs v u.s e.g i.e etc st sec jan feb mar apr jun jul aug "
    "sep sept oct nov dec approx art fig ref ex p pp".split()
)
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*\n|\n(?=\s*[A-Z(•●\-\d])|[;:]?\s*[•●]\s*")
MAX_SENTENCE_CHARS = 3000


@dataclass(frozen=True)
class Sentence:
    """One sentence and its [start, end) offsets in the source text."""

    text: str
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12): dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    # "Mr.", "Inc.", an initial "L.", or dotted initials such as "J.P." or "U.S."
    return token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token) is not None


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with offsets; line breaks before a capital, and bullets, also end a sentence."""
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.start() + (1 if text[match.start()] in ".!?" else 0)
        _emit(text, start, end, out)
        start = match.end()
    _emit(text, start, len(text), out)
    return out


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 3:
        if end - start > MAX_SENTENCE_CHARS:  # a table or list flattened into one run: cut it into pieces
            for piece in range(start, end, MAX_SENTENCE_CHARS):
                _emit(text, piece, min(end, piece + MAX_SENTENCE_CHARS), out)
            return
        out.append(Sentence(text[start:end], start, end))


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


_WRAPPED_BREAK = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)")


def is_hard_wrapped(text: str) -> bool:
    """True for plain text wrapped at a fixed width (pre-2001 EDGAR): most lines of 40-90 characters, with
    line breaks inside paragraphs rather than only between them."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 4:
        return False
    wrapped = sum(40 <= len(line.rstrip()) <= 90 for line in lines)
    return wrapped >= 0.6 * len(lines) and text.count("\n\n") < 0.5 * len(lines)


def unwrap_lines(text: str) -> str:
    """`text` with each single line break inside a paragraph replaced by a space (same length, so offsets
    into it are offsets into `text`). Breaks stay after a short line (a heading, a paragraph's last line) and
    before a bullet, an enumerator or an item heading."""
    def join(match: re.Match[str]) -> str:
        line = text[text.rfind("\n", 0, match.start()) + 1: match.start()].strip()
        following = text[match.end(): match.end() + 12].lstrip()
        if len(line) < 40 or line.isupper() or re.match(r"(?:[•●\-*]|\(?[a-z0-9]{1,3}[.)]\s|item\s+\d)",
                                                        following, re.I):
            return match.group(0)
        return " " * len(match.group(0))
    return _WRAPPED_BREAK.sub(join, text)


def split_prose_sentences(text: str) -> list[Sentence]:
    """`split_sentences` that first joins hard-wrapped lines (`is_hard_wrapped`), so that a sentence of
    fixed-width plain text is one sentence, not one per line; other text splits exactly as `split_sentences`.
    Each sentence's text is `text[start:end]` (its line breaks kept)."""
    if not is_hard_wrapped(text):
        return split_sentences(text)
    return [Sentence(text[s.start:s.end], s.start, s.end) for s in split_sentences(unwrap_lines(text))]
