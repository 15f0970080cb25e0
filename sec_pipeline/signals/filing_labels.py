"""The filing-sentiment labels the package carries (signals/labels/filing_sentiment) and their splits.

Sentences from 10-K/10-Q MD&A and risk factors and 8-K press releases, labeled positive/negative/neutral in
the Financial PhraseBank sense with a clarity flag (clear / borderline); train, validation and test are split
by company (see that folder's README), so the test split scores a model on companies it never saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LABELS_FILE = Path(__file__).parent / "labels" / "filing_sentiment" / "labels.jsonl"
SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class FilingSentence:
    """One labeled filing sentence: its text, label, clarity, company-disjoint split and where it came from."""

    text: str
    label: str
    clarity: str
    split: str
    company: str
    form: str
    section_kind: str


def load_filing_labels(path: str | Path = LABELS_FILE) -> list[FilingSentence]:
    """Read a labels.jsonl file (default: the carried one); a malformed line is a ValueError naming it."""
    path = Path(path)
    records: list[FilingSentence] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                record = FilingSentence(row["text"], row["label"], row["clarity"], row["split"], str(row["cik"]),
                                        row["form"], row["section_kind"])
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a filing-sentiment label row ({exc})") from exc
            if record.split not in SPLITS or record.label not in ("positive", "negative", "neutral"):
                raise ValueError(f"{path}:{number}: split {record.split!r} / label {record.label!r} unknown")
            records.append(record)
    return records


def in_split(records: list[FilingSentence], split: str, clear_only: bool = False) -> list[FilingSentence]:
    """The records of one split, optionally only the clearly labeled ones."""
    if split not in SPLITS:
        raise ValueError(f"split {split!r} must be one of {SPLITS}")
    return [r for r in records if r.split == split and (not clear_only or r.clarity == "clear")]
