"""The notable signals of a day: events by confidence, then the most changed sections."""

from __future__ import annotations

from sec_pipeline.flows.preview import notable


def _signal(family: str, name: str, value: float | None, confidence: float | None = None,
            category: str = "similarity") -> dict:
    return {"family": family, "name": name, "value": value, "confidence": confidence, "category": category}


def test_events_come_first_by_confidence_then_similarities_from_the_lowest():
    rows = [
        _signal("tone", "negative", 0.9),
        _signal("risk_change", "tfidf_cosine", 0.95),
        _signal("event", "going_concern", 1.0, 0.7, "text_event"),
        _signal("risk_change", "tfidf_cosine", 0.41),
        _signal("event", "item_5.02", 1.0, 0.99, "item"),
        _signal("risk_change", "headings_added", 3.0, category="heading_count"),
    ]
    chosen = notable(rows, limit=3)  # type: ignore[arg-type]
    assert [(s["name"], s["value"]) for s in chosen] == [("item_5.02", 1.0), ("going_concern", 1.0),
                                                         ("tfidf_cosine", 0.41)]
    assert notable([_signal("tone", "negative", 0.9)]) == []  # type: ignore[list-item]
