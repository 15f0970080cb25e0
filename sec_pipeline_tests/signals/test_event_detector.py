"""The learned event detector: candidates, classifier verdicts, exact rules, subject check, evidence signals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sec_pipeline.signals.event_detector import EVIDENCE_FAMILY, EventDetector
from sec_pipeline.signals.event_model import CLASSES, EventClassifier


@dataclass
class KeywordClassifier(EventClassifier):
    """An EventClassifier whose probabilities come from a phrase table instead of a network (test double)."""

    phrases: dict[str, str] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.seen += texts
        out = []
        for text in texts:
            probs = dict.fromkeys(CLASSES, 0.05)
            for phrase, event in self.phrases.items():
                if phrase in text:
                    probs[event] = 0.9
            out.append(probs)
        return out


def detector(**phrases: str) -> tuple[EventDetector, KeywordClassifier]:
    classifier = KeywordClassifier(model=None, tokenizer=None, thresholds={"default": 0.5}, version="v1",
                                   phrases={k.replace("_", " "): v for k, v in phrases.items()})
    return EventDetector(classifier), classifier


SECTION = ("Goodwill impairment charges were $12 million in 2023, reflecting lower demand. Revenue grew 4% on "
           "higher volumes in every region we serve. The decrease in operating income was driven by the impairment "
           "of the Acme trade name. One of our largest customers filed a voluntary petition under Chapter 11 in "
           "2023.")


def test_every_asserting_sentence_is_evidence_and_value_counts_them():
    found, classifier = detector(impairment_charges="impairment", the_impairment="impairment",
                                 voluntary_petition="bankruptcy")
    signals = found.detect_filing("10-K", {"7": SECTION})
    (summary,) = [s for s in signals if s.family == "event"]
    evidence = [s for s in signals if s.family == EVIDENCE_FAMILY]
    assert (summary.name, summary.category, summary.value) == ("impairment", "impairment", 2.0)
    assert summary.evidence.startswith("Goodwill impairment charges") and summary.model_version == "v1"
    assert [s.name for s in evidence] == ["impairment_1", "impairment_2"]
    assert all(SECTION[s.evidence_start:s.evidence_end] == s.evidence for s in evidence)
    assert all(s.confidence == 0.9 for s in evidence)
    # the customer's Chapter 11 fails the subject check; "Revenue grew" is no candidate, so never classified
    assert not any("Revenue grew" in text for text in classifier.seen)


def test_exact_rules_assert_what_the_classifier_misses():
    found, _ = detector()
    text = ("On March 3, 2024, the Audit Committee dismissed Deloitte & Touche LLP as the Company's independent "
            "registered public accounting firm.")
    names = {s.name for s in found.detect_filing("8-K", {"4.01": text}) if s.family == "event"}
    assert names == {"auditor_change"}


def test_rule_hypotheticals_stay_risk_mentions():
    found, _ = detector()
    text = ("If we are unable to raise additional capital, there could be substantial doubt about our ability to "
            "continue as a going concern.")
    (signal,) = found.detect_filing("10-K", {"1A": text})
    assert (signal.name, signal.category, signal.confidence) == ("going_concern_risk_mention", "risk_mention", 0.3)


def test_events_dated_before_the_reported_periods_are_not_asserted():
    found, _ = detector(was_appointed="officer_change")
    text = ("Mr. Lee was appointed Chief Financial Officer in March 2011. Ms. Diaz was appointed Chief Executive "
            "Officer effective January 1, 2016.")
    evidence = [s for s in found.detect_filing("10-K", {"1": text}, report_year=2015)
                if s.family == EVIDENCE_FAMILY]
    assert [s.evidence for s in evidence] == ["Ms. Diaz was appointed Chief Executive Officer effective January 1, "
                                              "2016."]
    # without a report year nothing is dated out
    assert len([s for s in found.detect_filing("10-K", {"1": text}) if s.family == EVIDENCE_FAMILY]) == 2
