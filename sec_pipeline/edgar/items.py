"""8-K item codes from the descriptive ITEM INFORMATION lines of EDGAR headers.

EDGAR headers carry the item *titles* ("Results of Operations and Financial Condition"); the codes
("2.02") are what users and the `sections` table speak. The titles are the `sec_titles` of the
vocabulary's 8-K Items; `item_code` tries the numbering of the filing's era first (items were renumbered
on 2004-08-23).
"""

from __future__ import annotations

import re

from sec_pipeline.vocabulary import (
    EIGHT_K_ITEMS,
    EIGHT_K_PRE_2004_ITEMS,
    Item,
    before_renumbering,
    eight_k_code,
)

_WORD = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower().replace("&", " and ").replace("'s", "s")))


def _index(items: tuple[Item, ...]) -> list[tuple[frozenset[str], tuple[str, ...], str]]:
    return [(frozenset(_tokens(t)), _tokens(t), item.code) for item in items for t in item.sec_titles]


_CURRENT = _index(EIGHT_K_ITEMS)
_LEGACY = _index(EIGHT_K_PRE_2004_ITEMS)


def _match(tokens: tuple[str, ...], table: list[tuple[frozenset[str], tuple[str, ...], str]]) -> str | None:
    best_code, best_score = None, 0.0
    words = frozenset(tokens)
    for title_words, title_tokens, code in table:
        if tokens == title_tokens:
            return code
        union = words | title_words
        score = len(words & title_words) / len(union) if union else 0.0
        if score > best_score:
            best_code, best_score = code, score
    return best_code if best_score >= 0.75 else None


def item_code(description: str, filing_date: str | None = None) -> str | None:
    """Map one ITEM INFORMATION line to its 8-K item code ("2.02", or "7" before 2004-08-23).

    A line that already is a code ("2.02", "Item 7") gives that code. Titles are matched on their
    words (case, punctuation and small wording changes ignored); unknown text gives None.
    """
    text = description.strip()
    if not text:
        return None
    code = eight_k_code(text)
    if code:
        return code
    tokens = _tokens(text)
    tables = (_LEGACY, _CURRENT) if before_renumbering(filing_date) else (_CURRENT, _LEGACY)
    for table in tables:
        found = _match(tokens, table)
        if found:
            return found
    return None


def item_codes(descriptions: list[str], filing_date: str | None = None) -> list[str]:
    """Codes of several ITEM INFORMATION lines, in order, unknown lines dropped, duplicates removed."""
    codes: list[str] = []
    for description in descriptions:
        code = item_code(description, filing_date)
        if code and code not in codes:
            codes.append(code)
    return codes
