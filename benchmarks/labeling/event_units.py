"""Event labels re-cut to the sentences the detector reads.

The candidates were mined with `split_sentences`, which cuts hard-wrapped plain text (pre-2001 filings, some
8-K exhibits) at line breaks: "The restatement relates to the accounting treatment of\\ncertain new product
research and development costs ... that were incorrectly" is one fragment of a sentence. The detector reads
`split_prose_sentences`, which joins such lines first. Scored on fragments, the detector is judged on text it
never sees. `detector_sentences` maps every labeled fragment to the prose sentence that holds it and merges the
fragments of one sentence into one label: the sentence asserts what any of its fragments asserts (the
fragments' labels never conflict: `detector_sentences` stops when they would), it is borderline when an asserting
fragment was, and it keeps the first fragment's id, with every fragment's id in `fragments`. Labels outside
hard-wrapped sections are left as they are.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any


def detector_sentences(rows: list[dict[str, Any]], tree: Path) -> list[dict[str, Any]]:
    """The labels with each fragment of a hard-wrapped section replaced by its prose sentence (order kept)."""
    from sec_pipeline.parsing.api import parse_path
    from sec_pipeline.signals.text import is_hard_wrapped, split_prose_sentences

    by_path: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_path[row["path"]].append(index)
    unit_of: dict[int, tuple[str, str, int, int, str]] = {}  # row index -> (path, item, start, end, text)
    for path, indexes in by_path.items():
        sections: dict[str, str] = {}
        for section in parse_path(tree / path, form=rows[indexes[0]]["form_family"]).sections:
            sections.setdefault(section.item, section.text)
        labeled = {rows[i]["item"] for i in indexes}
        # the prose sentences of each labeled hard-wrapped section, split once however many labels it holds
        prose = {item: split_prose_sentences(text) for item, text in sections.items()
                 if item in labeled and is_hard_wrapped(text)}
        for index in indexes:
            row = rows[index]
            if row["item"] not in prose or sections[row["item"]][row["start"]:row["end"]] != row["text"]:
                continue
            holding = [s for s in prose[row["item"]] if s.start <= row["start"] and row["end"] <= s.end]
            if holding and (holding[0].start, holding[0].end) != (row["start"], row["end"]):
                unit_of[index] = (path, row["item"], holding[0].start, holding[0].end, holding[0].text)
    members: dict[tuple[str, str, int, int, str], list[int]] = defaultdict(list)
    for index, unit in unit_of.items():
        members[unit].append(index)
    out: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        unit = unit_of.get(index)
        if unit is None:
            out.append(row)
        elif members[unit][0] == index:
            out.append(_merged([rows[i] for i in members[unit]], unit))
    return out


def _merged(fragments: list[dict[str, Any]], unit: tuple[str, str, int, int, str]) -> dict[str, Any]:
    """One label for the prose sentence `unit` from the labels of its fragments."""
    asserting = [f for f in fragments if f["asserts"]]
    events = {tuple(f["events"]) for f in asserting}
    if len(events) > 1:
        raise SystemExit(f"fragments {[f['id'] for f in fragments]} of one sentence assert different events "
                         f"{sorted(events)}; relabel them in the batches so that they agree")
    lead = asserting[0] if asserting else fragments[0]
    borderline = any(f["clarity"] == "borderline" for f in (asserting or fragments))
    _path, _item, start, end, text = unit
    return {**lead, "id": fragments[0]["id"], "start": start, "end": end, "text": text,
            "clarity": "borderline" if borderline else "clear", "fragments": [f["id"] for f in fragments]}
