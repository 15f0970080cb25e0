"""Scoring the text event detectors on the company-disjoint test split of the event labels.

Per sentence: each labeled sentence is classified by itself (rules: the rule verdicts on it; learned: the
learned detector's verdict on it, candidates only) and its asserted events compared with the label's. Per
filing and event type: the events a detector asserts on any labeled sentence of a filing against the events
the labels assert in that filing (the labels are the only gold there is, so sentences nobody labeled are
not scored).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sec_pipeline.signals.event_detector import EventDetector
from sec_pipeline.signals.event_features import candidate_events, rule_markers
from sec_pipeline.signals.event_training import EventLabel, filing_scores, sentence_scores

Verdicts = Callable[[Sequence[EventLabel]], list[list[str]]]


def rule_verdicts(labels: Sequence[EventLabel]) -> list[list[str]]:
    """The events the rules assert on each sentence."""
    return [[m.split()[0] for m in rule_markers(lab.text) if m.endswith(" event")] for lab in labels]


def learned_verdicts(detector: EventDetector) -> Verdicts:
    """The events the learned detector asserts on each sentence (nothing for a non-candidate)."""
    def verdicts(labels: Sequence[EventLabel]) -> list[list[str]]:
        jobs = [(i, lab) for i, lab in enumerate(labels) if candidate_events(lab.text)]
        probs = detector.classifier.probabilities([lab.input for _i, lab in jobs])
        out: list[list[str]] = [[] for _ in labels]
        for (i, lab), p in zip(jobs, probs, strict=True):
            out[i] = detector.asserted(lab.text, lab.markers, p, lab.report_year)
        return out
    return verdicts


def compare(labels: Sequence[EventLabel], detectors: dict[str, Verdicts]) -> dict[str, Any]:
    """Per-sentence (all and clear-only) and per-filing scores of each detector on the same sentences."""
    out: dict[str, Any] = {}
    gold = [lab.events for lab in labels]
    clear = [i for i, lab in enumerate(labels) if lab.clarity == "clear"]
    for name, verdicts in detectors.items():
        predicted = verdicts(labels)
        out[name] = {
            "sentence": sentence_scores(gold, predicted),
            "sentence_clear": sentence_scores([gold[i] for i in clear], [predicted[i] for i in clear]),
            "filing": filing_scores(labels, predicted),
            "errors": [{"text": lab.text[:200], "gold": list(lab.events), "predicted": p, "path": lab.path}
                       for lab, p in zip(labels, predicted, strict=True) if set(p) != set(lab.events)],
        }
    return out
