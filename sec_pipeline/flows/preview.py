"""The day's most notable published signals as a Markdown table (shown on published_signals in Dagster).

Notable, in order: event flags (8-K items, going concern, material weakness, restatement, ...) by confidence,
then the year-over-year similarities of risk factors and MD&A from the lowest (the most changed section).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sec_pipeline.store.rows import PublishedSignal
from sec_pipeline.store.store import Store

PREVIEW_ROWS = 10
_COLUMNS = ("company", "form", "section", "family", "name", "value", "label", "confidence")


def notable(signals: Iterable[PublishedSignal], limit: int = PREVIEW_ROWS) -> list[PublishedSignal]:
    """At most `limit` signals: events by descending confidence, then similarities by ascending value."""
    rows = list(signals)
    events = sorted((s for s in rows if s["family"] == "event"), key=lambda s: -(s["confidence"] or 0.0))
    changes = sorted((s for s in rows if s["family"] == "risk_change" and s["category"] == "similarity"
                      and s["value"] is not None), key=lambda s: s["value"] or 0.0)
    return (events + changes)[:limit]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("|", "\\|").replace("\n", " ")[:60]


def notable_signals_markdown(store: Store, day: date, limit: int = PREVIEW_ROWS) -> str:
    """The Markdown table of `day`'s notable current signals, or a line saying there are none."""
    filings = {f["accession_no"]: f for f in store.get_filings(filing_date=day)}
    chosen = notable(store.get_signals(filing_date=day), limit)
    if not chosen:
        return f"No events or year-over-year changes among the signals of {day}."
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    for signal in chosen:
        filing = filings.get(signal["accession_no"])
        cells = [filing["company"] if filing else signal["accession_no"], filing["form_type"] if filing else "",
                 signal["section"], signal["family"], signal["name"], signal["value"], signal["label"],
                 signal["confidence"]]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)
