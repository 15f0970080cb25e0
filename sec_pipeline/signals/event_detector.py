"""The learned text event detector: candidate sentences from broad patterns, the fine-tuned classifier on
them (rule verdicts in its input), exact rules where they are exact, and a subject check.

A candidate asserts an event when the classifier's probability reaches the folder's threshold, or when a rule
asserts it and the classifier confirms it at the lower `rule` threshold, or when an exact rule asserts it
(`asserted_events`; both thresholds are chosen on the validation split by `signals.event_training`). An event
that the sentence dates before the filing's reported periods is not asserted (`signals.event_dates`).

Per section it returns one `event` signal per asserted event (`value` the number of asserting sentences,
`evidence` the first of them, `confidence` the highest probability) and one `event_evidence` signal per
asserting sentence (`<event>_<n>`, its text, offsets and probability), so every sentence is stored. Rule
hypotheticals with no assertion of that event stay one `<event>_risk_mention` signal, as the rules give them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass

from sec_pipeline.signals.event_dates import dated_before_report
from sec_pipeline.signals.event_features import (
    candidate_events,
    model_input,
    other_company_subject,
    rule_markers,
)
from sec_pipeline.signals.event_model import EventClassifier
from sec_pipeline.signals.events import FAMILY, RISK_MENTION_CONFIDENCE, TEXT_EVENTS
from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.text import Sentence, is_table_like, split_prose_sentences
from sec_pipeline.vocabulary.signals import EVENT_EVIDENCE_FAMILY

EVIDENCE_FAMILY = EVENT_EVIDENCE_FAMILY
MODEL = "event-classifier"
# Events whose rules asserted only true events on the train and validation labels (precision 1.0): their
# rule verdict counts as an assertion whatever the classifier says (benchmarks/results/events.json).
EXACT_RULE_EVENTS = frozenset({"going_concern", "auditor_change", "delisting"})
# The auditor's report wording of an adverse opinion on internal control is exact too.
_ADVERSE_OPINION = re.compile(r"adverse opinion[^.]{0,260}material weakness|material weakness[^.]{0,200}"
                              r"adverse opinion", re.I)
_MIN_SENTENCE_CHARS = 25


def asserted_events(sentence: str, markers: list[str], probs: dict[str, float],
                    thresholds: dict[str, float], report_year: int | None = None) -> list[str]:
    """The events one candidate sentence asserts for the registrant, most probable first: the classifier's
    (probability >= `thresholds["default"]`), the rules' that the classifier confirms (>= `thresholds["rule"]`,
    never when absent) and the exact rules'; none when the subject check finds another company's event, and
    none that the sentence dates before the reported periods of a filing whose `report_year` is known."""
    if other_company_subject(sentence):
        return []
    default, rule = thresholds.get("default", 0.5), thresholds.get("rule")
    events = sorted((e for e in TEXT_EVENTS if probs[e] >= thresholds.get(e, default)), key=lambda e: -probs[e])
    for marker in markers:
        event, verdict = marker.split()
        exact = event in EXACT_RULE_EVENTS or (event == "material_weakness" and _ADVERSE_OPINION.search(sentence))
        confirmed = rule is not None and probs[event] >= rule
        if verdict == "event" and (exact or confirmed) and event not in events:
            events.append(event)
    return [e for e in events if not dated_before_report(sentence, e, report_year)]


@dataclass(frozen=True)
class _Finding:
    event: str
    sentence: Sentence
    confidence: float


@dataclass
class EventDetector:
    """The learned detector over a loaded `EventClassifier`."""

    classifier: EventClassifier

    @property
    def version(self) -> str:
        """The classifier's version (its content hash in the model store)."""
        return self.classifier.version

    def detect_filing(self, form: str, texts: Mapping[str, str], report_year: int | None = None) -> list[Signal]:
        """Text event signals of every section of one filing ({item: text}) whose reported period's year is
        `report_year` (None: unknown), one batched model call."""
        started = time.perf_counter()
        jobs: list[tuple[str, Sentence, list[str]]] = []
        for item, text in texts.items():
            for sentence in split_prose_sentences(text):
                if len(sentence.text) >= _MIN_SENTENCE_CHARS and candidate_events(sentence.text) \
                        and not is_table_like(sentence.text):
                    jobs.append((item, sentence, rule_markers(sentence.text)))
        probs = self.classifier.probabilities([model_input(s.text, form, item, m) for item, s, m in jobs])
        found: dict[str, list[_Finding]] = {}
        mentions: dict[str, dict[str, Sentence]] = {}
        for (item, sentence, markers), p in zip(jobs, probs, strict=True):
            for event in self.asserted(sentence.text, markers, p, report_year):
                found.setdefault(item, []).append(_Finding(event, sentence, p[event]))
            for marker in markers:
                event, verdict = marker.split()
                if verdict == "risk_mention":
                    mentions.setdefault(item, {}).setdefault(event, sentence)
        latency = (time.perf_counter() - started) / max(1, len(texts))
        out: list[Signal] = []
        for item in texts:
            out += self._section_signals(item, found.get(item, []), mentions.get(item, {}), latency)
        return out

    def asserted(self, sentence: str, markers: list[str], probs: dict[str, float],
                 report_year: int | None = None) -> list[str]:
        """The events one candidate sentence asserts for the registrant (`asserted_events` at this model's
        thresholds)."""
        return asserted_events(sentence, markers, probs, self.classifier.thresholds, report_year)

    def _section_signals(self, item: str, findings: list[_Finding], mentions: dict[str, Sentence],
                         latency: float) -> list[Signal]:
        out: list[Signal] = []
        for event in TEXT_EVENTS:
            hits = [f for f in findings if f.event == event]
            if hits:
                first = hits[0]
                out.append(self._signal(item, FAMILY, event, event, first.sentence, float(len(hits)),
                                        max(h.confidence for h in hits), latency))
                out += [self._signal(item, EVIDENCE_FAMILY, f"{event}_{n}", event, h.sentence, 1.0, h.confidence,
                                     latency) for n, h in enumerate(hits, 1)]
            elif event in mentions:
                out.append(self._signal(item, FAMILY, f"{event}_risk_mention", "risk_mention", mentions[event],
                                        1.0, RISK_MENTION_CONFIDENCE, latency, label=event))
        return out

    def _signal(self, section: str, family: str, name: str, category: str, sentence: Sentence, value: float,
                confidence: float, latency: float, label: str | None = None) -> Signal:
        return Signal(section=section, family=family, name=name, category=category, value=value,
                      label=label or category, confidence=round(confidence, 4), evidence=sentence.text,
                      evidence_start=sentence.start, evidence_end=sentence.end, model=MODEL,
                      model_version=self.version, tier="model", latency_s=latency)
