"""Financial PhraseBank loading and the held-out split shared by training and evaluation.

The held-out rule is deterministic and content-based, so training (signals.training) and evaluation
(quality.gold) agree on it without sharing state: a sentence is held out when the SHA-256 of its
UTF-8 text, read as an integer, is 1 modulo 5 (about a fifth of the sentences). The validation split
that chooses training recipes comes from the rest: the digest is 2 modulo 10 (a tenth of all sentences), so
it never overlaps the held-out split.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

LABELS = ("negative", "neutral", "positive")


class PhraseBankFormatError(ValueError):
    """A PhraseBank file has a line that is not `sentence@label`."""


def _digest(sentence: str) -> int:
    return int(hashlib.sha256(sentence.strip().encode("utf-8")).hexdigest(), 16)


def is_heldout(sentence: str) -> bool:
    """True when the sentence belongs to the held-out evaluation split."""
    return _digest(sentence) % 5 == 1


def is_validation(sentence: str) -> bool:
    """True when the sentence belongs to the validation split (recipe selection; never held out, never trained)."""
    return _digest(sentence) % 10 == 2


def load_phrasebank(path: str | Path) -> list[tuple[str, str]]:
    """Read a `sentence@label` file (ISO-8859-1, CRLF) into (sentence, label) pairs."""
    path = Path(path)
    pairs: list[tuple[str, str]] = []
    text = path.read_bytes().decode("iso-8859-1")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        sentence, sep, label = line.rpartition("@")
        label = label.strip().lower()
        if not sep or label not in LABELS:
            raise PhraseBankFormatError(
                f"{path}:{number}: expected 'sentence@label' with label in {LABELS}, got {line[:80]!r}"
            )
        pairs.append((sentence.strip(), label))
    return pairs
